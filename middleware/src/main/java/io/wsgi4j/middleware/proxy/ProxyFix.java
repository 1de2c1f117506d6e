// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.proxy;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.internal.BuilderCode;
import java.util.Map;
import java.util.Objects;

/**
 * Restores what the client sent from the headers trusted reverse proxies add: the client address,
 * scheme, host and mount prefix, from {@code Forwarded} (RFC 7239) or
 * {@code X-Forwarded-For/-Proto/-Host/-Prefix}.
 *
 * <pre>{@code
 * // one nginx in front, which sets X-Forwarded-For and X-Forwarded-Proto
 * Pipeline.builder().use(ProxyFix.builder().trustedHops(1).build()).run(app);
 * }</pre>
 *
 * <p>Each proxy appends to these headers, so only the last {@code trustedHops} entries were written by
 * proxies you run; the entry {@code trustedHops} from the right is the one used, and a header with
 * fewer entries is ignored (the client wrote it). Headers are read from the right, so what the client
 * sent on the left, however long or malformed (an open quote in {@code Forwarded}), cannot move or
 * swallow the entries your proxies appended. Values are checked before use: an address must be
 * an IP literal, a scheme {@code http} or {@code https}, a host a host name or IP with an optional
 * port, a prefix a path (one leading slash: no scheme, no {@code //host}, no backslash, no encoded
 * slash, backslash or percent, no dot segments plain or encoded, no control characters once decoded);
 * anything malformed is ignored, silently (a client can send these headers at will, so logging each
 * would let it fill the log), and the environ keeps the server's value. What changes, and the original kept under {@code wsgi4j.original.}
 * + key: REMOTE_ADDR; wsgi.url_scheme; HTTP_HOST, SERVER_NAME and SERVER_PORT; SCRIPT_NAME (the prefix
 * goes in front, of {@code wsgi4j.raw_target} too, for the application only: both are restored when it
 * returns). A well-formed {@code Forwarded} header, when enabled, wins over the X- headers.
 * Defaults: one hop; X-Forwarded-For and X-Forwarded-Proto on; Forwarded, Host and Prefix off. Turn a
 * header on only when your proxy sets it (nginx and most proxies set no {@code Forwarded}): a proxy
 * passes on what the client sent, so a header your proxy does not write is the client's, and with
 * {@code Forwarded} on, a client's {@code Forwarded: for=6.6.6.6;proto=https} would win over the
 * X-Forwarded-For your proxy appended.
 *
 * @since 0.1
 */
public final class ProxyFix implements Application {
    /** The prefix of the keys that keep the values this middleware replaced. @since 0.1 */
    public static final String ORIGINAL = "wsgi4j.original.";

    /** Environ keys of the forwarding headers, built once: they are looked for on every request. */
    private static final String FORWARDED = Environ.headerKey("Forwarded");
    private static final String X_FORWARDED_FOR = Environ.headerKey("X-Forwarded-For");
    private static final String X_FORWARDED_PROTO = Environ.headerKey("X-Forwarded-Proto");
    private static final String X_FORWARDED_HOST = Environ.headerKey("X-Forwarded-Host");
    private static final String X_FORWARDED_PREFIX = Environ.headerKey("X-Forwarded-Prefix");

    private final Application next;
    private final Config config;

    /** What a built ProxyFix reads; immutable. */
    private record Config(int hops, boolean forwarded, boolean forHeader, boolean proto, boolean host,
            boolean prefix) {
        /** One hop; X-Forwarded-For and X-Forwarded-Proto on; Forwarded, Host and Prefix off. */
        static final Config DEFAULT = new Config(1, false, true, true, false, false);

        @Override
        public String toString() {
            return BuilderCode.of("ProxyFix")
                    .option("trustedHops", hops, DEFAULT.hops)
                    .option("forwarded", forwarded, DEFAULT.forwarded)
                    .option("xForwardedFor", forHeader, DEFAULT.forHeader)
                    .option("xForwardedProto", proto, DEFAULT.proto)
                    .option("xForwardedHost", host, DEFAULT.host)
                    .option("xForwardedPrefix", prefix, DEFAULT.prefix)
                    .toString();
        }
    }

    private ProxyFix(Application next, Config config) {
        this.next = Objects.requireNonNull(next, "next");
        this.config = config;
    }

    /** The middleware with the defaults: one trusted hop, X-Forwarded-For and X-Forwarded-Proto. @since 0.2 */
    public static Middleware of() {
        return builder().build();
    }

