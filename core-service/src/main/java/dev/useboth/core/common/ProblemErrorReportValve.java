package dev.useboth.core.common;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's own error answers as problem+json. Requests Tomcat refuses before the application sees
 * them (an invalid byte in the request line, an encoded slash, a header or query string over the
 * limit) were answered with Tomcat's HTML error page; these get a bare RFC 9457 document instead,
 * with the status and its reason and nothing of the request or the server. So does any error the
 * application answered with an empty body.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // Also an error answered without a body (an actuator 404): every error gets its document.
        if (status < 400 || response.isCommitted() || response.getContentWritten() > 0) {
            return;
        }
        response.setErrorReported();
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType(ProblemResponses.CONTENT_TYPE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(ProblemResponses.json(status));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response was committed meanwhile: nothing more to say.
        }
    }
}
