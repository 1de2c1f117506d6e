// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.tracing;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.internal.BuilderCode;
import java.util.Objects;

/**
 * W3C Trace Context propagation: continues the caller's trace from a valid incoming {@code traceparent}
 * header, or starts a new one, and puts this request's ids in the environ for logs and outgoing calls.
 *
 * <pre>{@code
 * Pipeline.builder().use(TraceContext.of()).use(RequestId.of()).use(accessLog).run(app);
 * // in the app, on an outgoing HTTP call:
 * request.header("traceparent", TraceContext.of(environ).toString());
 * }</pre>
 *
 * <p>Environ keys set on every request:
 * <ul>
 *   <li>{@link #TRACE_ID} ({@code wsgi4j.trace_id}): 32 hex digits, the caller's or a new one
 *   <li>{@link #SPAN_ID} ({@code wsgi4j.span_id}): 16 hex digits, new for this request
 *   <li>{@link #PARENT_ID} ({@code wsgi4j.parent_id}): the caller's span id; absent for a new trace
 *   <li>{@link #KEY} ({@code wsgi4j.traceparent}): this request's {@link TraceParent}, whose
 *       {@code toString()} is the header to send on outgoing requests
 *   <li>{@link #TRACE_STATE} ({@code wsgi4j.tracestate}): the incoming {@code tracestate} header, kept
 *       only with a valid traceparent (as the specification asks)
 * </ul>
 *
 * <p>Invalid incoming values (see {@link TraceParent#tryParse}) start a new trace, so a client cannot
 * push malformed ids into logs. New traces have the sampled flag clear: this middleware records no
 * spans, it only carries ids; a tracer in front decides sampling. No response header is added:
 * {@code traceparent} is a request header, and {@code traceresponse} is still a draft (Trace Context
 * Level 2) that clients do not read.
 *
 * @since 0.2
 */
public final class TraceContext implements Application {
    /** Environ key of this request's {@link TraceParent}. @since 0.2 */
    public static final String KEY = "wsgi4j.traceparent";
    /** Environ key of the trace id, a {@code String}. @since 0.2 */
    public static final String TRACE_ID = "wsgi4j.trace_id";
    /** Environ key of this request's span id, a {@code String}. @since 0.2 */
    public static final String SPAN_ID = "wsgi4j.span_id";
    /** Environ key of the caller's span id, a {@code String}; absent when the trace started here. @since 0.2 */
    public static final String PARENT_ID = "wsgi4j.parent_id";
    /** Environ key of the incoming {@code tracestate} header, a {@code String}. @since 0.2 */
    public static final String TRACE_STATE = "wsgi4j.tracestate";

    private static final String INCOMING = "HTTP_TRACEPARENT";
    private static final String INCOMING_STATE = "HTTP_TRACESTATE";

    /** Incoming values are continued when valid unless the builder says otherwise. @since 0.2 */
    public static final boolean DEFAULT_TRUST_INCOMING = true;

    private final Application next;
    private final boolean trustIncoming;

    private TraceContext(Application next, boolean trustIncoming) {
        this.next = Objects.requireNonNull(next, "next");
        this.trustIncoming = trustIncoming;
    }

    /** The middleware that continues valid incoming traces. @since 0.2 */
    public static Middleware of() {
        return builder().build();
    }

    /** A builder starting from the defaults. @since 0.2 */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        assign(environ, trustIncoming);
        return next.call(environ, startResponse);
    }

    /**
     * The request half: puts this request's trace ids into {@code environ} and returns its traceparent.
     *
     * @since 0.2
     */
    public static TraceParent assign(Environ environ, boolean trustIncoming) {
        TraceParent incoming = trustIncoming && environ.get(INCOMING) instanceof String s
                ? TraceParent.tryParse(s) : null;
        TraceParent mine = incoming == null ? TraceParent.newTrace(false) : incoming.child();
        environ.put(KEY, mine);
        environ.put(TRACE_ID, mine.traceId());
        environ.put(SPAN_ID, mine.spanId());
        if (incoming != null) {
            environ.put(PARENT_ID, incoming.spanId());
            if (environ.get(INCOMING_STATE) instanceof String state) {
                environ.put(TRACE_STATE, state);
            }
        } else {
            environ.remove(PARENT_ID);
            environ.remove(TRACE_STATE);
        }
        return mine;
    }

    /** This request's traceparent, or null when no TraceContext middleware ran. @since 0.2 */
    public static TraceParent of(Environ environ) {
        return environ.get(KEY) instanceof TraceParent t ? t : null;
    }

    private static String describe(boolean trust) {
        return BuilderCode.of("TraceContext").option("trustIncoming", trust, DEFAULT_TRUST_INCOMING).toString();
    }

    @Override
    public String toString() {
        return describe(trustIncoming) + ".wrap(" + next + ")";
    }

    /**
     * Configures {@link TraceContext}.
     *
     * @since 0.2
     */
    public static final class Builder {
        private boolean trustIncoming = DEFAULT_TRUST_INCOMING;

        private Builder() {}

        /**
         * Whether a valid incoming traceparent is continued; with {@code false} every request starts a new trace (an edge server facing clients that should not pick trace ids) (default {@link #DEFAULT_TRUST_INCOMING}).
         *
         * @since 0.2
         */
        public Builder trustIncoming(boolean trust) {
            this.trustIncoming = trust;
            return this;
        }

        /** The middleware. @since 0.2 */
        public Middleware build() {
            boolean trust = trustIncoming;
            return Middleware.named(describe(trust), next -> new TraceContext(next, trust));
        }
    }
}
