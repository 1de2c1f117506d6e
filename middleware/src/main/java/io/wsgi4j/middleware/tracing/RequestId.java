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
import io.wsgi4j.middleware.internal.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gives each request an id: a valid incoming {@code X-Request-Id} (set by a proxy in front) is kept,
 * otherwise a new one is made. The id goes into the environ under {@link #KEY}
 * ({@code wsgi4j.request_id}) for logs and error pages, and back to the client in the response header.
 *
 * <pre>{@code
 * Pipeline.builder().use(RequestId.of()).use(accessLog).run(app);
 * String id = RequestId.of(environ);
 * }</pre>
 *
 * <p>Valid incoming ids: 1 to 128 characters from {@code A-Z a-z 0-9 - _ . : + / = @}; anything else
 * (empty, too long, spaces, control characters) is replaced, so a client cannot inject text into
 * logs. New ids are 32 lowercase hex digits (128 random bits; unique, not secret). With
 * {@code builder().trustIncoming(false)} every request gets a new id.
 *
 * @since 0.1
 */
public final class RequestId implements Application {
    /**
     * The environ key {@code wsgi4j.request_id}: a {@code String}, the request's id, set by this
     * middleware; read by {@link io.wsgi4j.middleware.logging.AccessLog} and
     * {@link io.wsgi4j.middleware.errors.ErrorPages}.
     *
     * @since 0.1
     */
    public static final String KEY = "wsgi4j.request_id";

    /** The environ key of the X-Request-Id header (a constant: {@code environ.header} builds it per call). */
    private static final String INCOMING = "HTTP_X_REQUEST_ID";
    private static final boolean[] ALLOWED = new boolean[128];
    /** The response header with its name checked once; each request makes its value ({@link Header#withValue}). */
    private static final Header ECHO = Header.of("X-Request-Id", "-");

    static {
        for (char c = '0'; c <= '9'; c++) ALLOWED[c] = true;
        for (char c = 'a'; c <= 'z'; c++) ALLOWED[c] = true;
        for (char c = 'A'; c <= 'Z'; c++) ALLOWED[c] = true;
        for (char c : "-_.:+/=@".toCharArray()) ALLOWED[c] = true;
    }

    /** Incoming values are kept when valid unless the builder says otherwise. @since 0.2 */
    public static final boolean DEFAULT_TRUST_INCOMING = true;

    private final Application next;
    private final boolean trustIncoming;

    private RequestId(Application next, boolean trustIncoming) {
        this.next = Objects.requireNonNull(next, "next");
        this.trustIncoming = trustIncoming;
    }

    /** The middleware that keeps valid incoming ids. @since 0.2 */
    public static Middleware of() {
        return builder().build();
    }

    /** A builder starting from the defaults. @since 0.2 */
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

    /**
     * The 0.1 name of {@code builder().trustIncoming(trust).build()}.
     *
     * @deprecated use {@code RequestId.builder().trustIncoming(trust).build()}
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static Middleware trustIncoming(boolean trust) {
        return builder().trustIncoming(trust).build();
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        Header echo = ECHO.withValue(assign(environ, trustIncoming));
        // Adding one header needs neither the body nor a held start: rewrite each start as it passes
        // (a second start with excInfo gets the header too), and hand the application's body on as is.
        return next.call(environ, (status, headers, excInfo) -> startResponse.start(status, echoed(headers, echo),
                excInfo));
    }

    /** {@code headers} with any X-Request-Id the application set replaced by {@code echo}. */
    private static List<Header> echoed(List<Header> headers, Header echo) {
        if (!Headers.contains(headers, "X-Request-Id")) {
            return HeaderLists.plus(headers, echo); // the common case: nothing to replace
        }
        List<Header> out = new ArrayList<>(headers.size() + 1);
        for (Header h : headers) {
            if (!h.is("X-Request-Id")) {
                out.add(h);
            }
        }
        out.add(echo);
        return out;
    }

    /**
     * The request half: puts the id into {@code environ} (the incoming one when valid and trusted, else a
     * new one) and returns it.
     *
     * @since 0.1
     */
    public static String assign(Environ environ, boolean trustIncoming) {
        String incoming = trustIncoming && environ.get(INCOMING) instanceof String s ? s : null;
        String id = isValid(incoming) ? incoming : generate();
        environ.put(KEY, id);
        return id;
    }

    /** The request's id, or null when no RequestId middleware ran. @since 0.1 */
    public static String of(Environ environ) {
        return environ.get(KEY) instanceof String s ? s : null;
    }

    /**
     * The id to report for this request in logs and error pages: the one this middleware assigned,
     * else the X-Request-Id header as sent (unchecked: escape it where it is shown), else null.
     *
     * @since 0.2
     */
    public static String reported(Environ environ) {
        Object id = environ.get(KEY);
        return id instanceof String s ? s : environ.get(INCOMING) instanceof String h ? h : null;
    }

    /** True for 1 to 128 characters from {@code A-Z a-z 0-9 - _ . : + / = @}. @since 0.1 */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c >= 128 || !ALLOWED[c]) {
                return false;
            }
        }
        return true;
    }

    /**
     * A new id: 32 lowercase hex digits from 128 random bits.
     *
     * <p>The bits come from {@link ThreadLocalRandom}, a per-thread generator with no lock and no
     * system call: ids correlate log lines, they are not secrets or tokens, so a cryptographic draw
     * per request (a few hundred ns) buys nothing; 128 bits keep collisions out of reach. The digits
     * are made by {@code Hex} with no copy of the digits.
     *
     * @since 0.1
     */
    public static String generate() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Hex.of(r.nextLong(), r.nextLong());
    }

    private static String describe(boolean trust) {
        return BuilderCode.of("RequestId").option("trustIncoming", trust, DEFAULT_TRUST_INCOMING).toString();
    }

    @Override
    public String toString() {
        return describe(trustIncoming) + ".wrap(" + next + ")";
    }

    /**
     * Configures {@link RequestId}.
     *
     * @since 0.2
     */
    public static final class Builder {
        private boolean trustIncoming = DEFAULT_TRUST_INCOMING;

        private Builder() {}

        /**
         * Whether a valid incoming X-Request-Id is kept; with {@code false} every request gets a new id (default {@link #DEFAULT_TRUST_INCOMING}).
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
            return Middleware.named(describe(trust), next -> new RequestId(next, trust));
        }
    }
}
