package dev.useboth.core.billing;

import java.time.Instant;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

/** A provider that reports payments by webhook: verifies deliveries and applies their events. */
interface WebhookReceiver {

    String id();

    /** Whether it is configured; an unconfigured provider's webhook path answers 404. */
    boolean enabled();

    /**
     * Checks the delivery's signature and parses it.
     *
     * @throws dev.useboth.core.common.ApiProblemException 400 when the signature, its age or the
     *     payload is not right
     */
    ProviderEvent verify(String payload, HttpHeaders headers);

    /** Applies a verified event, once (the caller stores it first, in the same transaction). */
    Outcome apply(ProviderEvent event);

    /**
     * A verified provider event.
     *
     * @param created when the provider created it (orders events that arrive out of order)
     * @param object the event's data object
     */
    record ProviderEvent(String id, String type, Instant created, String payload, JsonNode object) {}

    enum Outcome {
        /** The event changed our state. */
        PROCESSED,
        /** Nothing to do: an event type we do not handle, or older than the state we have. */
        IGNORED
    }

    /** An event that cannot be applied (e.g. it names a user or a price we do not know). */
    class UnprocessableEvent extends RuntimeException {
        UnprocessableEvent(String message) {
            super(message);
        }
    }
}
