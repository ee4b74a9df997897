package dev.useboth.core.billing;

import dev.useboth.core.common.ApiProblemException;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Checkout through the configured provider ({@code BILLING_PROVIDER}). */
@Service
class CheckoutService {

    private final PaymentProvider provider;
    private final PlanRepository plans;

    CheckoutService(List<PaymentProvider> providers, BillingProperties properties, PlanRepository plans) {
        this.provider = providers.stream()
                .filter(p -> p.id().equals(properties.provider()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("BILLING_PROVIDER=" + properties.provider()
                        + " names no payment provider; known: "
                        + providers.stream().map(PaymentProvider::id).toList()));
        this.plans = plans;
    }

    CheckoutResponse checkout(UUID userId, String planCode) {
        Plan plan = plans.findByCode(planCode)
                .filter(Plan::isActive)
                .orElseThrow(() -> ApiProblemException.invalid("planCode", "is not an active plan"));
        return provider.checkout(userId, plan);
    }
}
