package dev.useboth.core.billing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A user's subscription to a plan for one period at a time. The schema allows one live
 * (not canceled) subscription per user; {@code version} makes concurrent changes fail instead
 * of overwriting each other.
 */
@Entity
@Table(name = "subscriptions")
class Subscription {

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    private UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "plan_id", nullable = false)
    private Plan plan;

    @Column(nullable = false, length = 16)
    private SubscriptionStatus status;

    @Column(name = "current_period_start", nullable = false)
    private Instant currentPeriodStart;

    @Column(name = "current_period_end", nullable = false)
    private Instant currentPeriodEnd;

    @Column(name = "cancel_at_period_end", nullable = false)
    private boolean cancelAtPeriodEnd;

    /** A downgrade waiting for the end of the period. */
    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "pending_plan_id")
    private Plan pendingPlan;

    @Column(name = "canceled_at")
    private Instant canceledAt;

    @Column(nullable = false, length = 20)
    private String provider;

    @Column(name = "provider_subscription_id")
    private String providerSubscriptionId;

    /** The creation time of the newest provider event applied (older ones are ignored). */
    @Column(name = "provider_event_at")
    private Instant providerEventAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private Long version;

    protected Subscription() {}

    Subscription(
            UUID userId,
            Plan plan,
            SubscriptionStatus status,
            Instant periodStart,
            Instant periodEnd,
            String provider,
            Instant now) {
        this.userId = userId;
        this.plan = plan;
        this.status = status;
        this.currentPeriodStart = periodStart;
        this.currentPeriodEnd = periodEnd;
        this.provider = provider;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Switches to {@code newPlan} now, starting a new period; any pending change is dropped. */
    void switchPlan(Plan newPlan, Instant periodStart, Instant periodEnd, Instant now) {
        this.plan = newPlan;
        this.pendingPlan = null;
        this.cancelAtPeriodEnd = false;
        this.currentPeriodStart = periodStart;
        this.currentPeriodEnd = periodEnd;
        touch(now);
    }

    /** Switches to {@code newPlan} within the current period (a trial keeps its end). */
    void replacePlan(Plan newPlan, Instant now) {
        this.plan = newPlan;
        this.pendingPlan = null;
        this.cancelAtPeriodEnd = false;
        touch(now);
    }

    void scheduleDowngrade(Plan newPlan, Instant now) {
        this.pendingPlan = newPlan;
        this.cancelAtPeriodEnd = false;
        touch(now);
    }

    /** Undoes a scheduled cancellation or downgrade: the subscription simply goes on. */
    void resume(Instant now) {
        this.pendingPlan = null;
        this.cancelAtPeriodEnd = false;
        touch(now);
    }

    void cancelAtPeriodEnd(Instant now) {
        this.cancelAtPeriodEnd = true;
        this.pendingPlan = null;
        touch(now);
    }

    /** Starts the next period, on the pending plan if a downgrade waits. */
    void advancePeriod(Instant periodEnd, Instant now) {
        if (pendingPlan != null) {
            plan = pendingPlan;
            pendingPlan = null;
        }
        currentPeriodStart = currentPeriodEnd;
        currentPeriodEnd = periodEnd;
        status = SubscriptionStatus.ACTIVE;
        touch(now);
    }

    void markPastDue(Instant now) {
        status = SubscriptionStatus.PAST_DUE;
        touch(now);
    }

    void markActive(Instant now) {
        status = SubscriptionStatus.ACTIVE;
        touch(now);
    }

    void cancel(Instant canceledAt, Instant now) {
        status = SubscriptionStatus.CANCELED;
        this.canceledAt = canceledAt;
        this.pendingPlan = null;
        touch(now);
    }

    /** Takes the state a payment provider reports (Stripe owns the cycle of its subscriptions). */
    void applyProviderState(
            Plan plan,
            SubscriptionStatus status,
            Instant periodStart,
            Instant periodEnd,
            boolean cancelAtPeriodEnd,
            Instant eventAt,
            Instant now) {
        this.plan = plan;
        if (pendingPlan != null && pendingPlan.getId().equals(plan.getId())) {
            pendingPlan = null;
        }
        this.status = status;
        if (periodStart != null && periodEnd != null && periodEnd.isAfter(periodStart)) {
            this.currentPeriodStart = periodStart;
            this.currentPeriodEnd = periodEnd;
        }
        this.cancelAtPeriodEnd = cancelAtPeriodEnd;
        if (status == SubscriptionStatus.CANCELED && canceledAt == null) {
            canceledAt = eventAt;
        }
        this.providerEventAt = eventAt;
        touch(now);
    }

    void linkProvider(String provider, String providerSubscriptionId) {
        this.provider = provider;
        this.providerSubscriptionId = providerSubscriptionId;
    }

    /** Whether a provider event created at {@code eventAt} is older than the state we hold. */
    boolean isNewerThan(Instant eventAt) {
        return providerEventAt != null && providerEventAt.isAfter(eventAt);
    }

    private void touch(Instant now) {
        this.updatedAt = now;
    }

    UUID getId() {
        return id;
    }

    UUID getUserId() {
        return userId;
    }

    Plan getPlan() {
        return plan;
    }

    SubscriptionStatus getStatus() {
        return status;
    }

    Instant getCurrentPeriodStart() {
        return currentPeriodStart;
    }

    Instant getCurrentPeriodEnd() {
        return currentPeriodEnd;
    }

    boolean isCancelAtPeriodEnd() {
        return cancelAtPeriodEnd;
    }

    Plan getPendingPlan() {
        return pendingPlan;
    }

    Instant getCanceledAt() {
        return canceledAt;
    }

    String getProvider() {
        return provider;
    }

    String getProviderSubscriptionId() {
        return providerSubscriptionId;
    }

    Long getVersion() {
        return version;
    }
}
