package dev.useboth.core.common;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AppProperties.class, AuthProperties.class})
class CommonConfig {

    /** The one clock of the core: inject it rather than calling Instant.now(), so tests can move time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
