package dev.useboth.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
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

/** The generic pages, driven by the plan and history declarations, against the real database. */
@SpringBootTest
@AutoConfigureMockMvc
@Import(CoreTestDatabase.class)
class AdminPagesIT {

    static final RequestPostProcessor ADMIN = user("pages-admin@example.test").roles("ADMIN");

    @Autowired
    MockMvc mvc;

    @Test
    void listsPlansWithCountFormattedMoneySearchFiltersAndSorting() throws Exception {
        String tag = tag();
        long cheap = plan(tag + "-cheap", "Cheap " + tag, 900, "EUR", "month");
        plan(tag + "-dear", "Dear " + tag, 123456, "USD", "year");

        mvc.perform(get("/admin/plans").param("q", tag).with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("2 plans")))
                .andExpect(content().string(Matchers.containsString("€9.00")))
                .andExpect(content().string(Matchers.containsString("$1,234.56")))
                .andExpect(content().string(Matchers.containsString("href=\"/admin/plans/" + cheap + "\"")));

        mvc.perform(get("/admin/plans")
                        .param("q", tag)
                        .param("f_billingInterval", "year")
                        .with(ADMIN))
                .andExpect(content().string(Matchers.containsString("1 plan<")))
                .andExpect(content().string(Matchers.containsString("Dear " + tag)))
                .andExpect(content().string(Matchers.not(Matchers.containsString("Cheap " + tag))));

