package dev.useboth.core.common;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AppProperties.class, AuthProperties.class})
@EnableAsync
@EnableScheduling
class CommonConfig {

    /** The one clock of the core: inject it rather than calling Instant.now(), so tests can move time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
