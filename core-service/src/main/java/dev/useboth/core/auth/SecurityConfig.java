package dev.useboth.core.auth;

import static org.springframework.security.config.Customizer.withDefaults;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.useboth.core.accounts.Role;
import dev.useboth.core.accounts.UserRepository;
import dev.useboth.core.common.AppProperties;
import dev.useboth.core.common.AuthProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.security.autoconfigure.web.servlet.PathRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two filter chains. The API ({@code /api/**}, {@code /.well-known/**}) is a stateless OAuth2
 * resource server for the core's own access tokens: no session, no CSRF (no cookie authenticates
 * it), problem+json 401/403. Everything else is the browser side: form sign-in at {@code /login},
 * a session cookie, CSRF on every form, {@code /admin/**} for staff and admins.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfig {

    /** The API's name in its RFC 9728 metadata. */
    private static final String RESOURCE_NAME = "use-both core API";

    /** Pages and endpoints anyone may reach on the browser side. */
    private static final String[] PUBLIC_WEB = {
        "/error",
        "/login",
        EmailVerification.PAGE,
        PasswordReset.PAGE,
        "/actuator/health",
        "/actuator/health/**",
        "/actuator/info",
        "/v3/api-docs",
        "/v3/api-docs/**",
        "/v3/api-docs.yaml",
        "/swagger-ui/**",
        "/swagger-ui.html",
        "/favicon.ico"
    };

    private static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";
    private static final String WEB_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
            + " object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, JwtDecoder decoder, JsonMapper json) {
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers(json);
        http.securityMatcher("/api/**", "/.well-known/**")
                .authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.GET, "/.well-known/jwks.json")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/billing/plans")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/auth/**")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(server -> server.jwt(
                                jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(SecurityConfig::authentication))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        // RFC 9728 metadata: say what is true of these tokens.
                        .protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(builder ->
                                builder.resourceName(RESOURCE_NAME).tlsClientCertificateBoundAccessTokens(false))))
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .cors(withDefaults())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(API_CSP))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain webChain(HttpSecurity http, AuthenticationManager authenticationManager, JdbcClient jdbc) {
        http.addFilterAfter(new SessionGuard(jdbc), SecurityContextHolderFilter.class)
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                PathRequest.toStaticResources().atCommonLocations())
                        .permitAll()
                        .requestMatchers(PUBLIC_WEB)
                        .permitAll()
                        .requestMatchers("/admin", "/admin/**")
                        .hasAnyRole(Role.STAFF.name(), Role.ADMIN.name())
                        .anyRequest()
                        .authenticated())
                .authenticationManager(authenticationManager)
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(toLoginPage()))
                .formLogin(form -> form.loginPage("/login")
                        .defaultSuccessUrl("/", false)
                        .failureHandler(new SignInFailureHandler()))
                .logout(logout -> logout.logoutUrl("/logout")
                        .logoutSuccessUrl("/login?logout")
                        .deleteCookies("SESSION"))
                .csrf(withDefaults())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(WEB_CSP))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /** Anonymous visitors of a page go to "/login", a relative redirect (see use-relative-redirects). */
    private static LoginUrlAuthenticationEntryPoint toLoginPage() {
        LoginUrlAuthenticationEntryPoint entryPoint = new LoginUrlAuthenticationEntryPoint("/login");
        entryPoint.setFavorRelativeUris(true);
        return entryPoint;
    }

    /** Sign-in with email and password, for the login form and the token endpoint, throttled. */
    @Bean
    AuthenticationManager authenticationManager(
            AccountUserDetailsService users, PasswordEncoder passwordEncoder, SignInThrottle throttle) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(passwordEncoder);
        provider.setUserDetailsPasswordService(users);
        return new ThrottledAuthenticationManager(new ProviderManager(provider), throttle);
    }

    /**
     * Argon2id (OWASP's 19 MiB, 2 iterations) for new hashes; older schemes still verify, and a
     * hash of another scheme or of weaker Argon2 settings is upgraded at the next sign-in.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        return passwords();
    }

    static PasswordEncoder passwords() {
        Argon2PasswordEncoder argon2 = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
        Map<String, PasswordEncoder> encoders = Map.of(
                "argon2",
                argon2,
                "bcrypt",
                new BCryptPasswordEncoder(),
                "pbkdf2@SpringSecurity_v5_8",
                Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8());
        return new DelegatingPasswordEncoder("argon2", encoders);
    }

    @Bean
    AdminAccounts adminAccounts(UserRepository users, PasswordEncoder passwordEncoder, PasswordPolicy policy) {
        return new AdminAccounts(users, passwordEncoder, policy);
    }

    @Bean
    JwtEncoder jwtEncoder(JwtKeys keys) {
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(keys.signingKey())));
    }

    /**
     * Verifies the core's own tokens: signature by a published key (ES256 only), issuer, audience,
     * {@code exp} required, {@code nbf} and {@code iat} not in the future (60 s skew each way), and
     * a {@code sub} that is a user id (anything else would reach the controllers).
     */
    @Bean
    JwtDecoder jwtDecoder(JwtKeys keys, AuthProperties properties) {
        AuthProperties.Jwt settings = properties.jwt();
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(keys.publicKeys()))
                .jwsAlgorithm(SignatureAlgorithm.ES256)
                .build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(settings.clockSkew());
        timestamps.setAllowEmptyExpiryClaim(false);
        // Spring's JwtIssuedAtValidator also refuses an iat older than the skew (it is made for
        // DPoP proofs), so a plain check: issued now or before, never later.
        JwtClaimValidator<Instant> issuedAt = new JwtClaimValidator<>(
                JwtClaimNames.IAT,
                iat -> iat != null && !iat.isAfter(Instant.now().plus(settings.clockSkew())));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                timestamps,
                issuedAt,
                new JwtIssuerValidator(settings.issuer()),
                new JwtClaimValidator<List<String>>(
                        "aud", audience -> audience != null && audience.contains(settings.audience())),
                new JwtClaimValidator<String>("sub", SecurityConfig::isUserId)));
        return decoder;
    }

    private static boolean isUserId(String subject) {
        if (subject == null || subject.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(subject);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** CORS is closed unless APP_CORS_ALLOWED_ORIGINS lists origins. */
    @Bean
    CorsConfigurationSource corsConfigurationSource(AppProperties app) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        List<String> origins = app.cors().allowedOrigins();
        if (!origins.isEmpty()) {
            CorsConfiguration config = new CorsConfiguration();
            config.setAllowedOrigins(origins);
            config.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
            config.setAllowedHeaders(List.of("Authorization", "Content-Type", RefreshCookies.MODE_HEADER));
            config.setExposedHeaders(List.of("Location", "Retry-After", "WWW-Authenticate"));
            // Credentials: the refresh-token cookie of browser clients.
            config.setAllowCredentials(true);
            config.setMaxAge(3600L);
            source.registerCorsConfiguration("/api/**", config);
        }
        return source;
    }

    /** {@code roles} become {@code ROLE_*} authorities, {@code scope} entries {@code SCOPE_*}. */
    static AbstractAuthenticationToken authentication(Jwt jwt) {
        Collection<GrantedAuthority> authorities = new ArrayList<>();
        List<String> roles = jwt.getClaimAsStringList("roles");
        if (roles != null) {
            roles.forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
        }
        String scope = jwt.getClaimAsString("scope");
        if (scope != null && !scope.isBlank()) {
            for (String s : scope.trim().split("\\s+")) {
                authorities.add(new SimpleGrantedAuthority("SCOPE_" + s));
            }
        }
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }
}
