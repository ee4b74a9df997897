package dev.useboth.core.billing;

import static dev.useboth.core.billing.BillingFixtures.newPlan;
import static dev.useboth.core.billing.BillingFixtures.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.common.ApiProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The whole life of a manual subscription, on the real schema. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
class SubscriptionLifecycleIT {

    @Autowired
    SubscriptionService subscriptions;

    @Autowired
    InvoiceService invoices;

    @Autowired
    RenewalJob renewal;

    @Autowired
    EntitlementReads entitlements;

    @Autowired
    JdbcClient jdbc;

    @Test
    void subscribeInvoicePayRenewFallPastDueAndCancel() {
        UUID user = newUser();
        String plan = newPlan("pro", 1900, "month", 0, "projects=50", "support.email");

        SubscriptionService.Change change = subscriptions.subscribe(user, plan);
        assertThat(change.created()).isTrue();
        Subscription subscription = change.subscription();
        assertThat(subscription.getStatus()).isEqualTo(SubscriptionStatus.ACTIVE);

        InvoicePage first = invoices.list(user, 10, null);
        assertThat(first.items()).hasSize(1);
        InvoiceResponse opening = first.items().getFirst();
        assertThat(opening.status()).isEqualTo("open");
        assertThat(opening.billingReason()).isEqualTo("subscription_create");
        assertThat(opening.totalMinor()).isEqualTo(1900);
        assertThat(opening.amountFormatted()).isEqualTo("€19.00");
        assertThat(opening.number()).matches("\\d{4}-\\d{6}");
        assertThat(opening.lines()).hasSize(1);

        assertThat(entitlements.forUser(user).features())
                .extracting(EntitlementsResponse.Feature::key)
                .containsExactly("projects", "support.email");

        InvoiceResponse paid = invoices.markPaid(opening.id(), "staff@example.test");
        assertThat(paid.status()).isEqualTo("paid");
        assertThat(paid.paidAt()).isNotNull();
        assertThatThrownBy(() -> invoices.markPaid(opening.id(), "staff@example.test"))
                .isInstanceOfSatisfying(
                        ApiProblemException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT));
        assertThat(payments(opening.id())).isEqualTo(1);

        // The period ends: the next one starts and is invoiced.
        Instant end = subscription.getCurrentPeriodEnd();
        renewal.run(end.plusSeconds(1));
        Subscription renewed = subscriptions.current(user).orElseThrow();
        assertThat(renewed.getCurrentPeriodStart()).isEqualTo(end);
        assertThat(renewed.getStatus()).isEqualTo(SubscriptionStatus.ACTIVE);
        InvoicePage second = invoices.list(user, 10, null);
        assertThat(second.items()).hasSize(2);
        InvoiceResponse cycle = second.items().getFirst();
        assertThat(cycle.billingReason()).isEqualTo("subscription_cycle");
        assertThat(cycle.status()).isEqualTo("open");
        assertThat(cycle.periodStart()).isEqualTo(end);

        // Unpaid past the grace period (3 days by default): past due, still entitled.
        renewal.run(end.plus(Duration.ofDays(4)));
        assertThat(subscriptions.current(user).orElseThrow().getStatus()).isEqualTo(SubscriptionStatus.PAST_DUE);
        assertThat(entitlements.forUser(user).status()).isEqualTo("past_due");

