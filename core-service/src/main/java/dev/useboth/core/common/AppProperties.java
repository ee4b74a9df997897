package dev.useboth.core.common;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Application-wide settings (see application.yml for the environment variables).
 *
 * @param publicUrl the URL users reach the application at (links in emails point there)
 * @param mailFrom the sender of the application's emails
 * @param cors which browser origins may call the API cross-origin: none by default
 */
@ConfigurationProperties("app")
public record AppProperties(
        @DefaultValue("http://localhost:8080") URI publicUrl,
        @DefaultValue("use-both <no-reply@localhost>") String mailFrom,
        @DefaultValue Cors cors) {

    public AppProperties {
        String url = publicUrl.toString();
        if (url.endsWith("/")) {
            publicUrl = URI.create(url.substring(0, url.length() - 1));
        }
    }

    /** A link to {@code path} (starting with '/') under the public URL. */
    public String link(String path) {
        return publicUrl + path;
    }

    public record Cors(@DefaultValue List<String> allowedOrigins) {
        public Cors {
            allowedOrigins = allowedOrigins.stream()
                    .map(String::strip)
                    .filter(origin -> !origin.isEmpty())
                    .toList();
        }
    }
}
