// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.FileBody;
import io.wsgi4j.Header;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.middleware.internal.BuilderCode;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Refuses request bodies larger than a limit: 413 at once when Content-Length says so (the application
 * is not called), and for a body of unknown length (chunked) a {@code wsgi.input} that fails with
 * {@link BodyTooLargeException} when the application reads past the limit, which this middleware
 * turns into a 413 if the response has not been sent yet: when the application's call fails with it (also
 * wrapped), and when a body the application streams fails with it while it is iterated.
 *
 * <pre>{@code
 * Pipeline.builder().use(BodyLimit.of(10 * 1024 * 1024)).run(app);   // 10 MiB
 * }</pre>
 *
 * <p>A malformed Content-Length answers 400; a valid one too large for a {@code long} answers 413.
 *
 * @since 0.1
 */
public final class BodyLimit implements Application {
    private static final List<Header> TEXT = List.of(Header.of("Content-Type", "text/plain; charset=utf-8"));

    private final Application next;
    private final long maxBytes;

    private BodyLimit(Application next, long maxBytes) {
        this.next = Objects.requireNonNull(next, "next");
        this.maxBytes = maxBytes;
    }

    /**
     * The middleware allowing bodies up to {@code maxBytes}.
     *
     * @throws IllegalArgumentException if {@code maxBytes} is negative
     * @since 0.2
     */
    public static Middleware of(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("BodyLimit maxBytes must be >= 0, got " + maxBytes);
        }
        return Middleware.named(describe(maxBytes), next -> new BodyLimit(next, maxBytes));
    }

    /**
     * The 0.1 name of {@link #of(long)}.
     *
     * @deprecated use {@link #of(long)}: one construction rule for every middleware
     * @throws IllegalArgumentException if {@code maxBytes} is negative
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static Middleware middleware(long maxBytes) {
        return of(maxBytes);
    }

    private static String describe(long maxBytes) {
        return BuilderCode.of("BodyLimit", maxBytes).toString();
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        long length;
        try {
            length = environ.contentLength();
        } catch (IllegalArgumentException e) {
            String declared = environ.get(Environ.CONTENT_LENGTH) instanceof String s ? s : "";
            if (!declared.isEmpty() && declared.chars().allMatch(c -> c >= '0' && c <= '9')) {
                // digits past Long.MAX_VALUE: a valid Content-Length (1*DIGIT, RFC 9110 8.6), over any limit
                return tooLarge(startResponse, null, "declares " + declared + " bytes");
            }
            startResponse.start(Status.of(400), TEXT);
            return Body.of("400 Bad Request: Content-Length is not a decimal number\n");
        }
        if (length > maxBytes) {
            return tooLarge(startResponse, null, "has " + length + " bytes");
        }
        if (length < 0) {
            environ.put(Environ.WSGI_INPUT, new RefusingInput(environ.input(), maxBytes));
        }
        Iterable<byte[]> body;
        try {
            body = next.call(environ, startResponse);
        } catch (Exception e) {
            if (!isRefusal(e)) {
                throw e;
            }
            return tooLarge(startResponse, e, "is longer than that");
        }
        // a body computed already (a list, a file) cannot read the input any more: only a lazy one can meet
        // the refusal while it is iterated, after start_response but maybe before anything is sent
        return length >= 0 || body instanceof Collection || body instanceof FileBody ? body
                : new OverLimitBody(body, this, startResponse);
    }

    /**
     * True when {@code failure} is, or was caused by, the refusal of this middleware's input: an
     * application, or an iterator that may throw no IOException, often wraps it.
     */
    static boolean isRefusal(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 64; depth++, t = t.getCause()) { // a cause chain may loop
            if (t instanceof BodyTooLargeException) {
                return true;
            }
        }
        return false;
    }

    /** The input of a request of unknown length: one object with no refusal field, as it is made per request. */
    private static final class RefusingInput extends LimitedInput {
        RefusingInput(InputStream in, long limit) {
            super(in, limit);
        }

        @Override
        void refuse(long limit) throws BodyTooLargeException {
            throw new BodyTooLargeException(limit);
        }
    }

    /** Starts the 413 (replacing the application's start, with {@code excInfo}) and returns its text. */
    Iterable<byte[]> tooLarge(StartResponse startResponse, Throwable excInfo, String what) {
        startResponse.start(Status.of(413), TEXT, excInfo);
        return Body.of("413 Content Too Large: the request body " + what + "; the limit is " + maxBytes + " bytes\n");
    }

    @Override
    public String toString() {
        return describe(maxBytes) + ".wrap(" + next + ")";
    }
}
