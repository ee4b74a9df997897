package dev.useboth.core.admin;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One change made through the admin, like Django's LogEntry. Written once, never changed. */
@Entity
@Immutable
@Table(name = "admin_log_entries")
public class AdminLogEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt = Instant.now();

    @Column(name = "actor_id")
    private UUID actorId;

    @Column(name = "actor_email", nullable = false, length = 254)
    private String actorEmail;

    @Column(nullable = false, length = 64)
    private String resource;

    @Column(name = "object_id", nullable = false, length = 64)
    private String objectId;

    @Column(name = "object_repr", nullable = false, length = 200)
    private String objectRepr;

    @Column(nullable = false, length = 16)
    private String action;

    @Column(name = "action_name", length = 64)
    private String actionName;

    /** {@code {"field": {"before": "...", "after": "..."}}}, as display text. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    private String changes;

    protected AdminLogEntry() {}

    AdminLogEntry(
            UUID actorId,
            String actorEmail,
            String resource,
            String objectId,
            String objectRepr,
            String action,
            String actionName,
            String changes) {
        this.actorId = actorId;
        this.actorEmail = actorEmail;
        this.resource = resource;
        this.objectId = objectId;
        this.objectRepr = objectRepr.length() > 200 ? objectRepr.substring(0, 199) + "…" : objectRepr;
        this.action = action;
        this.actionName = actionName;
        this.changes = changes;
    }

    public Long getId() {
        return id;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getActorEmail() {
        return actorEmail;
    }

    public String getResource() {
        return resource;
    }

    public String getObjectId() {
        return objectId;
    }

    public String getObjectRepr() {
        return objectRepr;
    }

    public String getAction() {
        return action;
    }

    public String getActionName() {
        return actionName;
    }

    public String getChanges() {
        return changes;
    }

    @Override
    public String toString() {
        return action + " " + resource + " " + objectRepr;
    }
}
