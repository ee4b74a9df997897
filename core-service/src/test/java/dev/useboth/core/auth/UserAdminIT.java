package dev.useboth.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.useboth.core.CoreTestDatabase;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.accounts.User;
import dev.useboth.core.accounts.UserRepository;
import dev.useboth.core.auth.TestUsers.TestUser;
import dev.useboth.schema.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The users' admin declaration: search, filters, the deactivate action, no password anywhere. */
@SpringBootTest
@AutoConfigureMockMvc
@Import(CoreTestDatabase.class)
class UserAdminIT {

    static final RequestPostProcessor ADMIN = user("users-admin@example.test").roles("ADMIN");
    static final RequestPostProcessor STAFF = user("users-staff@example.test").roles("STAFF");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestUsers users;

    @Autowired
    UserRepository repository;

    @Test
    void findsUsersByEmailAndFiltersThemByRoleWithoutEverShowingAPassword() throws Exception {
        TestUser staff = users.create(Role.STAFF);
        TestUser customer = users.create();
        String page = mvc.perform(get("/admin/users").param("q", staff.email()).with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("1 user<")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains(staff.email(), "STAFF, USER").doesNotContain(customer.email());
        // The "Send password reset" action is there; the hash, its label and its field are not.
        assertThat(page.toLowerCase()).doesNotContain("$argon2", "passwordhash", "password hash", "password_hash");

        mvc.perform(get("/admin/users")
                        .param("f_roles", "STAFF")
                        .param("q", "example.test")
                        .with(ADMIN))
                .andExpect(content().string(Matchers.containsString(staff.email())))
                .andExpect(content().string(Matchers.not(Matchers.containsString(customer.email()))));

        String detail = mvc.perform(get("/admin/users/" + customer.id()).with(ADMIN))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(detail.toLowerCase()).doesNotContain("$argon2", "passwordhash", "password hash", "password_hash");
        mvc.perform(get("/admin/users/" + customer.id() + "/edit").with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.not(Matchers.containsStringIgnoringCase("password"))));
        mvc.perform(get("/admin/users").param("sort", "passwordHash").with(ADMIN))
                .andExpect(status().isOk());
    }

    @Test
    void deactivatesSelectedUsersAndLetsAdminsGrantRoles() throws Exception {
        TestUser customer = users.create();
        mvc.perform(post("/admin/users/actions/run")
                        .with(ADMIN)
                        .with(csrf())
                        .param("action", "deactivate")
                        .param("ids", customer.id().toString()))
                .andExpect(status().is3xxRedirection());
        assertThat(repository.findById(customer.id()).orElseThrow().isActive()).isFalse();

        long version = repository.findById(customer.id()).orElseThrow().getVersion();
        mvc.perform(post("/admin/users/" + customer.id() + "/edit")
                        .with(ADMIN)
                        .with(csrf())
                        .param("_version", String.valueOf(version))
                        .param("displayName", "Promoted")
                        .param("roles", "USER", "STAFF")
                        .param("active", "true")
                        .param("emailVerified", "true"))
                .andExpect(status().is3xxRedirection());
        User changed = repository.findById(customer.id()).orElseThrow();
        assertThat(changed.getRoles()).containsExactlyInAnyOrder(Role.USER, Role.STAFF);
        assertThat(changed.isActive()).isTrue();
        mvc.perform(get("/admin/users/" + customer.id() + "/history").with(ADMIN))
                .andExpect(content().string(Matchers.containsString("Action: deactivate")))
                .andExpect(content().string(Matchers.containsString("<del>USER</del> → <ins>STAFF, USER</ins>")));
    }

    @Test
    void sendsAPasswordResetLinkWithoutAnyoneSeeingThePassword() throws Exception {
        TestUser customer = users.create();
        mvc.perform(post("/admin/users/actions")
                        .with(ADMIN)
                        .with(csrf())
                        .param("action", "send-password-reset")
                        .param("ids", customer.id().toString()))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Send password reset: 1 user")));
        mvc.perform(post("/admin/users/actions/run")
                        .with(ADMIN)
                        .with(csrf())
                        .param("action", "send-password-reset")
                        .param("ids", customer.id().toString()))
                .andExpect(status().is3xxRedirection())
                .andExpect(result -> assertThat(result.getFlashMap().get("message"))
                        .asString()
                        .isEqualTo("Send password reset: done for 1 user."));
        // The link is issued off the request thread (the same timing whether or not the account exists).
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (resetTokens(customer.id()) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(resetTokens(customer.id())).isEqualTo(1);
        mvc.perform(get("/admin/users/" + customer.id() + "/history").with(ADMIN))
                .andExpect(content().string(Matchers.containsString("Action: send-password-reset")));
    }

    private static int resetTokens(java.util.UUID userId) throws Exception {
        try (Connection c = TestDatabase.migrated().connectAsOwner();
                PreparedStatement s = c.prepareStatement(
                        "select count(*) from one_time_tokens where user_id = ? and purpose = 'PASSWORD_RESET'")) {
            s.setObject(1, userId);
            ResultSet rs = s.executeQuery();
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void keepsAnAdminFromLockingThemselvesOut() throws Exception {
        TestUser admin = users.create(Role.STAFF, Role.ADMIN);
        RequestPostProcessor self = user(admin.email()).roles("STAFF", "ADMIN");
        mvc.perform(post("/admin/users/actions/run")
                        .with(self)
                        .with(csrf())
                        .param("action", "deactivate")
                        .param("ids", admin.id().toString()))
                .andExpect(status().is3xxRedirection())
                .andExpect(result -> assertThat(result.getFlashMap().get("error"))
                        .asString()
                        .contains("You cannot deactivate yourself"));
        long version = repository.findById(admin.id()).orElseThrow().getVersion();
        mvc.perform(post("/admin/users/" + admin.id() + "/edit")
                        .with(self)
                        .with(csrf())
                        .param("_version", String.valueOf(version))
                        .param("displayName", "Me")
                        .param("roles", "USER", "STAFF")
                        .param("active", "true")
                        .param("emailVerified", "true"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(Matchers.containsString("remove your own ADMIN role")));
        User unchanged = repository.findById(admin.id()).orElseThrow();
        assertThat(unchanged.isActive()).isTrue();
        assertThat(unchanged.getRoles()).contains(Role.ADMIN);
    }

    @Test
    void neverLetsStaffChangeUsersAndNobodyAddOrDeleteThem() throws Exception {
        TestUser customer = users.create();
        mvc.perform(get("/admin/users/" + customer.id()).with(STAFF)).andExpect(status().isOk());
        mvc.perform(get("/admin/users/" + customer.id() + "/edit").with(STAFF)).andExpect(status().isForbidden());
        mvc.perform(post("/admin/users/actions/run")
                        .with(STAFF)
                        .with(csrf())
                        .param("action", "deactivate")
                        .param("ids", customer.id().toString()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/admin/users/add").with(ADMIN)).andExpect(status().isForbidden());
        mvc.perform(get("/admin/users/" + customer.id() + "/delete").with(ADMIN))
                .andExpect(status().isForbidden());
        assertThat(repository.findById(customer.id()).orElseThrow().isActive()).isTrue();
    }
}
