package dev.useboth.core.admin;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The figures on /admin. Aggregates over several modules' tables are read straight from the
 * schema in one place, read-only, rather than adding a reporting method to each module.
 */
@Component
class AdminDashboard {

    private final JdbcClient jdbc;

    AdminDashboard(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Mrr(String currency, String amount, long subscriptions) {}

    record SignUp(UUID id, String email, String name, String when) {}

    record FailedPayment(UUID invoiceId, String invoice, String email, String amount, String reason, String when) {}

    record Summary(
            long users,
            long newUsersThisWeek,
            long activeSubscriptions,
            long trialingSubscriptions,
            List<Mrr> mrr,
            List<SignUp> signUps,
            List<FailedPayment> failedPayments) {}

    @Transactional(readOnly = true)
    Summary summary() {
        Locale locale = LocaleContextHolder.getLocale();
        long users = jdbc.sql("select count(*) from users").query(Long.class).single();
        long newUsers = jdbc.sql("select count(*) from users where created_at >= now() - interval '7 days'")
                .query(Long.class)
                .single();
        long active = jdbc.sql("select count(*) from subscriptions where status in ('active', 'past_due')")
                .query(Long.class)
                .single();
        long trialing = jdbc.sql("select count(*) from subscriptions where status = 'trialing'")
                .query(Long.class)
                .single();
        // Monthly recurring revenue of paying subscriptions: a yearly plan counts a twelfth of
        // its price, rounded to the minor unit. One figure per currency: they are never added up.
        List<Mrr> mrr = jdbc.sql("""
                        select p.currency,
                               round(sum(case p.billing_interval when 'year' then p.price_minor / 12.0
                                                                 else p.price_minor end))::bigint as mrr,
                               count(*) as subscriptions
                          from subscriptions s join plans p on p.id = s.plan_id
                         where s.status in ('active', 'past_due')
                         group by p.currency
                         order by p.currency
                        """)
                .query((rs, i) -> new Mrr(
                        rs.getString("currency"),
                        Money.format(rs.getLong("mrr"), rs.getString("currency"), locale),
                        rs.getLong("subscriptions")))
                .list();
        List<SignUp> signUps = jdbc.sql(
                        "select id, email, display_name, created_at from users order by created_at desc, id limit 10")
                .query((rs, i) -> new SignUp(
                        rs.getObject("id", UUID.class),
                        rs.getString("email"),
                        rs.getString("display_name"),
                        Values.instant(rs.getTimestamp("created_at").toInstant())))
                .list();
        List<FailedPayment> failed = jdbc.sql("""
                        select i.id as invoice_id, i.number, u.email, pm.amount_minor, pm.currency,
                               pm.failure_reason, pm.created_at
                          from payments pm
                          join invoices i on i.id = pm.invoice_id
                          join users u on u.id = i.user_id
                         where pm.status = 'failed'
                         order by pm.created_at desc
                         limit 10
                        """)
                .query((rs, i) -> new FailedPayment(
                        rs.getObject("invoice_id", UUID.class),
                        rs.getString("number") == null ? "draft" : rs.getString("number"),
                        rs.getString("email"),
                        Money.format(rs.getLong("amount_minor"), rs.getString("currency"), locale),
                        rs.getString("failure_reason") == null ? Values.NONE : rs.getString("failure_reason"),
                        Values.instant(rs.getTimestamp("created_at").toInstant())))
                .list();
        return new Summary(users, newUsers, active, trialing, mrr, signUps, failed);
    }
}
