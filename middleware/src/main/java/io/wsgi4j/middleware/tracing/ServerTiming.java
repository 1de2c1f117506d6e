// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.tracing;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.internal.BuilderCode;
import io.wsgi4j.middleware.internal.HeaderLists;
import java.util.List;
import java.util.Objects;

/**
 * Reports how long the application took to produce its response head, as {@code Server-Timing:
 * app;dur=12.3} (milliseconds, shown by browser developer tools) and/or {@code X-Runtime: 0.012300}
 * (seconds, as Rack reports it).
 *
 * <pre>{@code
 * Pipeline.builder().use(ServerTiming.of()).run(app);
 * Pipeline.builder().use(ServerTiming.builder().metric("db").xRuntime(true).build()).run(app);
 * }</pre>
 *
 * <p>Headers leave before the body, so the time measured runs from the call to the moment the status
 * is known: when the application returns its body (or, for one that starts while iterated, when it
 * starts); time spent streaming the body afterwards is not included. An existing Server-Timing value
 * from the application is kept and this metric appended. Defaults: metric {@code app}, Server-Timing
 * on, X-Runtime off.
 *
 * @since 0.1
 */
public final class ServerTiming implements Application {
    /** The Server-Timing metric name unless the builder says otherwise: {@code app}. @since 0.2 */
    public static final String DEFAULT_METRIC = "app";

    /** The header with its name checked once; each request makes its value ({@link Header#withValue}). */
    private static final Header SERVER_TIMING = Header.of("Server-Timing", "-");
    /** Durations up to 99.9 ms have their header kept: at most 1,000 small headers per instance. */
    private static final int CACHED_TENTHS = 1000;

    private final Application next;
    private final Config config;
    private final String durPrefix; // "app;dur=", joined once
    /**
     * The Server-Timing headers of the durations seen so far below {@link #CACHED_TENTHS} tenths of a
     * millisecond, made on first use: most responses take one of a few such durations, so the value is
     * formatted and checked once instead of per request. Filled racily on purpose: a Header's fields are
     * final, so a thread sees either null (and makes an equal header) or a complete one.
     */
    private final Header[] byTenths = new Header[CACHED_TENTHS];

    /** What a built ServerTiming does; immutable. */
    private record Config(String metric, boolean serverTiming, boolean xRuntime) {
        static final Config DEFAULT = new Config(DEFAULT_METRIC, true, false);

        @Override
        public String toString() {
            return BuilderCode.of("ServerTiming")
                    .option("metric", metric, DEFAULT.metric)
                    .option("serverTiming", serverTiming, DEFAULT.serverTiming)
                    .option("xRuntime", xRuntime, DEFAULT.xRuntime)
                    .toString();
        }
    }

    private ServerTiming(Application next, Config config) {
        this.next = Objects.requireNonNull(next, "next");
        this.config = config;
        this.durPrefix = config.metric + ";dur=";
    }

    /** The middleware with the defaults: Server-Timing {@code app;dur=...}, no X-Runtime. @since 0.2 */
    public static Middleware of() {
        return builder().build();
    }

    /** A builder starting from the defaults. @since 0.1 */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The 0.1 name of {@link #of()}.
     *
     * @deprecated use {@link #of()}: one construction rule for every middleware
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static Middleware middleware() {
        return of();
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        // Only headers change: one start_response object holds the application's start until it returns
        // (TimedStart), with no held-response machinery and no body wrapper.
        TimedStart start = new TimedStart(this, startResponse, System.nanoTime());
        Iterable<byte[]> body = Objects.requireNonNull(next.call(environ, start), "body");
        start.returned();
        return body;
    }

    /** The response half: {@code headers} with the timing headers for a call of {@code nanos}. */
    List<Header> timed(List<Header> headers, long nanos) {
        List<Header> out = headers;
        if (config.serverTiming) {
            long tenths = (nanos + 50_000) / 100_000; // milliseconds to one decimal, without String.format
            if (!Headers.contains(headers, "Server-Timing")) {
                out = HeaderLists.plus(headers, header(tenths));
            } else {
                // Server-Timing is a list (its fields may repeat) and the value below replaces them all,
                // so it carries every field's metrics, not just the first field's
                StringBuilder all = new StringBuilder();
                for (String existing : Headers.getAll(headers, "Server-Timing")) {
                    if (!existing.isBlank()) {
                        all.append(existing).append(", ");
                    }
                }
                out = Headers.with(headers, "Server-Timing", all.append(metric(tenths)).toString());
            }
        }
        if (config.xRuntime) {
            long micros = (nanos + 500) / 1000;
            String fraction = Long.toString(1_000_000 + micros % 1_000_000).substring(1);
            out = Headers.with(out, "X-Runtime", micros / 1_000_000 + "." + fraction);
        }
        return out;
    }

    /** The Server-Timing header for a call of {@code tenths} tenths of a millisecond. */
    private Header header(long tenths) {
        if (tenths < 0 || tenths >= CACHED_TENTHS) {
            return SERVER_TIMING.withValue(metric(tenths));
        }
        Header h = byTenths[(int) tenths];
        if (h == null) {
            h = SERVER_TIMING.withValue(metric(tenths));
            byTenths[(int) tenths] = h;
        }
        return h;
    }

    /** {@code app;dur=1.2} for 12 tenths of a millisecond. */
    private String metric(long tenths) {
        return durPrefix + tenths / 10 + "." + tenths % 10;
    }

    @Override
    public String toString() {
        return config + ".wrap(" + next + ")";
    }

    /**
     * Configures {@link ServerTiming}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private String metric = Config.DEFAULT.metric;
        private boolean serverTiming = Config.DEFAULT.serverTiming;
        private boolean xRuntime = Config.DEFAULT.xRuntime;

        private Builder() {}

        /**
         * The Server-Timing metric name (default {@link ServerTiming#DEFAULT_METRIC}).
         *
         * @throws IllegalArgumentException if it is not a token
         * @since 0.1
         */
        public Builder metric(String name) {
            if (!Header.isToken(name)) {
                throw new IllegalArgumentException("Server-Timing metric must be a token such as \"app\", got "
                        + io.wsgi4j.Headers.describe(name));
            }
            this.metric = name;
            return this;
        }

        /** Whether to send Server-Timing (default true). @since 0.1 */
        public Builder serverTiming(boolean on) {
            this.serverTiming = on;
            return this;
        }

        /** Whether to send X-Runtime in seconds (default false). @since 0.1 */
        public Builder xRuntime(boolean on) {
            this.xRuntime = on;
            return this;
        }

        /**
         * The middleware.
         *
         * @throws IllegalStateException if both headers are off (the middleware would do nothing)
         * @since 0.1
         */
        public Middleware build() {
            if (!serverTiming && !xRuntime) {
                throw new IllegalStateException("ServerTiming with both Server-Timing and X-Runtime off does nothing;"
                        + " turn one on, or leave the middleware out");
            }
            Config config = new Config(metric, serverTiming, xRuntime);
            return Middleware.named(config.toString(), next -> new ServerTiming(next, config));
        }
    }
}
