package dev.useboth.core.billing;

import static dev.useboth.core.billing.BillingFixtures.newPlan;
import static dev.useboth.core.billing.BillingFixtures.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.common.ApiProblemException;
import dev.useboth.schema.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;

/** The plan-change rule of {@link SubscriptionService}, and the change events it causes. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
class PlanChangeIT {

    @Autowired
    SubscriptionService subscriptions;

    @Autowired
    InvoiceService invoices;

    @Autowired
    RenewalJob renewal;

    @Autowired
    EntitlementReads entitlements;

    @Test
    void anUpgradeAppliesNowAndCreditsTheUnusedPartOfWhatWasPaid() {
        UUID user = newUser();
        String basic = newPlan("basic", 1000, "month", 0, "projects=5");
        String pro = newPlan("pro", 3000, "month", 0, "projects=50");
        subscriptions.subscribe(user, basic);
        invoices.markPaid(invoices.list(user, 1, null).items().getFirst().id(), "staff@example.test");

        SubscriptionService.Change change = subscriptions.subscribe(user, pro);

        assertThat(change.created()).isFalse();
        assertThat(change.subscription().getPlan().getCode()).isEqualTo(pro);
        InvoiceResponse update = invoices.list(user, 1, null).items().getFirst();
        assertThat(update.billingReason()).isEqualTo("subscription_update");
        assertThat(update.lines()).hasSize(2);
        assertThat(update.lines().get(0).amountMinor()).isEqualTo(3000);
        // Upgraded moments after paying: almost all of the 1000 comes back, rounded down.
        long credit = -update.lines().get(1).amountMinor();
        assertThat(credit).isBetween(990L, 1000L);
        assertThat(update.totalMinor()).isEqualTo(3000 - credit);
        assertThat(entitlements.forUser(user).plan()).isEqualTo(pro);
        assertThat(entitlements.forUser(user).features())
                .containsExactly(new EntitlementsResponse.Feature("projects", 50L));
    }

    @Test
    void anUpgradeOverAnUnpaidInvoiceVoidsItAndCreditsNothing() {
        UUID user = newUser();
        subscriptions.subscribe(user, newPlan("basic", 1000, "month", 0));
        UUID unpaid = invoices.list(user, 1, null).items().getFirst().id();

        subscriptions.subscribe(user, newPlan("pro", 3000, "month", 0));

        InvoicePage page = invoices.list(user, 10, null);
        assertThat(page.items()).hasSize(2);
        assertThat(page.items().get(0).totalMinor()).isEqualTo(3000);
        assertThat(page.items().get(0).lines()).hasSize(1);
        assertThat(page.items().get(1).id()).isEqualTo(unpaid);
        assertThat(page.items().get(1).status()).isEqualTo("void");
    }

    @Test
    void aDowngradeWaitsForTheEndOfThePeriod() {
        UUID user = newUser();
        String team = newPlan("team", 4900, "month", 0, "seats=10");
        String basic = newPlan("basic", 900, "month", 0, "seats=1");
        Subscription subscription = subscriptions.subscribe(user, team).subscription();

        Subscription pending = subscriptions.subscribe(user, basic).subscription();
        assertThat(pending.getPlan().getCode()).isEqualTo(team);
        assertThat(pending.getPendingPlan().getCode()).isEqualTo(basic);
        assertThat(entitlements.forUser(user).plan()).isEqualTo(team);

        renewal.run(subscription.getCurrentPeriodEnd().plusSeconds(1));

        Subscription renewed = subscriptions.current(user).orElseThrow();
        assertThat(renewed.getPlan().getCode()).isEqualTo(basic);
        assertThat(renewed.getPendingPlan()).isNull();
        assertThat(invoices.list(user, 1, null).items().getFirst().totalMinor()).isEqualTo(900);
        assertThat(entitlements.forUser(user).features())
                .containsExactly(new EntitlementsResponse.Feature("seats", 1L));
    }

    @Test
    void yearlyToMonthlyIsADowngradeAndMonthlyToYearlyAnUpgrade() {
        Plan monthly = new Plan("m", "M", 1000, "EUR", BillingInterval.month, 0);
        Plan yearly = new Plan("y", "Y", 10000, "EUR", BillingInterval.year, 0);
        Plan dearMonthly = new Plan("dm", "DM", 5000, "EUR", BillingInterval.month, 0);
        assertThat(SubscriptionService.isUpgrade(monthly, yearly)).isFalse(); // 100.00 < 12 × 10.00
        assertThat(SubscriptionService.isUpgrade(dearMonthly, yearly)).isFalse();
        assertThat(SubscriptionService.isUpgrade(yearly, dearMonthly)).isFalse();
        assertThat(SubscriptionService.isUpgrade(monthly, dearMonthly)).isTrue();
        assertThat(SubscriptionService.isUpgrade(monthly, new Plan("y2", "Y2", 20000, "EUR", BillingInterval.year, 0)))
                .isTrue();
    }

    @Test
    void choosingTheSamePlanAgainUndoesAScheduledCancellation() {
        UUID user = newUser();
        String plan = newPlan("pro", 1900, "month", 0);
        subscriptions.subscribe(user, plan);
        assertThat(subscriptions.cancel(user).isCancelAtPeriodEnd()).isTrue();

        SubscriptionService.Change again = subscriptions.subscribe(user, plan);

        assertThat(again.created()).isFalse();
        assertThat(again.subscription().isCancelAtPeriodEnd()).isFalse();
        assertThat(invoices.list(user, 10, null).items()).hasSize(1);
    }

    @Test
    void aPastDueSubscriptionCannotChangePlan() {
        UUID user = newUser();
        Subscription subscription = subscriptions
                .subscribe(user, newPlan("basic", 1000, "month", 0))
                .subscription();
        renewal.run(subscription.getCurrentPeriodStart().plus(Duration.ofDays(5)));

        assertThatThrownBy(() -> subscriptions.subscribe(user, newPlan("pro", 2000, "month", 0)))
                .isInstanceOfSatisfying(
                        ApiProblemException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT));
    }

    @Test
    void anUnknownPlanIsAFieldError() {
        assertThatThrownBy(() -> subscriptions.subscribe(newUser(), "no-such-plan"))
                .isInstanceOfSatisfying(
                        ApiProblemException.class,
                        e -> assertThat(e.errors())
                                .singleElement()
                                .satisfies(f -> assertThat(f.field()).isEqualTo("planCode")));
    }

    @Test
    void aPlanChangeNotifiesListenersOfEntitlementsChanged() throws Exception {
        UUID user = newUser();
        subscriptions.subscribe(user, newPlan("basic", 1000, "month", 0, "projects=1"));
        String pro = newPlan("pro", 2000, "month", 0, "projects=9");

        try (Connection listener = TestDatabase.migrated().connectAsCore();
                Statement s = listener.createStatement()) {
            s.execute("listen entitlements_changed");
            drain(listener);

            subscriptions.subscribe(user, pro);

            boolean received = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!received && System.nanoTime() < deadline) {
                PGNotification[] notifications =
                        listener.unwrap(PGConnection.class).getNotifications(500);
                if (notifications != null) {
                    for (PGNotification n : notifications) {
                        received |= n.getName().equals("entitlements_changed")
                                && n.getParameter().equals(user.toString());
                    }
                }
            }
            assertThat(received).as("entitlements_changed with the user's id").isTrue();
        }
    }

    private static void drain(Connection listener) throws Exception {
        listener.unwrap(PGConnection.class).getNotifications(50);
    }
}