        String sorted = mvc.perform(get("/admin/plans")
                        .param("q", tag)
                        .param("sort", "-priceMinor")
                        .with(ADMIN))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(sorted.indexOf("Dear " + tag)).isLessThan(sorted.indexOf("Cheap " + tag));
        assertThat(sorted).contains("aria-sort=\"descending\"");
    }

    @Test
    void paginatesLongLists() throws Exception {
        String tag = tag();
        for (int i = 0; i < AdminEngine.PAGE_SIZE + 2; i++) {
            plan(tag + "-" + i, "Paged " + i, 100 + i, "EUR", "month");
        }
        mvc.perform(get("/admin/plans").param("q", tag).with(ADMIN))
                .andExpect(content().string(Matchers.containsString("27 plans")))
                .andExpect(content().string(Matchers.containsString("Page 1 of 2")))
                .andExpect(content().string(Matchers.containsString("rel=\"next\"")));
        mvc.perform(get("/admin/plans").param("q", tag).param("page", "2").with(ADMIN))
                .andExpect(content().string(Matchers.containsString("Page 2 of 2")))
                .andExpect(content().string(Matchers.containsString("Paged 26")));
    }

    @Test
    void addsAPlanAndRecordsItInTheHistory() throws Exception {
        String code = tag();
        String location = mvc.perform(post("/admin/plans/add")
                        .with(ADMIN)
                        .with(csrf())
                        .param("code", code)
                        .param("name", "Added " + code)
                        .param("currency", "EUR")
                        .param("priceMinor", "19.90")
                        .param("billingInterval", "month")
                        .param("trialDays", "14")
                        .param("active", "true"))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        long id = idOf(code);
        assertThat(location).isEqualTo("/admin/plans/" + id);
        assertThat(priceOf(code)).isEqualTo(1990);
        mvc.perform(get(location).with(ADMIN)).andExpect(content().string(Matchers.containsString("€19.90")));
        mvc.perform(get(location + "/history").with(ADMIN))
                .andExpect(content().string(Matchers.containsString("Added")))
                .andExpect(content().string(Matchers.containsString("pages-admin@example.test")));
    }

    @Test
    void showsAMessageBesideEachInvalidFieldAndSavesOnceFixed() throws Exception {
        String code = tag();
        long id = plan(code, "Editable " + code, 900, "EUR", "month");
        long version = versionOf(code);

        mvc.perform(post("/admin/plans/" + id + "/edit")
                        .with(ADMIN)
                        .with(csrf())
                        .param("_version", String.valueOf(version))
                        .param("name", "")
                        .param("priceMinor", "nine")
                        .param("trialDays", "400"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(Matchers.containsString("This field is required.")))
                .andExpect(content().string(Matchers.containsString("Enter an amount like 9.00.")))
                .andExpect(content().string(Matchers.containsString("At most 365.")))
                .andExpect(content().string(Matchers.containsString("aria-invalid=\"true\"")))
                .andExpect(content().string(Matchers.containsString("value=\"nine\"")));
        assertThat(priceOf(code)).isEqualTo(900);

        mvc.perform(post("/admin/plans/" + id + "/edit")
                        .with(ADMIN)
                        .with(csrf())
                        .param("_version", String.valueOf(version))
                        .param("name", "Edited " + code)
                        .param("priceMinor", "12.50")
                        .param("trialDays", "7"))
                .andExpect(redirectedUrl("/admin/plans/" + id));
        assertThat(priceOf(code)).isEqualTo(1250);

        mvc.perform(get("/admin/plans/" + id + "/history").with(ADMIN))
                .andExpect(content().string(Matchers.containsString("Changed")))
                .andExpect(content().string(Matchers.containsString("€9.00")))
                .andExpect(content().string(Matchers.containsString("€12.50")))
                .andExpect(content().string(Matchers.containsString("Edited " + code)))
                // Unchecked box: the plan was deactivated, and the history says so.
                .andExpect(content().string(Matchers.containsString("<del>Yes</del> → <ins>No</ins>")));
    }

    @Test
    void refusesToOverwriteAChangeMadeMeanwhile() throws Exception {
        String code = tag();
        long id = plan(code, "Contended " + code, 900, "EUR", "month");
        long version = versionOf(code);
        try (Connection c = TestDatabase.migrated().connectAsOwner()) {
            c.createStatement()
                    .execute("update plans set name = 'Theirs " + code + "', version = version + 1 where code = '"
                            + code + "'");
        }
        mvc.perform(post("/admin/plans/" + id + "/edit")
                        .with(ADMIN)
                        .with(csrf())
                        .param("_version", String.valueOf(version))
                        .param("name", "Mine " + code)
                        .param("priceMinor", "9.00")
                        .param("trialDays", "0")
                        .param("active", "true"))
                .andExpect(status().isConflict())
                .andExpect(content().string(Matchers.containsString("Someone else changed this plan")))
                .andExpect(content().string(Matchers.containsString("Now saved as: Theirs " + code)))
                .andExpect(content().string(Matchers.containsString("value=\"" + (version + 1) + "\"")));
        assertThat(nameOf(code)).isEqualTo("Theirs " + code);
    }

    @Test
    void deletesSelectedPlansOnlyAfterConfirmation() throws Exception {
        String tag = tag();
        long a = plan(tag + "-a", "Doomed A " + tag, 100, "EUR", "month");
        long b = plan(tag + "-b", "Doomed B " + tag, 200, "EUR", "month");

        mvc.perform(post("/admin/plans/actions")
                        .with(ADMIN)
                        .with(csrf())
                        .param("action", "delete")
                        .param("ids", String.valueOf(a), String.valueOf(b))
                        .param("back", "/admin/plans?q=" + tag))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Are you sure?")))
                .andExpect(content().string(Matchers.containsString("Doomed A " + tag)))
                .andExpect(content().string(Matchers.containsString("Doomed B " + tag)));
        assertThat(count(tag + "-%")).isEqualTo(2);

        mvc.perform(post("/admin/plans/actions/run")
                        .with(ADMIN)
                        .with(csrf())
                        .param("action", "delete")
                        .param("ids", String.valueOf(a), String.valueOf(b)))
                .andExpect(redirectedUrl("/admin/plans"));
        assertThat(count(tag + "-%")).isZero();
        try (Connection c = TestDatabase.migrated().connectAsOwner();
                PreparedStatement s = c.prepareStatement(
                        "select count(*) from admin_log_entries where resource = 'plans' and action = 'delete'"
                                + " and object_id in (?, ?)")) {
            s.setString(1, String.valueOf(a));
            s.setString(2, String.valueOf(b));
            ResultSet rs = s.executeQuery();
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void explainsWhyAPlanInUseCannotBeDeleted() throws Exception {
        String code = tag();
        long id = plan(code, "In use " + code, 100, "EUR", "month");
        try (Connection c = TestDatabase.migrated().connectAsOwner()) {
            UUID user = UUID.randomUUID();
            c.createStatement()
                    .execute("insert into users (id, email, display_name, password_hash) values ('" + user + "', '"
                            + code + "@example.test', 'In use', 'x')");
            c.createStatement()
                    .execute("insert into subscriptions (user_id, plan_id, status, current_period_start,"
                            + " current_period_end) values ('" + user + "', " + id
                            + ", 'active', now(), now() + interval '1 month')");
        }
        mvc.perform(post("/admin/plans/actions/run")
                        .with(ADMIN)
                        .with(csrf())
                        .param("action", "delete")
                        .param("ids", String.valueOf(id))
                        .param("back", "/admin/plans/" + id))
                .andExpect(redirectedUrl("/admin/plans/" + id));
        assertThat(count(code)).isEqualTo(1);
        mvc.perform(get("/admin").with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("MRR in EUR")));
    }

    @Test
    void refusesAFormPostWithoutTheCsrfToken() throws Exception {
        long id = plan(tag(), "Csrf", 100, "EUR", "month");
        mvc.perform(post("/admin/plans/" + id + "/edit").with(ADMIN).param("name", "x"))
                .andExpect(status().isForbidden());
    }

    @Test
    void answersNotFoundForUnknownModelsAndObjects() throws Exception {
        mvc.perform(get("/admin/nothing").with(ADMIN)).andExpect(status().isNotFound());
        mvc.perform(get("/admin/plans/999999999").with(ADMIN)).andExpect(status().isNotFound());
        mvc.perform(get("/admin/plans/not-a-number").with(ADMIN)).andExpect(status().isNotFound());
    }

    @Test
    void servesItsOwnStylesheetAndScript() throws Exception {
        mvc.perform(get("/admin/admin.css").with(ADMIN)).andExpect(status().isOk());
        mvc.perform(get("/admin/admin.js").with(ADMIN)).andExpect(status().isOk());
    }

    @Test
    void showsTheHistoryAsAReadOnlyModel() throws Exception {
        String code = tag();
        mvc.perform(post("/admin/plans/add")
                        .with(ADMIN)
                        .with(csrf())
                        .param("code", code)
                        .param("name", "Logged " + code)
                        .param("currency", "EUR")
                        .param("priceMinor", "1")
                        .param("billingInterval", "month")
                        .param("trialDays", "0"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/admin/history").param("q", "Logged " + code).with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("1 history entry")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("Add history"))));
        mvc.perform(get("/admin/history")
                        .param("f_action", "create")
                        .param("f_createdAt", "today")
                        .with(ADMIN))
                .andExpect(status().isOk());
    }

    // ---------------------------------------------------------------- fixtures

    static String tag() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static long plan(String code, String name, long price, String currency, String interval) throws Exception {
        try (Connection c = TestDatabase.migrated().connectAsOwner();
                PreparedStatement s = c.prepareStatement(
                        "insert into plans (code, name, price_minor, currency, billing_interval) values (?, ?, ?, ?, ?)"
                                + " returning id")) {
            s.setString(1, code);
            s.setString(2, name);
            s.setLong(3, price);
            s.setString(4, currency);
            s.setString(5, interval);
            ResultSet rs = s.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    static long idOf(String code) throws Exception {
        return longQuery("select id from plans where code = ?", code);
    }

    static long priceOf(String code) throws Exception {
        return longQuery("select price_minor from plans where code = ?", code);
    }

    static long versionOf(String code) throws Exception {
        return longQuery("select version from plans where code = ?", code);
    }

    static long count(String codePattern) throws Exception {
        return longQuery("select count(*) from plans where code like ?", codePattern);
    }

    static String nameOf(String code) throws Exception {
        try (Connection c = TestDatabase.migrated().connectAsOwner();
                PreparedStatement s = c.prepareStatement("select name from plans where code = ?")) {
            s.setString(1, code);
            ResultSet rs = s.executeQuery();
            rs.next();
            return rs.getString(1);
        }
    }

    private static long longQuery(String sql, String param) throws Exception {
        try (Connection c = TestDatabase.migrated().connectAsOwner();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, param);
            ResultSet rs = s.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }
}
