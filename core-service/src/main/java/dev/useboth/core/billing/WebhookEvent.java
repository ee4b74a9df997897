package dev.useboth.core.billing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A stored provider event, as the admin shows it. Read-only: {@link WebhookService} writes the
 * table with plain SQL, and nothing changes an event through JPA.
 */
@Entity
@Immutable
@Table(name = "webhook_events")
class WebhookEvent {

    @Id
    private Long id;

    @Column(nullable = false, length = 20)
    private String provider;

    @Column(name = "event_id", nullable = false)
    private String eventId;

    @Column(name = "event_type", nullable = false, length = 100)
    private String eventType;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    private String payload;

    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    @Column(name = "processed_at")
    private Instant processedAt;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(length = 500)
    private String error;

    protected WebhookEvent() {}

    String getEventType() {
        return eventType;
    }

    String getEventId() {
        return eventId;
    }
}
