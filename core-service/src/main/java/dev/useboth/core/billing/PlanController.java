package dev.useboth.core.billing;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/billing/plans")
@Tag(name = "Billing")
class PlanController {

    private final PlanRepository plans;

    PlanController(PlanRepository plans) {
        this.plans = plans;
    }

    /** The active plans, cheapest first (public). */
    @GetMapping
    @Operation(summary = "The active plans, cheapest first (public)")
    @Transactional(readOnly = true)
    List<PlanResponse> activePlans() {
        return plans.findByActiveTrueOrderByPriceMinorAscCodeAsc().stream()
                .map(PlanResponse::of)
                .toList();
    }
}
