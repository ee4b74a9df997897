package dev.useboth.core.admin;

import static dev.useboth.core.admin.AdminPagesIT.plan;
import static dev.useboth.core.admin.AdminPagesIT.tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.billing.Plan;
import dev.useboth.schema.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The permission matrix, checked on the server for every generic page and action: admins may
 * do everything a model supports, staff may view everything and change what is granted, other
 * users never get in.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import({CoreTestDatabase.class, AdminPermissionsIT.ActionsOnPlans.class})
class AdminPermissionsIT {

    static final RequestPostProcessor ADMIN = user("perm-admin@example.test").roles("ADMIN");
    static final RequestPostProcessor STAFF = user("perm-staff@example.test").roles("STAFF");
    static final RequestPostProcessor CUSTOMER = user("perm-user@example.test").roles("USER");

    /** A second declaration of plans with actions, as a feature module would declare them. */
    @TestConfiguration(proxyBeanMethods = false)
    static class ActionsOnPlans {
        @Bean
        AdminResource<Plan> planActionsResource() {
            return AdminResource.of(Plan.class)
                    .slug("plan-actions")
                    .list("code", "name", "active")
                    .search("code")
                    .action("deactivate", "Deactivate", AdminPermission.CHANGE, plan -> plan.setActive(false))
                    .action("refuse", "Refuse", AdminPermission.CHANGE, plan -> {
                        throw new IllegalStateException("This plan refuses.");
                    })
                    .display(Plan::getCode)
                    .build();
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void sendsAnonymousVisitorsToSignIn() throws Exception {
        for (String path : new String[] {"/admin", "/admin/plans", "/admin/history"}) {
            mvc.perform(get(path))
                    .andExpect(result -> assertThat(result.getResponse().getStatus())
                            .as("anonymous " + path)
                            .isIn(302, 401));
        }
        mvc.perform(post("/admin/plans/actions/run").with(csrf()).param("action", "delete"))
                .andExpect(
                        result -> assertThat(result.getResponse().getStatus()).isIn(302, 401));
    }

    @Test
    void keepsOrdinaryUsersOut() throws Exception {
        long id = plan(tag(), "Customer view", 100, "EUR", "month");
        for (MockHttpServletRequestBuilder request : new MockHttpServletRequestBuilder[] {
            get("/admin"),
            get("/admin/plans"),
            get("/admin/plans/" + id),
            get("/admin/plans/" + id + "/history"),
            get("/admin/history")
        }) {
            mvc.perform(request.with(CUSTOMER)).andExpect(status().isForbidden());
        }
        mvc.perform(post("/admin/plans/" + id + "/edit")
                        .with(CUSTOMER)
                        .with(csrf())
                        .param("name", "x"))
                .andExpect(status().isForbidden());
    }

    @Test
    void letsStaffViewEverythingAndChangeOnlyWhatIsGranted() throws Exception {
        String code = tag();
        long id = plan(code, "Staff view " + code, 100, "EUR", "month");
        mvc.perform(get("/admin").with(STAFF)).andExpect(status().isOk());
        mvc.perform(get("/admin/plans").with(STAFF))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.not(Matchers.containsString("Add plan"))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("value=\"delete\""))));
        mvc.perform(get("/admin/plans/" + id).with(STAFF))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("/edit")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("/delete"))));
        mvc.perform(get("/admin/plans/" + id + "/history").with(STAFF)).andExpect(status().isOk());
        mvc.perform(get("/admin/history").with(STAFF)).andExpect(status().isOk());

        // Granted: staffCan(CHANGE) on plans.
        mvc.perform(get("/admin/plans/" + id + "/edit").with(STAFF)).andExpect(status().isOk());
        mvc.perform(post("/admin/plans/" + id + "/edit")
                        .with(STAFF)
                        .with(csrf())
                        .param("_version", "0")
                        .param("name", "Staff edit " + code)
                        .param("priceMinor", "1.00")
                        .param("trialDays", "0")
                        .param("active", "true"))
                .andExpect(status().is3xxRedirection());

        // Not granted: add and delete.
        mvc.perform(get("/admin/plans/add").with(STAFF)).andExpect(status().isForbidden());
        mvc.perform(post("/admin/plans/add").with(STAFF).with(csrf()).param("code", code + "x"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/admin/plans/" + id + "/delete").with(STAFF))
                .andExpect(status().isForbidden())
                .andExpect(content().string(Matchers.containsString("You may not delete plans.")));
        mvc.perform(post("/admin/plans/actions")
                        .with(STAFF)
                        .with(csrf())
                        .param("action", "delete")
                        .param("ids", String.valueOf(id)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/admin/plans/actions/run")
                        .with(STAFF)
                        .with(csrf())
                        .param("action", "delete")
                        .param("ids", String.valueOf(id)))
                .andExpect(status().isForbidden());
        assertThat(AdminPagesIT.count(code)).isEqualTo(1);

        // Actions need their permission too (CHANGE on plan-actions is not granted to staff).
        mvc.perform(post("/admin/plan-actions/actions")
                        .with(STAFF)
                        .with(csrf())
                        .param("action", "deactivate")
                        .param("ids", String.valueOf(id)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/admin/plan-actions/actions/run")
                        .with(STAFF)
                        .with(csrf())
                        .param("action", "deactivate")
                        .param("ids", String.valueOf(id)))
                .andExpect(status().isForbidden());
    }

    @Test
    void letsAdminsDoEverythingTheModelSupports() throws Exception {
        long id = plan(tag(), "Admin view", 100, "EUR", "month");
        mvc.perform(get("/admin/plans").with(ADMIN))
                .andExpect(content().string(Matchers.containsString("Add plan")))
                .andExpect(content().string(Matchers.containsString("value=\"delete\"")));
        mvc.perform(get("/admin/plans/add").with(ADMIN)).andExpect(status().isOk());
        mvc.perform(get("/admin/plans/" + id + "/edit").with(ADMIN)).andExpect(status().isOk());
        mvc.perform(get("/admin/plans/" + id + "/delete").with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Are you sure?")));
    }

    @Test
    void neverLetsAnyoneChangeTheHistory() throws Exception {
        plan(tag(), "For history", 100, "EUR", "month");
        String code = tag();
        mvc.perform(post("/admin/plans/add")
                        .with(ADMIN)
                        .with(csrf())
                        .param("code", code)
                        .param("name", "History " + code)
                        .param("currency", "EUR")
                        .param("priceMinor", "1")
                        .param("billingInterval", "month")
                        .param("trialDays", "0"))
                .andExpect(status().is3xxRedirection());
        long entry;
        try (Connection c = TestDatabase.migrated().connectAsOwner();
                ResultSet rs = c.createStatement()
                        .executeQuery("select id from admin_log_entries where object_repr = 'History " + code + "'")) {
            rs.next();
            entry = rs.getLong(1);
        }
        mvc.perform(get("/admin/history/" + entry).with(ADMIN)).andExpect(status().isOk());
        mvc.perform(get("/admin/history/add").with(ADMIN)).andExpect(status().isForbidden());
        mvc.perform(get("/admin/history/" + entry + "/edit").with(ADMIN)).andExpect(status().isForbidden());
        mvc.perform(get("/admin/history/" + entry + "/delete").with(ADMIN)).andExpect(status().isForbidden());
        mvc.perform(post("/admin/history/actions/run")
                        .with(ADMIN)
                        .with(csrf())
                        .param("action", "delete")
                        .param("ids", String.valueOf(entry)))
                .andExpect(status().isForbidden());
    }

    @Test
    void runsAnActionAfterItsConfirmationAndRecordsIt() throws Exception {
        String code = tag();
        long id = plan(code, "Action " + code, 100, "EUR", "month");
        mvc.perform(post("/admin/plan-actions/actions")
                        .with(ADMIN)
                        .with(csrf())
                        .param("action", "deactivate")
                        .param("ids", String.valueOf(id))
                        .param("back", "/admin/plan-actions?q=" + code))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Are you sure?")))
                .andExpect(content().string(Matchers.containsString("Deactivate: 1 plan")));
        assertThat(active(code)).isTrue();

        mvc.perform(post("/admin/plan-actions/actions/run")
                        .with(ADMIN)
                        .with(csrf())
                        .param("action", "deactivate")
                        .param("ids", String.valueOf(id))
                        .param("back", "https://evil.example/steal"))
                .andExpect(status().is3xxRedirection())
                .andExpect(result ->
                        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/admin/plan-actions"));
        assertThat(active(code)).isFalse();
        mvc.perform(get("/admin/plan-actions/" + id + "/history").with(ADMIN))
                .andExpect(content().string(Matchers.containsString("Action: deactivate")))
                .andExpect(content().string(Matchers.containsString("<del>Yes</del> → <ins>No</ins>")));
    }

    @Test
    void rollsBackAFailedActionAndSaysWhy() throws Exception {
        String code = tag();
        long id = plan(code, "Refused " + code, 100, "EUR", "month");
        mvc.perform(post("/admin/plan-actions/actions/run")
                        .with(ADMIN)
                        .with(csrf())
                        .param("action", "refuse")
                        .param("ids", String.valueOf(id))
                        .param("back", "/admin/plan-actions/" + id))
                .andExpect(status().is3xxRedirection())
                .andExpect(result -> assertThat(result.getFlashMap().get("error"))
                        .asString()
                        .contains("This plan refuses.", "Nothing was changed."));
    }

    @Test
    void asksToSelectSomethingBeforeAnAction() throws Exception {
        mvc.perform(post("/admin/plan-actions/actions")
                        .with(ADMIN)
                        .with(csrf())
                        .param("action", "deactivate")
                        .param("back", "/admin/plan-actions"))
                .andExpect(status().is3xxRedirection())
                .andExpect(result ->
                        assertThat(result.getFlashMap().get("error")).asString().contains("Select at least one"));
        mvc.perform(post("/admin/plan-actions/actions")
                        .with(ADMIN)
                        .with(csrf())
                        .param("action", "no-such-action")
                        .param("ids", "1"))
                .andExpect(status().isNotFound());
    }

    private static boolean active(String code) throws Exception {
        try (Connection c = TestDatabase.migrated().connectAsOwner();
                ResultSet rs =
                        c.createStatement().executeQuery("select active from plans where code = '" + code + "'")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
