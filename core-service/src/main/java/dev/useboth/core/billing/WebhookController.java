package dev.useboth.core.billing;

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
class WebhookController {

    private final WebhookService webhooks;

    WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    /** Stores the event by its id and applies it once; repeated deliveries answer "duplicate". */
    @PostMapping("/{provider}")
    Map<String, String> receive(
            @PathVariable("provider") String provider,
            @RequestBody String payload,
            @RequestHeader HttpHeaders headers) {
        WebhookService.Result result = webhooks.receive(provider, payload, headers);
        return Map.of("result", result.name().toLowerCase(Locale.ROOT));
    }
}
