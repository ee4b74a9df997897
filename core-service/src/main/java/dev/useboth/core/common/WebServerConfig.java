package dev.useboth.core.common;

import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.util.unit.DataSize;

/** What the server refuses before the application runs, and how it says so (problem+json). */
@Configuration(proxyBeanMethods = false)
class WebServerConfig {

    /** First of all filters: nothing may read a body over the limit, not even Spring Security. */
    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(@Value("${app.max-request-body:1MB}") DataSize limit) {
        FilterRegistrationBean<RequestBodyLimit> registration =
                new FilterRegistrationBean<>(new RequestBodyLimit(limit.toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * Spring Security's strict firewall, which also refuses control characters in parameter
     * values (its default refuses them only in names): no form or query needs NUL or escape codes,
     * and PostgreSQL cannot store NUL. Tab, CR and LF stay allowed (text areas).
     */
    @Bean
    WebSecurityCustomizer strictParameters() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedParameterValues(WebServerConfig::printable);
        return web -> web.httpFirewall(firewall);
    }

    static boolean printable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** Tomcat's error answers (bad request line, overlong headers) as problem+json, not its HTML page. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                Pipeline pipeline = host.getPipeline();
                for (Valve valve : pipeline.getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        pipeline.removeValve(valve);
                    }
                }
                pipeline.addValve(new ProblemErrorReportValve());
                // The host adds a valve of this class at start unless it has one already.
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }
}
