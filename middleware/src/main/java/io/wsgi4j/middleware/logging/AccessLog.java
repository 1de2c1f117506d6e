// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.FileBody;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.internal.BuilderCode;
import io.wsgi4j.middleware.routing.Router;
import io.wsgi4j.middleware.tracing.RequestId;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Writes one access-log line per request when its body is closed, so streamed, slow and aborted
 * responses are logged with the bytes that really went out and the time they really took.
 *
 * <pre>{@code
 * Middleware log = AccessLog.of(LogSink.of(System.out));                       // Common Log Format
 * Middleware log = AccessLog.builder(LogSink.of(System.getLogger("access"))).format(LogFormat.JSON).build();
 * Middleware log = AccessLog.builder(LogSink.of(writer)).format(LogFormat.EXTENDED).clock(Clock.systemUTC()).build();
 * }</pre>
 *
 * <p>Bytes are counted as the server takes chunks from the body (and through the legacy write
 * callable); a body closed early logs what was taken and {@code complete=false}. A file body keeps
 * zero-copy sending ({@link FileBody#withCloseHook}) and is logged as {@link FileBody#sent}; an
 * in-memory list body stays a list, so the server still sets its Content-Length, and is counted as
 * the server reads it. A file body the server could not send whole (the client left) logs the
 * bytes it did send and {@code complete=false}. HEAD responses and 1xx/204/304 log 0 bytes. The user is REMOTE_USER, the
 * request id {@code wsgi4j.request_id} or X-Request-Id, the route {@code routing.route}, the trace id
 * {@code wsgi4j.trace_id} (JSON only), all read when the line is written, so middleware inside this
 * one may set them. When the application throws, the
 * line says 500 and the exception goes on to the server; so it does, with no bytes, when the server
 * replaces the response with its error page before the headers went out (a body that contradicts its
 * Content-Length, SPEC.md R4.6), as the request observer records it; when the exception is the HTTP server's
 * refusal of the request body the application was reading, the line says the 413 or 408 the server
 * answers instead ({@link io.wsgi4j.server.HttpException#statusFor}). A failing sink is reported to
 * {@code wsgi.errors}; the response is not affected. Time is the system default zone unless a clock
 * says otherwise. With a system clock, the JSON format's nanosecond time is the request's monotonic start
 * reading placed on the system clock's time line, re-anchored every second (so one clock read serves the
 * time and the duration; a step of the system clock shows within a second); any other clock is read as is.
 *
 * @since 0.1
 */
public final class AccessLog implements Application {
    /**
     * Environ key the request-id middleware sets.
     *
     * @deprecated declared once as {@link RequestId#KEY}; this alias stays for 0.1 code.
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static final String REQUEST_ID = RequestId.KEY;
    /**
     * Environ key the router sets to the matched route's name.
     *
     * @deprecated declared once as {@link Router#ROUTE}; this alias stays for 0.1 code.
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static final String ROUTE = Router.ROUTE;

    /** The line format unless the builder says otherwise: Common Log Format. @since 0.2 */
    public static final LogFormat DEFAULT_FORMAT = LogFormat.COMMON;

    private final Application next;
    private final LogFormat format;
    private final LogSink sink;
    private final Clock clock;
    private final LogClock times;

    private AccessLog(Application next, LogFormat format, LogSink sink, Clock clock) {
        this.next = Objects.requireNonNull(next, "next");
        this.format = format;
        this.sink = sink;
        this.clock = clock;
        this.times = LogClock.of(clock, format);
    }

    /**
     * Common Log Format lines to {@code sink}, timestamped by the system clock in its default zone.
     *
     * @throws NullPointerException if {@code sink} is null
     * @since 0.2
     */
    public static Middleware of(LogSink sink) {
        return builder(sink).build();
    }

    /**
     * A builder writing to {@code sink}, starting from the defaults ({@link #DEFAULT_FORMAT}, the
     * system clock in its default zone).
     *
     * @throws NullPointerException if {@code sink} is null
     * @since 0.2
     */
    public static Builder builder(LogSink sink) {
        return new Builder(sink);
    }

    /**
     * Common Log Format lines to {@code sink}.
     *
     * @deprecated use {@link #of(LogSink)}
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static Middleware common(LogSink sink) {
        return of(sink);
    }

    /**
     * Combined Log Format lines to {@code sink}.
     *
     * @deprecated use {@code AccessLog.builder(sink).format(LogFormat.COMBINED).build()}
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static Middleware combined(LogSink sink) {
        return builder(sink).format(LogFormat.COMBINED).build();
    }

    /**
     * Combined lines plus time taken and request id to {@code sink}.
     *
     * @deprecated use {@code AccessLog.builder(sink).format(LogFormat.EXTENDED).build()}
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static Middleware extended(LogSink sink) {
        return builder(sink).format(LogFormat.EXTENDED).build();
    }

    /**
     * JSON lines to {@code sink}.
     *
     * @deprecated use {@code AccessLog.builder(sink).format(LogFormat.JSON).build()}
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static Middleware json(LogSink sink) {
        return builder(sink).format(LogFormat.JSON).build();
    }

    /**
     * Lines in {@code format} to {@code sink}, timestamped by {@code clock} (and in its zone).
     *
     * @deprecated use {@code AccessLog.builder(sink).format(format).clock(clock).build()}
     * @throws NullPointerException if an argument is null
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static Middleware with(LogFormat format, LogSink sink, Clock clock) {
        return builder(sink).format(format).clock(clock).build();
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        Pending p = new Pending(this, environ, startResponse, times);
        Iterable<byte[]> body;
        try {
            body = next.call(environ, p);
        } catch (Exception | Error e) {
            p.failed(e);
            throw e;
        }
        if (body instanceof FileBody file) {
            // the server marks the file sent only once all of it went out (or none was due)
            return file.withCloseHook(() -> p.finish(file.sent(), file.sent() == file.count()));
        }
        if (body instanceof List<byte[]> list) {
            return new CountingList(list, p);
        }
        return new CountingBody(body, p);
    }

    /** Formats and writes the line for a finished request; a sink failure goes to wsgi.errors. */
    void emit(LogFields fields, Environ environ) {
        LogLine line = LogLines.take();
        try {
            format.appendTo(line, fields);
            sink.write(line);
        } catch (RuntimeException e) {
            environ.errors().println("wsgi4j AccessLog: writing to " + sink + " failed: " + e);
        } finally {
            LogLines.give(line);
        }
    }

    @Override
    public String toString() {
        return describe(format, sink, clock) + ".wrap(" + next + ")";
    }

    private static String describe(LogFormat format, LogSink sink, Clock clock) {
        return BuilderCode.of("AccessLog", sink)
                .option("format", format, DEFAULT_FORMAT)
                .option("clock", clock, Clock.systemDefaultZone())
                .toString();
    }

    /**
     * Configures {@link AccessLog}.
     *
     * @since 0.2
     */
    public static final class Builder {
        private final LogSink sink;
        private LogFormat format = DEFAULT_FORMAT;
        private Clock clock = Clock.systemDefaultZone();

        private Builder(LogSink sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
        }

        /**
         * The line format (default {@link #DEFAULT_FORMAT}).
         *
         * @throws NullPointerException if {@code format} is null
         * @since 0.2
         */
        public Builder format(LogFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * The clock that timestamps lines, in its zone (default: the system clock in the default zone).
         *
         * @throws NullPointerException if {@code clock} is null
         * @since 0.2
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The middleware. @since 0.2 */
        public Middleware build() {
            LogFormat f = format;
            Clock c = clock;
            return Middleware.named(describe(f, sink, c), next -> new AccessLog(next, f, sink, c));
        }
    }
}
