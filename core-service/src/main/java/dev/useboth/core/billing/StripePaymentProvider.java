package dev.useboth.core.billing;

import com.stripe.StripeClient;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.checkout.SessionCreateParams;
import dev.useboth.core.common.ApiProblemException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe, with the official stripe-java library: Checkout Sessions in subscription mode, and
 * webhooks verified by their {@code Stripe-Signature} (HMAC-SHA256 of the timestamped payload
 * with the endpoint's signing secret, refused when older than the tolerance). Off unless
 * {@code STRIPE_SECRET_KEY}, {@code STRIPE_WEBHOOK_SECRET} and {@code STRIPE_PRICE_IDS} are set.
 */
@Component
@EnableConfigurationProperties(StripeProperties.class)
class StripePaymentProvider implements PaymentProvider, WebhookReceiver, ProviderSubscriptions {

    private static final Logger log = LoggerFactory.getLogger(StripePaymentProvider.class);

    private final StripeProperties config;
    private final Map<String, String> prices;
    private final StripeClient client;
    private final StripeEvents events;
    private final SubscriptionRepository subscriptions;
    private final JsonMapper json = JsonMapper.shared();

    StripePaymentProvider(
            BillingProperties billing,
            StripeProperties config,
            StripeEvents events,
            SubscriptionRepository subscriptions) {
        if (billing.provider().equals(id()) && !config.enabled()) {
            throw new IllegalArgumentException(
                    "BILLING_PROVIDER=stripe needs STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and STRIPE_PRICE_IDS");
        }
        this.config = config;
        this.prices = config.prices();
        this.events = events;
        this.subscriptions = subscriptions;
        if (config.enabled()) {
            StripeClient.StripeClientBuilder builder =
                    StripeClient.builder().setApiKey(config.secretKey()).setMaxNetworkRetries(2);
            if (config.apiBase() != null && !config.apiBase().isBlank()) {
                builder.setApiBase(config.apiBase());
            }
            this.client = builder.build();
        } else {
            this.client = null;
        }
    }

    @Override
    public String id() {
        return "stripe";
    }

    @Override
    public boolean enabled() {
        return client != null;
    }

    @Override
    public CheckoutResponse checkout(UUID userId, Plan plan) {
        String price = prices.get(plan.getCode());
        if (price == null) {
            throw ApiProblemException.invalid("planCode", "is not sold through Stripe");
        }
        subscriptions.findLive(userId).ifPresent(live -> {
            if ("stripe".equals(live.getProvider())) {
                throw ApiProblemException.conflict(
                        "You already pay through Stripe; change the plan in Stripe's customer portal.");
            }
        });
        SessionCreateParams.SubscriptionData.Builder subscription = SessionCreateParams.SubscriptionData.builder()
                .putMetadata(StripeEvents.USER_ID, userId.toString())
                .putMetadata(StripeEvents.PLAN_CODE, plan.getCode());
        if (plan.getTrialDays() > 0) {
            subscription.setTrialPeriodDays((long) plan.getTrialDays());
        }
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .setClientReferenceId(userId.toString())
                .putMetadata(StripeEvents.USER_ID, userId.toString())
                .putMetadata(StripeEvents.PLAN_CODE, plan.getCode())
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPrice(price)
                        .setQuantity(1L)
                        .build())
                .setSubscriptionData(subscription.build())
                .setSuccessUrl(config.successUrl() + "?session_id={CHECKOUT_SESSION_ID}")
                .setCancelUrl(config.cancelUrl().toString())
                .build();
        try {
            Session session = client.v1()
                    .checkout()
                    .sessions()
                    .create(
                            params,
                            RequestOptions.builder()
                                    .setIdempotencyKey("checkout-" + UUID.randomUUID())
                                    .build());
            return new CheckoutResponse(id(), session.getUrl(), null, null);
        } catch (StripeException e) {
            log.warn("Stripe refused a Checkout Session: {} ({})", e.getMessage(), e.getStatusCode());
            throw new ApiProblemException(
                    HttpStatus.BAD_GATEWAY, "Payment provider error", "Stripe could not start the checkout.");
        }
    }

    @Override
    public void cancelAtPeriodEnd(String providerSubscriptionId) {
        if (client == null) {
            throw new ApiProblemException(
                    HttpStatus.SERVICE_UNAVAILABLE, "Payment provider unavailable", "Stripe is not configured.");
        }
        try {
            client.v1()
                    .subscriptions()
                    .update(
                            providerSubscriptionId,
                            SubscriptionUpdateParams.builder()
                                    .setCancelAtPeriodEnd(true)
                                    .build());
        } catch (StripeException e) {
            log.warn("Stripe refused to cancel a subscription: {} ({})", e.getMessage(), e.getStatusCode());
            throw new ApiProblemException(
                    HttpStatus.BAD_GATEWAY, "Payment provider error", "Stripe could not cancel the subscription.");
        }
    }

    @Override
    public ProviderEvent verify(String payload, HttpHeaders headers) {
        String signature = headers.getFirst("Stripe-Signature");
        if (signature == null || signature.isBlank()) {
            throw ApiProblemException.invalid("Stripe-Signature", "is required");
        }
        Event event;
        try {
            event = Webhook.constructEvent(
                    payload,
                    signature,
                    config.webhookSecret(),
                    config.webhookTolerance().toSeconds());
        } catch (SignatureVerificationException e) {
            throw new ApiProblemException(
                    HttpStatus.BAD_REQUEST,
                    "Invalid signature",
                    "The Stripe-Signature does not match the payload, or it is too old.");
        } catch (RuntimeException e) {
            throw new ApiProblemException(
                    HttpStatus.BAD_REQUEST, "Malformed event", "The payload is not a Stripe event.");
        }
        JsonNode object;
        try {
            object = json.readTree(payload).path("data").path("object");
        } catch (JacksonException e) {
            throw new ApiProblemException(
                    HttpStatus.BAD_REQUEST, "Malformed event", "The payload is not a Stripe event.");
        }
        if (event.getId() == null || event.getType() == null || event.getCreated() == null || !object.isObject()) {
            throw new ApiProblemException(
                    HttpStatus.BAD_REQUEST, "Malformed event", "The payload is not a Stripe event.");
        }
        return new ProviderEvent(
                event.getId(), event.getType(), Instant.ofEpochSecond(event.getCreated()), payload, object);
    }

    @Override
    public Outcome apply(ProviderEvent event) {
        return events.apply(event, prices);
    }
}
