package dev.useboth.core.hardening;

import static dev.useboth.core.auth.ApiClient.json;
import static dev.useboth.core.auth.ApiClient.object;
import static dev.useboth.core.billing.BillingTestHooks.all;

import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.auth.ApiClient;
import dev.useboth.core.auth.BrowserSession;
import dev.useboth.core.auth.TestUsers;
import dev.useboth.core.auth.TestUsers.TestUser;
import dev.useboth.core.billing.BillingTestHooks;
import dev.useboth.schema.testing.SuiteSummary;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Nothing is counted twice, and nothing is silently overwritten, when the same thing happens at
 * the same time. Each race is started by threads released at one moment, over real HTTP where a
 * client would race: the same payment-provider event delivered 50 times at once (one effect; the
 * Stripe adapter's race, in {@code StripeDuplicateDeliveries}), two subscribe
 * calls of one user (one subscription and one invoice; the other call 409, or 200 when it saw the
 * winner's subscription), the renewal job run twice in a row and twice at once (one invoice), and
 * four staff members saving the same plan from the same form (one saved; each other told 409 "now
 * saved as", the winner's change kept). Every assertion is a case of the suite: prints
 * {@code [suite] concurrency core: ...}.
 *
 * <p>Invoice numbering under concurrent issuers stays in {@code BillingConcurrencyIT}; the race
 * between a checkout event and an invoice event creating one subscription in
 * {@code StripeWebhookIT}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
class ConcurrencyIT {

    static final String PLAN = BillingTestHooks.newPlan("race", 2500, "month", 0, "projects=25");
    static final Pattern VERSION = Pattern.compile("name=\"_version\"\\s+value=\"(\\d+)\"");

    /**
     * A race that needs a payment provider's webhooks. The Stripe adapter is optional
     * ({@code scripts/Init.java --without-stripe} deletes every {@code Stripe*.java}), so its race
     * lives in {@code StripeDuplicateDeliveries} and joins the suite when that class exists.
     */
    interface WebhookRace {
        void configure(DynamicPropertyRegistry registry);

        void race(ConcurrencyIT test) throws Exception;
    }

    static final Optional<WebhookRace> PAYMENT_PROVIDER = webhookRace("StripeDuplicateDeliveries");

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        PAYMENT_PROVIDER.ifPresent(race -> race.configure(registry));
    }

    private static Optional<WebhookRace> webhookRace(String simpleName) {
        try {
            Class<?> type = Class.forName(ConcurrencyIT.class.getPackageName() + "." + simpleName);
            return Optional.of((WebhookRace) type.getDeclaredConstructor().newInstance());
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static final SuiteSummary SUITE = SuiteSummary.named("concurrency core");

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    @AfterAll
    static void summary() {
        SUITE.finish();
    }

    @Test
    void duplicateWebhookDeliveriesMakeOneEffect() throws Exception {
        Assumptions.assumeTrue(PAYMENT_PROVIDER.isPresent(), "no payment provider with webhooks in this build");
        PAYMENT_PROVIDER.get().race(this);
    }

    @Test
    void twoConcurrentSubscribeCallsOfOneUserMakeOneSubscription() throws Exception {
        ApiClient api = new ApiClient(port);
        // Five users, each racing two calls: a race that is lost only rarely gets five chances to show.
        for (int round = 1; round <= 5; round++) {
            TestUser user = users.create();
            List<Object> outcomes = all(
                    2,
                    () -> api.post(
                            "/api/v1/billing/subscription", object("planCode", PLAN), "Authorization", user.bearer()));
            String race = "double subscribe (round " + round + "): ";
            long created = outcomes.stream().filter(r -> status(r) == 201).count();
            SUITE.check(race + "exactly one 201", created == 1, statuses(outcomes));
            // The loser either saw the winner's subscription (no change: 200, the same one) or raced it (409).
            SUITE.check(
                    race + "the other 409, or 200 with the same subscription",
                    outcomes.stream()
                            .allMatch(r ->
                                    status(r) == 201 || status(r) == 409 || (status(r) == 200 && sameId(outcomes))),
                    statuses(outcomes));
            SUITE.check(
                    race + "a 409 is problem+json",
                    outcomes.stream()
                            .filter(r -> status(r) == 409)
                            .allMatch(r -> ((HttpResponse<?>) r)
                                    .headers()
                                    .firstValue("Content-Type")
                                    .orElse("")
                                    .startsWith("application/problem+json")),
                    "");
            SUITE.check(
                    race + "one subscription",
                    count("select count(*) from subscriptions where user_id = ?", user.id()) == 1,
                    "");
            SUITE.check(
                    race + "one invoice", count("select count(*) from invoices where user_id = ?", user.id()) == 1, "");
        }
    }

    @Test
    void theRenewalJobRunTwiceIssuesOneInvoice() throws Exception {
        TestUser user = users.create();
        ApiClient api = new ApiClient(port);
        var subscribed = json(
                api.post("/api/v1/billing/subscription", object("planCode", PLAN), "Authorization", user.bearer()));
        Instant periodEnd = Instant.parse(subscribed.get("currentPeriodEnd").asString());
        Instant after = periodEnd.plusSeconds(60);

        BillingTestHooks.renew(context, after);
        BillingTestHooks.renew(context, after);
        // and twice at the same time, as two replicas without the lock would
        all(2, () -> {
            BillingTestHooks.renew(context, after);
            return null;
        });

        int cycles = count(
                "select count(*) from invoices where user_id = ? and billing_reason = 'subscription_cycle'", user.id());
        SUITE.check("renewal run twice in a row and twice at once: one renewal invoice", cycles == 1, cycles + "");
        Instant start = jdbc.sql("select current_period_start from subscriptions where user_id = ?")
                .param(user.id())
                .query(java.time.OffsetDateTime.class)
                .single()
                .toInstant();
        SUITE.check("renewal run twice: the period moved on once", start.equals(periodEnd), start + " vs " + periodEnd);
    }

    @Test
    void concurrentAdminEditsOfOnePlanSaveOneAndTellTheOthers() throws Exception {
        String code = BillingTestHooks.newPlan("edit", 1500, "month", 0);
        long id = jdbc.sql("select id from plans where code = ?")
                .param(code)
                .query(Long.class)
                .single();
        long version = jdbc.sql("select version from plans where code = ?")
                .param(code)
                .query(Long.class)
                .single();
        List<TestUser> editors = List.of(
                users.create(Role.ADMIN), users.create(Role.ADMIN), users.create(Role.STAFF), users.create(Role.STAFF));

        // Each opens the same form, then all save at once.
        List<BrowserSession> sessions = new ArrayList<>();
        List<Map<String, String>> forms = new ArrayList<>();
        for (int i = 0; i < editors.size(); i++) {
            BrowserSession session = users.signIn(port, editors.get(i));
            HttpResponse<String> form = session.get("/admin/plans/" + id + "/edit");
            Matcher matcher = VERSION.matcher(form.body());
            SUITE.check(
                    "admin edits: editor " + i + " gets the form",
                    form.statusCode() == 200 && matcher.find(),
                    "status " + form.statusCode());
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("_csrf", session.csrfToken());
            fields.put("_version", matcher.group(1));
            fields.put("name", "Editor " + i + " " + code);
            fields.put("priceMinor", "15.00");
            fields.put("trialDays", "0");
            fields.put("active", "true");
            sessions.add(session);
            forms.add(fields);
        }
        List<Integer> next = new ArrayList<>(List.of(0, 1, 2, 3));
        List<Object> answers = all(editors.size(), () -> {
            int i;
            synchronized (next) {
                i = next.removeFirst();
            }
            return new Object[] {i, sessions.get(i).postFormWithoutCsrf("/admin/plans/" + id + "/edit", forms.get(i))};
        });

        List<Integer> saved = new ArrayList<>();
        List<HttpResponse<?>> told = new ArrayList<>();
        for (Object answer : answers) {
            Object[] pair = (Object[]) answer;
            HttpResponse<?> response = (HttpResponse<?>) pair[1];
            if (response.statusCode() == 302) {
                saved.add((Integer) pair[0]);
            } else {
                told.add(response);
            }
        }
        SUITE.check("admin edits: exactly one of four saved", saved.size() == 1, "saved: " + saved);
        if (saved.size() != 1) {
            return;
        }
        String winner = "Editor " + saved.getFirst() + " " + code;
        for (HttpResponse<?> response : told) {
            String body = response.body().toString();
            SUITE.check(
                    "admin edits: a losing save is answered 409",
                    response.statusCode() == 409,
                    "status " + response.statusCode());
            SUITE.check(
                    "admin edits: the loser is told someone else changed the plan",
                    body.contains("Someone else changed this plan"),
                    "no conflict message");
            SUITE.check(
                    "admin edits: the loser sees what is now saved",
                    body.contains("Now saved as: " + winner),
                    "no \"Now saved as: " + winner + "\"");
        }
        String name = jdbc.sql("select name from plans where id = ?")
                .param(id)
                .query(String.class)
                .single();
        long after = jdbc.sql("select version from plans where id = ?")
                .param(id)
                .query(Long.class)
                .single();
        SUITE.check("admin edits: the winner's change is kept, not overwritten", winner.equals(name), name);
        SUITE.check("admin edits: one new version", after == version + 1, version + " -> " + after);
        int logged = count(
                "select count(*) from admin_log_entries where resource = 'plans' and object_id = ?"
                        + " and action = 'change'",
                String.valueOf(id));
        SUITE.check("admin edits: one change in the history", logged == 1, logged + " entries");
    }

    int count(String sql, Object param) {
        return jdbc.sql(sql).param(param).query(Integer.class).single();
    }

    static int status(Object response) {
        return ((HttpResponse<?>) response).statusCode();
    }

    static String body(Object response) {
        return String.valueOf(((HttpResponse<?>) response).body());
    }

    static String statuses(List<Object> responses) {
        return responses.stream().map(r -> String.valueOf(status(r))).toList().toString();
    }

    /** Whether every successful answer names the same subscription. */
    private static boolean sameId(List<Object> outcomes) {
        return outcomes.stream()
                        .filter(r -> status(r) == 200 || status(r) == 201)
                        .map(r -> json((HttpResponse<String>) r).get("id").asString())
                        .distinct()
                        .count()
                == 1;
    }
}
