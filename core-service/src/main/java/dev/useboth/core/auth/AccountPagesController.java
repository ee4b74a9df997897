package dev.useboth.core.auth;

import dev.useboth.core.common.FieldProblem;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The pages the email links open. Opening a link only shows a form: the token is used by the
 * form's POST (with CSRF), so that mail scanners that prefetch links cannot use it up.
 */
@Controller
class AccountPagesController {

    private final EmailVerification verification;
    private final PasswordReset passwordReset;

    AccountPagesController(EmailVerification verification, PasswordReset passwordReset) {
        this.verification = verification;
        this.passwordReset = passwordReset;
    }

    @GetMapping(EmailVerification.PAGE)
    String verifyEmailForm(@RequestParam(defaultValue = "") String token, Model model) {
        model.addAttribute("token", token);
        return "auth/verify-email";
    }

    @PostMapping(EmailVerification.PAGE)
    String verifyEmail(@RequestParam(defaultValue = "") String token, Model model) {
        boolean verified = !token.isBlank() && token.length() <= 200 && verification.verify(token);
        return message(
                model,
                verified ? "Email confirmed" : "This link does not work",
                verified
                        ? "Thank you: your email address is confirmed."
                        : "The link is invalid, was already used or has expired.");
    }

    @GetMapping(PasswordReset.PAGE)
    String resetForm(@RequestParam(defaultValue = "") String token, Model model) {
        if (token.isBlank() || token.length() > 200 || !passwordReset.isValid(token)) {
            return invalidResetLink(model);
        }
        model.addAttribute("token", token);
        model.addAttribute("errors", List.of());
        return "auth/reset-password";
    }

    @PostMapping(PasswordReset.PAGE)
    String reset(
            @RequestParam(defaultValue = "") String token,
            @RequestParam(defaultValue = "") String password,
            Model model) {
        if (token.isBlank() || token.length() > 200) {
            return invalidResetLink(model);
        }
        if (password.length() > AuthRequests.MAX_PASSWORD) {
            return resetAgain(model, token, List.of(new FieldProblem("password", "is too long")));
        }
        return switch (passwordReset.confirm(token, password, "password")) {
            case PasswordReset.Outcome.Done done ->
                message(model, "Password changed", "Your password is changed. Sign in with the new one.");
            case PasswordReset.Outcome.InvalidToken invalid -> invalidResetLink(model);
            case PasswordReset.Outcome.WeakPassword weak -> resetAgain(model, token, weak.problems());
        };
    }

    private String resetAgain(Model model, String token, List<FieldProblem> errors) {
        model.addAttribute("token", token);
        model.addAttribute("errors", errors.stream().map(FieldProblem::message).toList());
        return "auth/reset-password";
    }

    private String invalidResetLink(Model model) {
        return message(
                model,
                "This link does not work",
                "The link is invalid, was already used or has expired. Ask for a new one.");
    }

    private static String message(Model model, String title, String text) {
        model.addAttribute("title", title);
        model.addAttribute("text", text);
        return "auth/message";
    }
}
