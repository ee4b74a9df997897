package dev.useboth.core.auth;

import dev.useboth.core.common.AuthProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * At start, creates the administrator of FIRST_ADMIN_EMAIL / FIRST_ADMIN_PASSWORD if no active
 * administrator exists yet. A password that fails the policy stops the start: an administrator
 * account is the last place for a weak one.
 */
@Component
class FirstAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

    private final AdminAccounts admins;
    private final AuthProperties.FirstAdmin settings;

    FirstAdmin(AdminAccounts admins, AuthProperties properties) {
        this.admins = admins;
        this.settings = properties.firstAdmin();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (isBlank(settings.email()) || isBlank(settings.password()) || admins.anyAdmin()) {
            return;
        }
        try {
            switch (admins.create(settings.email(), settings.password(), settings.displayName())) {
                case AdminAccounts.Result.Created created ->
                    log.info(
                            "Created the first administrator {}", created.user().getEmail());
                case AdminAccounts.Result.AlreadyExists exists ->
                    log.warn(
                            "FIRST_ADMIN_EMAIL {} belongs to an existing account that is not an administrator:"
                                    + " left alone (grant the role in the admin panel or the database)",
                            exists.user().getEmail());
                case AdminAccounts.Result.Invalid invalid ->
                    throw new IllegalStateException(
                            "FIRST_ADMIN_EMAIL/FIRST_ADMIN_PASSWORD refused: " + String.join("; ", invalid.problems()));
            }
        } catch (DataIntegrityViolationException e) {
            // Another replica created it at the same moment.
            log.info("The first administrator was created by another instance");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