    /** A builder with the defaults. @since 0.1 */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        if (!config.prefix) {
            apply(environ);
            return next.call(environ, startResponse);
        }
        // a prefix moves SCRIPT_NAME (and the raw target) for the application only: SPEC R6.1 has the
        // caller find both as it left them
        String scriptName = environ.scriptName();
        Object rawTarget = environ.get(Environ.RAW_TARGET);
        apply(environ);
        try {
            return next.call(environ, startResponse);
        } finally {
            environ.put(Environ.SCRIPT_NAME, scriptName);
            if (rawTarget == null) {
                environ.remove(Environ.RAW_TARGET);
            } else {
                environ.put(Environ.RAW_TARGET, rawTarget);
            }
        }
    }

    /**
     * The request half: rewrites {@code environ} from its trusted proxy headers.
     *
     * @since 0.1
     */
    public void apply(Environ environ) {
        int hops = config.hops;
        Map<String, String> fwd = config.forwarded
                ? ForwardedValues.forwardedElement((String) environ.get(FORWARDED), hops) : null;
        String addr;
        String scheme;
        String host;
        if (fwd != null) {
            addr = ForwardedValues.nodeAddress(fwd.get("for"));
            scheme = ForwardedValues.scheme(fwd.get("proto"));
            host = config.host ? ForwardedValues.host(fwd.get("host")) : null;
        } else {
            addr = config.forHeader ? ForwardedValues.nodeAddress(
                    ForwardedValues.fromRight((String) environ.get(X_FORWARDED_FOR), hops)) : null;
            scheme = config.proto ? ForwardedValues.scheme(
                    ForwardedValues.fromRight((String) environ.get(X_FORWARDED_PROTO), hops)) : null;
            host = config.host ? ForwardedValues.host(
                    ForwardedValues.fromRight((String) environ.get(X_FORWARDED_HOST), hops)) : null;
        }
        String prefix = config.prefix ? ForwardedValues.prefix(
                ForwardedValues.fromRight((String) environ.get(X_FORWARDED_PREFIX), hops)) : null;
        if (addr != null) {
            replace(environ, Environ.REMOTE_ADDR, addr);
        }
        if (scheme != null) {
            replace(environ, Environ.WSGI_URL_SCHEME, scheme);
        }
        if (host != null) {
            replace(environ, "HTTP_HOST", host);
            int colon = host.startsWith("[") ? host.indexOf("]:") + 1 : host.lastIndexOf(':');
            replace(environ, Environ.SERVER_NAME, colon > 0 ? host.substring(0, colon) : host);
            replace(environ, Environ.SERVER_PORT, colon > 0 ? host.substring(colon + 1)
                    : environ.urlScheme().equals("https") ? "443" : "80");
        }
        if (prefix != null && !prefix.isEmpty()) {
            replace(environ, Environ.SCRIPT_NAME, prefix + environ.scriptName());
            prefixRawTarget(environ, prefix);
        }
    }

    /**
     * Puts {@code prefix} in front of the raw target too, so that it still decodes to SCRIPT_NAME +
     * PATH_INFO (SPEC R2.16); a target not in origin form ({@code *}, absolute form) cannot take a
     * prefix and is dropped, which the spec allows (the original stays under {@link #ORIGINAL}).
     */
    private static void prefixRawTarget(Environ environ, String prefix) {
        String raw = environ.rawTarget();
        if (raw == null) {
            return;
        }
        if (raw.startsWith("/")) {
            replace(environ, Environ.RAW_TARGET, io.wsgi4j.PercentCodec.encodePath(prefix) + raw);
        } else {
            environ.putIfAbsent(ORIGINAL + Environ.RAW_TARGET, raw);
            environ.remove(Environ.RAW_TARGET);
        }
    }

    private static void replace(Environ environ, String key, String value) {
        Object old = environ.put(key, value);
        if (old != null && !old.equals(value)) {
            environ.putIfAbsent(ORIGINAL + key, old);
        }
    }

    @Override
    public String toString() {
        return config + ".wrap(" + next + ")";
    }

    /**
     * Configures {@link ProxyFix}: how many proxies in front are trusted and which headers to read.
     *
     * <pre>{@code
     * ProxyFix.builder().trustedHops(2).xForwardedHost(true).xForwardedPrefix(true).build()
     * }</pre>
     *
     * @since 0.1
     */
    public static final class Builder {
        private int hops = Config.DEFAULT.hops;
        private boolean forwarded = Config.DEFAULT.forwarded;
        private boolean forHeader = Config.DEFAULT.forHeader;
        private boolean proto = Config.DEFAULT.proto;
        private boolean host = Config.DEFAULT.host;
        private boolean prefix = Config.DEFAULT.prefix;

        private Builder() {}

        /**
         * How many reverse proxies you run in front of the application (default 1).
         *
         * @throws IllegalArgumentException if not in 1..16
         * @since 0.1
         */
        public Builder trustedHops(int count) {
            if (count < 1 || count > 16) {
                throw new IllegalArgumentException("trustedHops must be 1..16 (the number of proxies you run), got "
                        + count + "; leave ProxyFix out when no proxy is in front");
            }
            this.hops = count;
            return this;
        }

        /**
         * Whether to read RFC 7239 {@code Forwarded} (default false: turn it on only when your proxy
         * sets it, or a client's own header would win over the X- headers your proxy appends).
         *
         * @since 0.1
         */
        public Builder forwarded(boolean on) {
            this.forwarded = on;
            return this;
        }

        /** Whether to read X-Forwarded-For (default true). @since 0.1 */
        public Builder xForwardedFor(boolean on) {
            this.forHeader = on;
            return this;
        }

        /** Whether to read X-Forwarded-Proto (default true). @since 0.1 */
        public Builder xForwardedProto(boolean on) {
            this.proto = on;
            return this;
        }

        /** Whether to read the host, from X-Forwarded-Host or Forwarded {@code host=} (default false). @since 0.1 */
        public Builder xForwardedHost(boolean on) {
            this.host = on;
            return this;
        }

        /** Whether to read X-Forwarded-Prefix (default false). @since 0.1 */
        public Builder xForwardedPrefix(boolean on) {
            this.prefix = on;
            return this;
        }

        /**
         * The middleware.
         *
         * @throws IllegalStateException if every header is turned off
         * @since 0.1
         */
        public Middleware build() {
            if (!forwarded && !forHeader && !proto && !host && !prefix) {
                throw new IllegalStateException("ProxyFix with every header off does nothing; turn one on");
            }
            Config config = new Config(hops, forwarded, forHeader, proto, host, prefix);
            return Middleware.named(config.toString(), next -> new ProxyFix(next, config));
        }
    }
}
