package dev.useboth.core.common;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the limit ({@code APP_MAX_REQUEST_BODY}, 1 MiB by default) with
 * 413 problem+json, before anything reads them: Spring Security (which reads form parameters for
 * CSRF), Jackson, the webhook's raw payload. A declared length over the limit is refused at once;
 * a chunked body is counted as it is read and fails with {@link TooLarge} at the limit.
 */
final class RequestBodyLimit extends OncePerRequestFilter {

    private final long limit;

    RequestBodyLimit(long limit) {
        this.limit = limit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        if (length > limit) {
            // The unread body would otherwise be read to keep the connection: close it instead.
            response.setHeader("Connection", "close");
            response.setStatus(413);
            response.setContentType(ProblemResponses.CONTENT_TYPE);
            response.getOutputStream().write(ProblemResponses.json(413).getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(length < 0 ? new Limited(request, limit) : request, response);
    }

    /** A body read past the limit; answered 413 by {@link ProblemAdvice}. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("request body over the limit", null);
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > limit) {
                throw new TooLarge();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
