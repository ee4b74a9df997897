package dev.useboth.core.auth;

import dev.useboth.core.accounts.AccountPrincipal;
import dev.useboth.core.accounts.Role;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The browser sign-in page (Spring Security handles POST /login and POST /logout). */
@Controller
class LoginController {

    @GetMapping("/login")
    String login() {
        return "auth/login";
    }

    /** Where a sign-in lands without a saved page: the admin panel for staff, a short account page otherwise. */
    @GetMapping("/")
    String home(@AuthenticationPrincipal AccountPrincipal user, Model model) {
        if (user.roles().contains(Role.STAFF) || user.roles().contains(Role.ADMIN)) {
            return "redirect:/admin";
        }
        model.addAttribute("user", user);
        return "auth/home";
    }
}
