package dev.useboth.core.billing;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Payment providers' webhooks: public (the signature is the credential), verified, idempotent. */
@RestController
@RequestMapping("/api/v1/billing/webhooks")
@Tag(name = "Billing")
class WebhookController {

    private final WebhookService webhooks;

    WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    /** Stores the event by its id and applies it once; repeated deliveries answer "duplicate". */
    @PostMapping("/{provider}")
    @Operation(
            summary = "A payment provider's event (public: the signature is the credential)",
            description = "Verified by the provider's signature header. Answers {\"result\": processed | ignored |"
                    + " duplicate | failed}; 400 for a bad signature or a stale timestamp; 404 for a provider that is"
                    + " not configured.")
    Map<String, String> receive(
            @PathVariable("provider") String provider,
            @RequestBody String payload,
            @RequestHeader HttpHeaders headers) {
        WebhookService.Result result = webhooks.receive(provider, payload, headers);
        return Map.of("result", result.name().toLowerCase(Locale.ROOT));
    }
}
