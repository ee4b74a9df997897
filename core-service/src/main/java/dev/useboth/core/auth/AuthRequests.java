package dev.useboth.core.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The request bodies of the sign-in endpoints. */
final class AuthRequests {

    /** A plausible address: something@something.tld, no spaces; the mail it receives proves it. */
    static final String EMAIL = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";

    static final int MAX_PASSWORD = 128;

    private AuthRequests() {}

    record RegisterRequest(
            @NotBlank @Email(regexp = EMAIL) @Size(max = 254)
            String email,

            @NotBlank @Size(max = MAX_PASSWORD) String password,
            @NotBlank @Size(max = 100) String displayName) {}

    record TokenRequest(
            @NotBlank @Size(max = 254) String email,
            @NotBlank @Size(max = MAX_PASSWORD) String password) {}

    /** The token may also come as the refresh cookie (see {@link RefreshCookies}). */
    record RefreshRequest(
            @JsonProperty("refresh_token") @Size(max = 200) String refreshToken) {}

    record VerifyEmailRequest(@NotBlank @Size(max = 200) String token) {}

    record PasswordResetRequest(
            @NotBlank @Email(regexp = EMAIL) @Size(max = 254)
            String email) {}

    record PasswordResetConfirmRequest(
            @NotBlank @Size(max = 200) String token,
            @NotBlank @Size(max = MAX_PASSWORD) String password) {}

    record PasswordChangeRequest(
            @NotBlank @Size(max = MAX_PASSWORD) String currentPassword,
            @NotBlank @Size(max = MAX_PASSWORD) String newPassword) {}
}
