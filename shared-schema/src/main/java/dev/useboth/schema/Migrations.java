package dev.useboth.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** The one way to run the migrations: the migrate job and every test go through here. */
public final class Migrations {

    /** Where the versioned migrations live on the class path. */
    public static final String MIGRATIONS = "classpath:db/migration";
    /** Where the callbacks (roles and grants, after every migrate) live. */
    public static final String CALLBACKS = "classpath:db/callback";

    private Migrations() {}

    public static Flyway flyway(MigrationSettings settings) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(settings.url(), settings.ownerUser(), settings.ownerPassword())
                .locations(MIGRATIONS, CALLBACKS)
                .placeholders(settings.placeholders())
                // A migration that was edited after it ran is a mistake, not something to repair.
                .validateOnMigrate(true)
                .cleanDisabled(true)
                .load();
    }

    public static MigrateResult migrate(MigrationSettings settings) {
        return flyway(settings).migrate();
    }
}
