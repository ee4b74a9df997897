package dev.useboth.core.billing;

import dev.useboth.core.billing.WebhookReceiver.Outcome;
import dev.useboth.core.billing.WebhookReceiver.ProviderEvent;
import dev.useboth.core.billing.WebhookReceiver.UnprocessableEvent;
import dev.useboth.core.common.ApiProblemException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Receives provider webhooks: verifies each delivery, stores the event by its provider id and
 * applies it in the same transaction, exactly once. Concurrent deliveries of one event meet on
 * the unique (provider, event_id): the first inserts and applies; the others wait for it to
 * commit, insert nothing, and answer "duplicate". If applying fails the whole transaction rolls
 * back and the event is not recorded: two different events about one subscription that race
 * answer 409, and the provider's retry applies the loser later.
 */
@Service
class WebhookService {

    private static final Logger log = LoggerFactory.getLogger(WebhookService.class);

    private final List<WebhookReceiver> receivers;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    WebhookService(List<WebhookReceiver> receivers, JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.receivers = receivers;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    /** What became of a delivery. */
    enum Result {
        PROCESSED,
        IGNORED,
        DUPLICATE,
        FAILED
    }

    Result receive(String provider, String payload, HttpHeaders headers) {
        WebhookReceiver receiver = receivers.stream()
                .filter(r -> r.id().equals(provider) && r.enabled())
                .findFirst()
                .orElseThrow(
                        () -> ApiProblemException.notFound("No payment provider '" + provider + "' is configured."));
        ProviderEvent event = receiver.verify(payload, headers);
        try {
            return store(receiver, provider, payload, event);
        } catch (OptimisticLockingFailureException | DataIntegrityViolationException e) {
            // Two events about the same subscription applied at once: this one rolled back,
            // unrecorded; the provider retries a non-2xx answer and the retry applies it.
            log.info("Webhook event {} {} raced another event; refused for a retry", provider, event.id());
            throw ApiProblemException.conflict("The event raced another one; deliver it again.");
        }
    }

    private Result store(WebhookReceiver receiver, String provider, String payload, ProviderEvent event) {
        return tx.execute(status -> {
            Optional<Long> stored = jdbc.sql("insert into webhook_events (provider, event_id, event_type, payload)"
                            + " values (:provider, :eventId, :type, cast(:payload as jsonb))"
                            + " on conflict (provider, event_id) do nothing returning id")
                    .param("provider", provider)
                    .param("eventId", event.id())
                    .param("type", event.type())
                    .param("payload", payload)
                    .query(Long.class)
                    .optional();
            if (stored.isEmpty()) {
                return Result.DUPLICATE;
            }
            Result result;
            String error = null;
            try {
                result = receiver.apply(event) == Outcome.PROCESSED ? Result.PROCESSED : Result.IGNORED;
            } catch (UnprocessableEvent e) {
                // Retrying will not help: keep it, marked failed, for staff to look at.
                log.warn(
                        "Webhook event {} {} ({}) cannot be applied: {}",
                        provider,
                        event.id(),
                        event.type(),
                        e.getMessage());
                result = Result.FAILED;
                error = e.getMessage();
            }
            jdbc.sql("update webhook_events set status = :status, processed_at = now(), error = :error where id = :id")
                    .param(
                            "status",
                            result == Result.PROCESSED ? "processed" : result == Result.FAILED ? "failed" : "ignored")
                    .param("error", error == null ? null : error.substring(0, Math.min(error.length(), 500)))
                    .param("id", stored.get())
                    .update();
            return result;
        });
    }
}
