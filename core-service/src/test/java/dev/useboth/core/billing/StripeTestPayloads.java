package dev.useboth.core.billing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's webhook payloads as its API version 2025+ shapes them, signed as Stripe signs them:
 * {@code t=<unix time>,v1=<hex HMAC-SHA256 of "t.payload" with the endpoint secret>}. For
 * {@code StripeWebhookIT} and the concurrency suite.
 */
public final class StripeTestPayloads {

    /** The webhook endpoint secret the tests configure ({@code billing.stripe.webhook-secret}). */
    public static final String SECRET = "whsec_test_secret_for_billing_tests";

    private StripeTestPayloads() {}

    public static String envelope(String id, String type, long created, String object) {
        return """
                {"id":"%s","object":"event","api_version":"2025-09-30.clover","created":%d,"livemode":false,\
                "pending_webhooks":1,"request":{"id":null,"idempotency_key":null},"type":"%s",\
                "data":{"object":%s}}""".formatted(id, created, type, object);
    }

    public static String invoiceObject(String id, String subscription, UUID user, String status, String planCode) {
        long start = now();
        return """
                {"id":"%s","object":"invoice","status":"%s","currency":"eur","billing_reason":"subscription_create",\
                "customer":"cus_test","subtotal":2500,"total":2500,"amount_due":2500,"amount_paid":%d,"attempt_count":1,\
                "period_start":%d,"period_end":%d,"status_transitions":{"paid_at":%s},\
                "parent":{"type":"subscription_details","subscription_details":{"subscription":"%s",\
                "metadata":{"user_id":"%s","plan_code":"%s"}}},\
                "lines":{"object":"list","data":[{"id":"il_1","object":"line_item","amount":2500,"currency":"eur",\
                "description":"1 × Pro (at €25.00 / month)","quantity":1,"period":{"start":%d,"end":%d}}]}}""".formatted(
                        id,
                        status,
                        status.equals("paid") ? 2500 : 0,
                        start,
                        start,
                        status.equals("paid") ? String.valueOf(start) : "null",
                        subscription,
                        user,
                        planCode,
                        start,
                        start + 30 * 86_400);
    }

    public static String invoicePaid(
            String eventId, String invoiceId, String subscription, UUID user, long created, String planCode) {
        return envelope(
                eventId, "invoice.paid", created, invoiceObject(invoiceId, subscription, user, "paid", planCode));
    }

    public static long now() {
        return Instant.now().getEpochSecond();
    }

    public static String sign(String payload, long timestamp) {
        return "t=" + timestamp + ",v1=" + hmac(SECRET, timestamp + "." + payload);
    }

    public static String hmac(String secret, String signedPayload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signedPayload.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
