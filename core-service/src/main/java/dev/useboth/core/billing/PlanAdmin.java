package dev.useboth.core.billing;

import dev.useboth.core.admin.AdminPermission;
import dev.useboth.core.admin.AdminResource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Plans in the admin. A plan's code, currency and interval are fixed once subscribers use it. */
@Configuration(proxyBeanMethods = false)
class PlanAdmin {

    @Bean
    AdminResource<Plan> planResource() {
        return AdminResource.of(Plan.class)
                .list("code", "name", "priceMinor", "billingInterval", "trialDays", "active")
                .money("priceMinor", "currency")
                .search("code", "name")
                .filters("active", "billingInterval", "currency")
                .ordering("priceMinor", "code")
                .form("code", "name", "currency", "priceMinor", "billingInterval", "trialDays", "active")
                .createOnly("code", "currency", "billingInterval")
                .readOnly("createdAt", "updatedAt")
                .field("code", f -> f.pattern("[a-z0-9][a-z0-9_-]*", "Lower-case letters, digits, - and _ only."))
                .field("currency", f -> f.pattern("[A-Z]{3}", "A three-letter ISO code such as EUR."))
                .field("priceMinor", f -> f.min(0))
                .field("trialDays", f -> f.min(0).max(365).help("Days before the first charge (0 to 365)."))
                .staffCan(AdminPermission.CHANGE)
                .display(Plan::getName)
                .build();
    }
}
