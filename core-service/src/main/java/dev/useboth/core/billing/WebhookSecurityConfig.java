package dev.useboth.core.billing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Payment providers call the webhook endpoint without a token: the signature checked by the
 * provider's adapter is the credential. A chain of its own, ahead of the API's, so that nothing
 * else under {@code /api/**} is opened.
 */
@Configuration(proxyBeanMethods = false)
class WebhookSecurityConfig {

    @Bean
    @Order(0)
    SecurityFilterChain billingWebhooks(HttpSecurity http) {
        http.securityMatcher("/api/v1/billing/webhooks/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable());
        return http.build();
    }
}