        // Cancelled: it runs to the end of the period, then ends.
        Subscription canceling = subscriptions.cancel(user);
        assertThat(canceling.isCancelAtPeriodEnd()).isTrue();
        renewal.run(renewed.getCurrentPeriodEnd().plusSeconds(1));
        assertThat(subscriptions.current(user)).isEmpty();
        EntitlementsResponse none = entitlements.forUser(user);
        assertThat(none.plan()).isNull();
        assertThat(none.features()).isEmpty();
        assertThat(jdbc.sql("select status from subscriptions where id = :id")
                        .param("id", subscription.getId())
                        .query(String.class)
                        .single())
                .isEqualTo("canceled");
    }

    @Test
    void payingTheOverdueInvoiceMakesAPastDueSubscriptionActiveAgain() {
        UUID user = newUser();
        String plan = newPlan("pro", 1500, "month", 0, "projects=5");
        Subscription subscription = subscriptions.subscribe(user, plan).subscription();

        renewal.run(subscription.getCurrentPeriodStart().plus(Duration.ofDays(4)));
        assertThat(subscriptions.current(user).orElseThrow().getStatus()).isEqualTo(SubscriptionStatus.PAST_DUE);

        UUID invoice = invoices.list(user, 1, null).items().getFirst().id();
        invoices.markPaid(invoice, "staff@example.test");
        assertThat(subscriptions.current(user).orElseThrow().getStatus()).isEqualTo(SubscriptionStatus.ACTIVE);
    }

    @Test
    void aTrialStartsWithoutAnInvoiceAndIsBilledWhenItEnds() {
        UUID user = newUser();
        String plan = newPlan("trial", 900, "month", 14, "projects=10");

        Subscription trial = subscriptions.subscribe(user, plan).subscription();
        assertThat(trial.getStatus()).isEqualTo(SubscriptionStatus.TRIALING);
        assertThat(Duration.between(trial.getCurrentPeriodStart(), trial.getCurrentPeriodEnd()))
                .isEqualTo(Duration.ofDays(14));
        assertThat(invoices.list(user, 10, null).items()).isEmpty();
        assertThat(entitlements.forUser(user).status()).isEqualTo("trialing");

        renewal.run(trial.getCurrentPeriodEnd().plusSeconds(1));
        assertThat(subscriptions.current(user).orElseThrow().getStatus()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(invoices.list(user, 10, null).items())
                .singleElement()
                .satisfies(i -> assertThat(i.billingReason()).isEqualTo("subscription_cycle"));
    }

    @Test
    void aFreePlanNeverIssuesAnInvoice() {
        UUID user = newUser();
        Subscription free = subscriptions
                .subscribe(user, newPlan("free", 0, "month", 0, "projects=1"))
                .subscription();
        renewal.run(free.getCurrentPeriodEnd().plusSeconds(1));
        assertThat(invoices.list(user, 10, null).items()).isEmpty();
        assertThat(subscriptions.current(user).orElseThrow().getStatus()).isEqualTo(SubscriptionStatus.ACTIVE);
    }

    @Test
    void voidingAnInvoiceLeavesNothingOwedAndAPaidOneCannotBeVoided() {
        UUID user = newUser();
        subscriptions.subscribe(user, newPlan("pro", 1000, "month", 0));
        UUID invoice = invoices.list(user, 1, null).items().getFirst().id();

        assertThat(invoices.voidInvoice(invoice, "staff@example.test").status()).isEqualTo("void");
        assertThatThrownBy(() -> invoices.markPaid(invoice, "staff@example.test"))
                .isInstanceOfSatisfying(
                        ApiProblemException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT));
        assertThatThrownBy(() -> invoices.voidInvoice(UUID.randomUUID(), "staff@example.test"))
                .isInstanceOfSatisfying(
                        ApiProblemException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND));
    }

    @Test
    void invoicesPageNewestFirstWithACursor() {
        UUID user = newUser();
        String plan = newPlan("pro", 1000, "month", 0);
        Subscription subscription = subscriptions.subscribe(user, plan).subscription();
        // Three more periods: four invoices in all.
        Instant end = subscription.getCurrentPeriodEnd();
        renewal.run(end.plus(Duration.ofDays(70)));

        InvoicePage one = invoices.list(user, 3, null);
        assertThat(one.items()).hasSize(3);
        assertThat(one.nextCursor()).isNotNull();
        InvoicePage two = invoices.list(user, 3, one.nextCursor());
        assertThat(two.items()).hasSize(1);
        assertThat(two.nextCursor()).isNull();
        assertThat(two.items().getFirst().billingReason()).isEqualTo("subscription_create");
        assertThat(one.items().getFirst().periodStart())
                .isAfter(one.items().get(1).periodStart());

        assertThatThrownBy(() -> invoices.list(user, 3, "not-a-cursor"))
                .isInstanceOfSatisfying(
                        ApiProblemException.class, e -> assertThat(e.errors()).isNotEmpty());
        assertThatThrownBy(() -> invoices.list(user, 0, null)).isInstanceOf(ApiProblemException.class);
    }

    @Test
    void theScheduledRenewalWaitsWhileAnotherReplicaHoldsTheLock() {
        UUID user = newUser();
        Subscription subscription =
                subscriptions.subscribe(user, newPlan("pro", 1000, "month", 0)).subscription();
        // The period ended a minute ago (in real time, which the scheduled run uses).
        jdbc.sql("update subscriptions set current_period_start = now() - interval '1 month',"
                        + " current_period_end = now() - interval '1 minute' where id = :id")
                .param("id", subscription.getId())
                .update();
        // Another replica holds the job's lock (ShedLock's row, in the database's UTC time).
        jdbc.sql("delete from shedlock where name = 'billing-renewal'").update();
        jdbc.sql("insert into shedlock (name, lock_until, locked_at, locked_by) values ('billing-renewal',"
                        + " timezone('utc', now()) + interval '1 hour', timezone('utc', now()), 'other-replica')")
                .update();

        renewal.scheduled();
        assertThat(cycleInvoices(user)).isZero();

        // Its lock expires: this replica's run renews.
        jdbc.sql("update shedlock set lock_until = timezone('utc', now()) - interval '1 second'"
                        + " where name = 'billing-renewal'")
                .update();
        renewal.scheduled();
        assertThat(cycleInvoices(user)).isEqualTo(1);
        assertThat(jdbc.sql("select locked_by from shedlock where name = 'billing-renewal'")
                        .query(String.class)
                        .single())
                .isNotEqualTo("other-replica");
    }

    private int cycleInvoices(UUID user) {
        return jdbc.sql("select count(*) from invoices where user_id = :user and billing_reason = 'subscription_cycle'")
                .param("user", user)
                .query(Integer.class)
                .single();
    }

    private int payments(UUID invoiceId) {
        return jdbc.sql("select count(*) from payments where invoice_id = :id")
                .param("id", invoiceId)
                .query(Integer.class)
                .single();
    }
}
