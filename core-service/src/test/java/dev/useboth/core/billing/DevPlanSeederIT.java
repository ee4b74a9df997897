package dev.useboth.core.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.useboth.core.CoreTestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The dev profile's plans: seeded when missing, never twice, never overwriting an edit. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CoreTestDatabase.class)
class DevPlanSeederIT {

    @Autowired
    PlanRepository plans;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcClient jdbc;

    @Test
    void seedsFreeProAndTeamOnceAndLeavesEditsAlone() {
        DevPlanSeeder seeder = new DevPlanSeeder(plans, tx);
        seeder.run(null);
        jdbc.sql("update plans set name = 'Pro (edited)' where code = 'pro'").update();
        seeder.run(null);

        assertThat(jdbc.sql("select code from plans where code in ('free', 'pro', 'team') order by price_minor")
                        .query(String.class)
                        .list())
                .containsExactly("free", "pro", "team");
        assertThat(jdbc.sql("select name from plans where code = 'pro'")
                        .query(String.class)
                        .single())
                .isEqualTo("Pro (edited)");
        assertThat(jdbc.sql(
                                "select count(*) from plan_features f join plans p on p.id = f.plan_id where p.code = 'team'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(5);
    }
}
