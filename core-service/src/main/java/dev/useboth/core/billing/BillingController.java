package dev.useboth.core.billing;

import dev.useboth.core.accounts.CurrentUser;
import dev.useboth.core.common.ApiProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own billing: subscription, invoices, entitlements and checkout. */
@RestController
@RequestMapping("/api/v1/billing")
@Tag(name = "Billing")
class BillingController {

    private final SubscriptionService subscriptions;
    private final InvoiceService invoices;
    private final EntitlementReads entitlements;
    private final CheckoutService checkout;

    BillingController(
            SubscriptionService subscriptions,
            InvoiceService invoices,
            EntitlementReads entitlements,
            CheckoutService checkout) {
        this.subscriptions = subscriptions;
        this.invoices = invoices;
        this.entitlements = entitlements;
        this.checkout = checkout;
    }

    /** A plan to subscribe to or to pay for. */
    record PlanChoiceRequest(
            @NotBlank @Size(max = 40) @Pattern(regexp = "^[a-z0-9][a-z0-9_-]*$", message = "is not a plan code")
            String planCode) {}

    @GetMapping("/subscription")
    @Operation(summary = "The caller's live subscription (404 when there is none)")
    SubscriptionResponse subscription(@Parameter(hidden = true) CurrentUser me) {
        return subscriptions
                .current(me.id())
                .map(SubscriptionResponse::of)
                .orElseThrow(() -> ApiProblemException.notFound("You have no active subscription."));
    }

    @PostMapping("/subscription")
    @Operation(
            summary = "Subscribe (201) or change plan (200)",
            description = "Upgrades apply now with a credit for the unused paid time; downgrades wait for the end"
                    + " of the period. 409 when past due, in another currency, or racing another change.")
    ResponseEntity<SubscriptionResponse> subscribe(
            @Parameter(hidden = true) CurrentUser me, @Valid @RequestBody PlanChoiceRequest request) {
        SubscriptionService.Change change = subscriptions.subscribe(me.id(), request.planCode());
        return ResponseEntity.status(change.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(SubscriptionResponse.of(change.subscription()));
    }

    @DeleteMapping("/subscription")
    @Operation(summary = "Cancel at the end of the current period")
    SubscriptionResponse cancel(@Parameter(hidden = true) CurrentUser me) {
        return SubscriptionResponse.of(subscriptions.cancel(me.id()));
    }

    @GetMapping("/invoices")
    @Operation(summary = "The caller's invoices, newest first (keyset pagination)")
    InvoicePage invoices(
            @Parameter(hidden = true) CurrentUser me,
            @Parameter(description = "1 to 100") @RequestParam(name = "limit", defaultValue = "20") int limit,
            @Parameter(description = "the previous page's nextCursor") @RequestParam(name = "cursor", required = false)
                    String cursor) {
        return invoices.list(me.id(), limit, cursor);
    }

    @GetMapping("/entitlements")
    @Operation(
            summary = "The caller's entitlements",
            description = "The same read as the hot path's /hot/v1/entitlements, the Spring way (JdbcClient on"
                    + " read_api.user_entitlements); kept as the benchmark baseline.")
    EntitlementsResponse entitlements(@Parameter(hidden = true) CurrentUser me) {
        return entitlements.forUser(me.id());
    }

    @PostMapping("/checkout")
    @Operation(
            summary = "Start paying for a plan with the configured provider",
            description =
                    "Stripe: a redirectUrl to Stripe Checkout. Manual: the subscription and its pending" + " invoice.")
    CheckoutResponse checkout(@Parameter(hidden = true) CurrentUser me, @Valid @RequestBody PlanChoiceRequest request) {
        return checkout.checkout(me.id(), request.planCode());
    }
}
