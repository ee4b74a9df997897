package dev.useboth.hotpath.openapi;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Swagger UI from the {@code org.webjars:swagger-ui} jar: {@code /hot/docs} is a small page of
 * ours pointing the UI at {@code /hot/openapi.json}; its assets come from the jar, an allow-list.
 */
public final class SwaggerUi {

    /** The assets the page uses, and their media types. */
    public static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png");

    public static final String ASSET_PATTERN =
            "(swagger-ui\\.css|swagger-ui-bundle\\.js" + "|swagger-ui-standalone-preset\\.js|favicon-32x32\\.png)";

    private static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>use-both hot path API</title>
              <link rel="stylesheet" href="/hot/docs/swagger-ui.css">
              <link rel="icon" type="image/png" href="/hot/docs/favicon-32x32.png">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/hot/docs/swagger-ui-bundle.js"></script>
              <script src="/hot/docs/swagger-ui-standalone-preset.js"></script>
              <script>
                window.ui = SwaggerUIBundle({
                  url: "/hot/openapi.json",
                  dom_id: "#swagger-ui",
                  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                  layout: "StandaloneLayout"
                });
              </script>
            </body>
            </html>
            """;

    private final String root;
    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    public SwaggerUi() {
        this.root = "META-INF/resources/webjars/swagger-ui/" + webjarVersion() + "/";
    }

    public void page(Context ctx) {
        ctx.header("Cache-Control", "no-cache").html(PAGE);
    }

    public void asset(Context ctx) {
        String name = ctx.pathParam("asset");
        String type = ASSETS.get(name);
        if (type == null) {
            // The route's pattern already refuses anything else; this is the second lock.
            ctx.status(404);
            return;
        }
        byte[] bytes = loaded.computeIfAbsent(name, this::read);
        ctx.header("Cache-Control", "public, max-age=86400").contentType(type).result(bytes);
    }

    private byte[] read(String name) {
        try (InputStream in = SwaggerUi.class.getClassLoader().getResourceAsStream(root + name)) {
            if (in == null) {
                throw new IllegalStateException("swagger-ui asset missing from the jar: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String webjarVersion() {
        try (InputStream in = SwaggerUi.class
                .getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("org.webjars:swagger-ui is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
