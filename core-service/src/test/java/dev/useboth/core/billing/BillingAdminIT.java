package dev.useboth.core.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.useboth.core.CoreTestDatabase;
import dev.useboth.schema.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Subscriptions, invoices and webhook events in the admin, their filters and their actions. */
@SpringBootTest
@AutoConfigureMockMvc
@Import(CoreTestDatabase.class)
class BillingAdminIT {

    static final RequestPostProcessor STAFF = user("billing-staff@example.test").roles("STAFF");
    static final RequestPostProcessor ADMIN = user("billing-admin@example.test").roles("ADMIN");

    @Autowired
    MockMvc mvc;

    @Autowired
    SubscriptionService subscriptions;

    @Autowired
    InvoiceRepository invoices;

    @Test
    void staffCancelASubscriptionFoundByFilters() throws Exception {
        UUID userId = BillingFixtures.newUser();
        String plan = BillingFixtures.newPlan("adminpro", 1500, "month", 0);
        Subscription subscription = subscriptions.subscribe(userId, plan).subscription();
        long planId = subscription.getPlan().getId();

        mvc.perform(get("/admin/subscriptions")
                        .param("q", userId.toString())
                        .param("f_status", "ACTIVE")
                        .param("f_plan", String.valueOf(planId))
                        .with(STAFF))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("1 subscription<")))
                .andExpect(content().string(Matchers.containsString("href=\"/admin/plans/" + planId + "\"")))
                .andExpect(content().string(Matchers.containsString("href=\"/admin/users/" + userId + "\"")));

        mvc.perform(post("/admin/subscriptions/actions/run")
                        .with(STAFF)
                        .with(csrf())
                        .param("action", "cancel")
                        .param("ids", subscription.getId().toString()))
                .andExpect(status().is3xxRedirection());
        assertThat(subscriptions.current(userId).orElseThrow().isCancelAtPeriodEnd())
                .isTrue();
        mvc.perform(get("/admin/subscriptions/" + subscription.getId() + "/history")
                        .with(STAFF))
                .andExpect(content().string(Matchers.containsString("Action: cancel")))
                .andExpect(content().string(Matchers.containsString("billing-staff@example.test")));
        mvc.perform(get("/admin/subscriptions/" + subscription.getId() + "/delete")
                        .with(ADMIN))
                .andExpect(status().isForbidden());
    }

    @Test
    void staffMarkAnOpenInvoicePaidAndCannotVoidItAfterwards() throws Exception {
        UUID userId = BillingFixtures.newUser();
        String plan = BillingFixtures.newPlan("adminbasic", 990, "month", 0);
        subscriptions.subscribe(userId, plan);
        Invoice invoice = invoices.findAll().stream()
                .filter(i -> i.getUserId().equals(userId))
                .findFirst()
                .orElseThrow();

        mvc.perform(get("/admin/invoices")
                        .param("q", userId.toString())
                        .param("f_status", "OPEN")
                        .with(STAFF))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("1 invoice<")))
                .andExpect(content().string(Matchers.containsString("€9.90")));
        mvc.perform(get("/admin/invoices").param("f_issuedAt", "today").with(STAFF))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString(invoice.getNumber())));

        mvc.perform(post("/admin/invoices/actions")
                        .with(STAFF)
                        .with(csrf())
                        .param("action", "mark-paid")
                        .param("ids", invoice.getId().toString()))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Mark paid: 1 invoice")));
        mvc.perform(post("/admin/invoices/actions/run")
                        .with(STAFF)
                        .with(csrf())
                        .param("action", "mark-paid")
                        .param("ids", invoice.getId().toString()))
                .andExpect(status().is3xxRedirection());
        assertThat(invoices.findById(invoice.getId()).orElseThrow().getStatus()).isEqualTo(InvoiceStatus.PAID);
        assertThat(recordedBy(invoice.getId())).isEqualTo("billing-staff@example.test");

        mvc.perform(post("/admin/invoices/actions/run")
                        .with(STAFF)
                        .with(csrf())
                        .param("action", "void")
                        .param("ids", invoice.getId().toString())
                        .param("back", "/admin/invoices/" + invoice.getId()))
                .andExpect(status().is3xxRedirection())
                .andExpect(result -> assertThat(result.getFlashMap().get("error"))
                        .asString()
                        .contains("cannot be voided", "Nothing was changed."));
        assertThat(invoices.findById(invoice.getId()).orElseThrow().getStatus()).isEqualTo(InvoiceStatus.PAID);
        mvc.perform(get("/admin/invoices/" + invoice.getId() + "/history").with(STAFF))
                .andExpect(content().string(Matchers.containsString("Action: mark-paid")))
                .andExpect(content().string(Matchers.containsString("<del>OPEN</del> → <ins>PAID</ins>")));
        mvc.perform(get("/admin").with(STAFF)).andExpect(content().string(Matchers.containsString("MRR in EUR")));
    }

    @Test
    void showsWebhookEventsReadOnly() throws Exception {
        String eventId = "evt_" + UUID.randomUUID();
        long id;
        try (Connection c = TestDatabase.migrated().connectAsOwner();
                PreparedStatement s = c.prepareStatement("insert into webhook_events (provider, event_id, event_type,"
                        + " payload) values ('stripe', ?, 'invoice.paid', '{\"amount\": 990}'::jsonb) returning id")) {
            s.setString(1, eventId);
            ResultSet rs = s.executeQuery();
            rs.next();
            id = rs.getLong(1);
        }
        mvc.perform(get("/admin/webhook-events")
                        .param("q", eventId)
                        .param("f_status", "received")
                        .with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("1 webhook event<")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("name=\"action\""))));
        mvc.perform(get("/admin/webhook-events/" + id).with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("amount")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("/edit\""))));
        mvc.perform(get("/admin/webhook-events/" + id + "/edit").with(ADMIN)).andExpect(status().isForbidden());
        mvc.perform(get("/admin/webhook-events/" + id + "/delete").with(ADMIN)).andExpect(status().isForbidden());
    }

    private static String recordedBy(UUID invoiceId) throws Exception {
        try (Connection c = TestDatabase.migrated().connectAsOwner();
                PreparedStatement s = c.prepareStatement(
                        "select recorded_by from payments where invoice_id = ? and status = 'succeeded'")) {
            s.setObject(1, invoiceId);
            ResultSet rs = s.executeQuery();
            rs.next();
            return rs.getString(1);
        }
    }
}
