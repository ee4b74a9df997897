package dev.useboth.core.accounts;

import java.util.Locale;

/** Emails are compared and stored lower-cased (the schema checks it). */
public final class Emails {

    private Emails() {}

    public static String normalize(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }
}
