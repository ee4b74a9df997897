package dev.useboth.hotpath.invoices;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The keyset position after an invoice: its {@code created_at} and {@code id} (the order of the
 * index), opaque to clients as base64url.
 */
record InvoiceCursor(Instant createdAt, UUID id) {

    static final String PATTERN = "[A-Za-z0-9_-]{1,120}";

    String encode() {
        long micros = createdAt.getEpochSecond() * 1_000_000 + createdAt.getNano() / 1_000;
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor, or null when the text is not one this service issued. */
    static InvoiceCursor decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            int colon = plain.indexOf(':');
            if (colon < 1) {
                return null;
            }
            long micros = Long.parseLong(plain.substring(0, colon));
            UUID id = UUID.fromString(plain.substring(colon + 1));
            return new InvoiceCursor(
                    Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L),
                    id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
