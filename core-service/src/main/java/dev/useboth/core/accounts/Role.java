package dev.useboth.core.accounts;

/** What a user may do. Spring Security sees each as the authority {@code ROLE_<name>}. */
public enum Role {
    USER,
    STAFF,
    ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }
}
