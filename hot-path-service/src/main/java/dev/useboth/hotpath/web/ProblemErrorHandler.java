package dev.useboth.hotpath.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers as problem+json: requests Jetty refuses before Javalin sees them (a
 * control character or invalid UTF-8 in the request line, an ambiguous path such as {@code ..;},
 * headers over 8 KiB, a URI over the limit) were answered with Jetty's HTML page, which also echoed
 * the reason. The document names the status only: nothing of the request, the reason or the server.
 */
public final class ProblemErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        byte[] body = json(code).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Refusals of the HTTP parser itself (bad request line, headers too large). */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        return ByteBuffer.wrap(json(status).getBytes(StandardCharsets.UTF_8));
    }

    static String json(int status) {
        String title = HttpStatus.getMessage(status);
        return "{\"type\":\"about:blank\",\"title\":\"" + (title == null ? "Error" : title) + "\",\"status\":" + status
                + "}";
    }
}
