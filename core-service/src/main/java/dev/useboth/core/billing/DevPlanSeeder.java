package dev.useboth.core.billing;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Development only: the Free, Pro and Team plans, inserted when missing (a plan that exists,
 * edited or not, is left alone). Two replicas starting together are fine: the loser of the
 * unique code simply finds the plan there.
 */
@Component
@Profile("dev")
class DevPlanSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DevPlanSeeder.class);

    private final PlanRepository plans;
    private final TransactionTemplate tx;

    DevPlanSeeder(PlanRepository plans, TransactionTemplate tx) {
        this.plans = plans;
        this.tx = tx;
    }

    private record Seed(String code, String name, long priceMinor, int trialDays, List<PlanFeature> features) {}

    static final List<Seed> SEEDS = List.of(
            new Seed(
                    "free",
                    "Free",
                    0,
                    0,
                    List.of(new PlanFeature("api.requests", 1_000L), new PlanFeature("projects", 3L))),
            new Seed(
                    "pro",
                    "Pro",
                    1_900,
                    14,
                    List.of(
                            new PlanFeature("api.requests", 100_000L),
                            new PlanFeature("projects", 50L),
                            new PlanFeature("support.email", null))),
            new Seed(
                    "team",
                    "Team",
                    4_900,
                    14,
                    List.of(
                            new PlanFeature("api.requests", 1_000_000L),
                            new PlanFeature("projects", null),
                            new PlanFeature("seats", 10L),
                            new PlanFeature("support.email", null),
                            new PlanFeature("support.priority", null))));

    @Override
    public void run(ApplicationArguments args) {
        for (Seed seed : SEEDS) {
            try {
                tx.executeWithoutResult(status -> {
                    if (plans.findByCode(seed.code()).isEmpty()) {
                        Plan plan = new Plan(
                                seed.code(),
                                seed.name(),
                                seed.priceMinor(),
                                "EUR",
                                BillingInterval.month,
                                seed.trialDays());
                        plan.getFeatures().addAll(seed.features());
                        plans.saveAndFlush(plan);
                        log.info("Seeded the {} plan (dev profile)", seed.code());
                    }
                });
            } catch (DataIntegrityViolationException e) {
                log.debug("Plan {} was seeded concurrently", seed.code());
            }
        }
    }
}
