// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static io.wsgi4j.net.Limits.notNegative;
import static io.wsgi4j.net.Limits.positive;
import static io.wsgi4j.net.Limits.range;

import io.wsgi4j.observe.RequestObserver;
import io.wsgi4j.server.ThreadMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Every limit and option of the FastCGI and SCGI gateways, immutable; build one with
 * {@link #builder()}, as {@link io.wsgi4j.server.ServerConfig} for the HTTP server (a limit both
 * have has the same name in both).
 *
 * <pre>{@code
 * GatewayConfig config = GatewayConfig.builder()
 *         .maxBodyBytes(10 << 20)
 *         .unixSocketPermissions("rw-rw----")
 *         .build();
 * FastCgiServer.bind(GatewayAddress.parse("unix:/run/app.sock"), app, config).serveForever();
 * }</pre>
 *
 * <p>Defaults (the status a web server's client gets in brackets):
 * <ul>
 *   <li>{@code maxParamsBytes} 256 KiB, the FastCGI PARAMS or the SCGI header block (431)
 *   <li>{@code maxParamsRecords} 256 FastCGI PARAMS records per request (the connection closes)
 *   <li>{@code maxBodyBytes} 1 GiB; a larger declared body gets 413 without calling the app, a
 *       body that grows past it fails the app's read
 *   <li>{@code headerTimeout} 20 s from the accept to a complete request head (FastCGI
 *       BEGIN_REQUEST and PARAMS, the SCGI netstring); on a kept FastCGI connection, from the first
 *       byte of the next request (SCGI: 408; a connection that sent nothing is closed)
 *   <li>{@code idleTimeout} 60 s for a kept FastCGI connection (FCGI_KEEP_CONN) to send its next
 *       request (silent close)
 *   <li>{@code bodyTimeout} 30 s for each read of a request body (the read fails) and each write of
 *       a response (the connection closes). A request's first 8 KiB of body (all of a smaller one)
 *       must arrive within it of the end of the head: the gateway waits for them holding no thread,
 *       then answers 408 without calling the app (SCGI, and FastCGI for the only request on its
 *       connection). The application's reads of a body may wait for it {@code bodyTimeout} in all, plus
 *       one second for every {@code minBodyRate} bytes received (default 500; 408 beyond, as on the HTTP
 *       server). On a FastCGI connection that carries other requests too,
 *       for an application to read its body once 256 KiB of it wait (its input fails, and the other
 *       requests go on). The reader can only know of the requests that began before that wait: one
 *       whose BEGIN_REQUEST comes during it waits until that application reads its body or ends its
 *       response (nginx, Apache and lighttpd never multiplex, and are never kept waiting so)
 *   <li>{@code maxConnections} 1024 open at once (FCGI_MAX_CONNS); when full, the waiting
 *       connection nearest its time limit is closed to make room, and only when every one is
 *       working is the new one closed at once
 *   <li>{@code maxMultiplexedRequests} 64 requests at once on one FastCGI connection; more get
 *       FCGI_OVERLOADED (FCGI_CANT_MPX_CONN with a limit of 1: the connection does not multiplex).
 *       Each request may hold up to {@code maxParamsBytes} of PARAMS and 256 KiB of its body in memory
 *       before its application reads them, so a peer that multiplexes can make one connection hold
 *       {@code maxMultiplexedRequests × (maxParamsBytes + 256 KiB)}, 32 MiB with the defaults. nginx,
 *       Apache and lighttpd never multiplex: behind them, a limit of 1 bounds a connection to 512 KiB,
 *       and a Unix socket or {@code allowedPeers} keeps other peers away
 *   <li>{@code threadMode} {@link ThreadMode#AUTO}: a virtual thread per request on Java 21+,
 *       else a pool of {@code workers} platform threads
 *   <li>{@code workers} {@code max(16, 8 × cores)}, the platform pool's size (virtual threads are
 *       bounded by the connection limits instead). A connection that has no request running
 *       holds no thread.
 *   <li>{@code shutdownGrace} 30 s for requests in flight when {@link GatewayServer#shutdown()} is
 *       called; a connection still busy when it ends is cut with a reset
 *   <li>{@code allowedPeers} the FastCGI environment variable {@code FCGI_WEB_SERVER_ADDRS} when set,
 *       else any peer (TCP only)
 *   <li>{@code unixSocketPermissions} none: the socket file gets the umask's
 *   <li>{@code observer} {@link RequestObserver#NONE}: told about every finished request (metrics)
 *   <li>{@code readinessPath} none: a path answered 200 while serving, 503 while draining
 * </ul>
 *
 * <p>The three timeouts and {@code shutdownGrace} take at most 24 hours: a longer one is refused
 * with an {@link IllegalArgumentException} naming it, as a mistake (a unit confused, a digit too
 * many), rather than shortened behind the caller's back.
 *
 * @since 0.1
 */
public final class GatewayConfig {
    private static final Pattern PERMISSIONS = Pattern.compile("[r-][w-][x-][r-][w-][x-][r-][w-][x-]");
    /** FastCGI request ids are 16 bits: no more requests than that fit on one connection. */
    private static final int MAX_REQUEST_IDS = 65535;

    private final int maxParamsBytes;
    private final int maxParamsRecords;
    private final long maxBodyBytes;
    private final Duration headerTimeout;
    private final Duration idleTimeout;
    private final Duration bodyTimeout;
    private final long minBodyRate;
    private final int maxConnections;
    private final int maxMultiplexedRequests;
    private final ThreadMode threadMode;
    private final int workers;
    private final Duration shutdownGrace;
    private final List<String> allowedPeers;
    private final String unixSocketPermissions;
    private final RequestObserver observer;
    private final String readinessPath;

    private GatewayConfig(Builder b) {
        maxParamsBytes = b.maxParamsBytes;
        maxParamsRecords = b.maxParamsRecords;
        maxBodyBytes = b.maxBodyBytes;
        headerTimeout = b.headerTimeout;
        idleTimeout = b.idleTimeout;
        bodyTimeout = b.bodyTimeout;
        minBodyRate = b.minBodyRate;
        maxConnections = b.maxConnections;
        maxMultiplexedRequests = b.maxMultiplexedRequests;
        threadMode = b.threadMode;
        workers = b.workers;
        shutdownGrace = b.shutdownGrace;
        allowedPeers = b.allowedPeers;
        unixSocketPermissions = b.unixSocketPermissions;
        observer = b.observer;
        readinessPath = b.readinessPath;
    }

    /** The defaults listed above (the allowed peers read from {@code FCGI_WEB_SERVER_ADDRS} now). @since 0.1 */
    public static GatewayConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the {@link #defaults()}. @since 0.2 */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. @since 0.2 */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Parses a FastCGI {@code FCGI_WEB_SERVER_ADDRS} value: comma-separated IP addresses; null or
     * blank means any peer.
     *
     * @since 0.1
     */
    public static List<String> parsePeers(String value) {
        List<String> peers = new ArrayList<>();
        if (value != null) {
            for (String p : value.split(",")) {
                if (!p.isBlank()) {
                    peers.add(p.trim());
                }
            }
        }
        return List.copyOf(peers);
    }

    /** Largest params block (FastCGI PARAMS, SCGI header netstring) accepted; larger gets 431. @since 0.1 */
    public int maxParamsBytes() {
        return maxParamsBytes;
    }

    /** Most FastCGI PARAMS records one request may use; more closes the connection. @since 0.1 */
    public int maxParamsRecords() {
        return maxParamsRecords;
    }

    /** Largest request body accepted; larger gets 413. @since 0.1 */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Time from the accept (or a kept connection's next first byte) to a complete request head. @since 0.2 */
    public Duration headerTimeout() {
        return headerTimeout;
    }

    /** Time a kept FastCGI connection may wait for its next request. @since 0.2 */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Time allowed for each read of a request body and each write of a response. @since 0.2 */
    public Duration bodyTimeout() {
        return bodyTimeout;
    }

    /** The slowest a request body may arrive once {@code bodyTimeout} of waiting is used up, bytes per second; 0 for no minimum. @since 0.2 */
    public long minBodyRate() {
        return minBodyRate;
    }

    /** The most connections open at once (FCGI_MAX_CONNS). @since 0.1 */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * The most requests running at once on one FastCGI connection; more get FCGI_OVERLOADED, or
     * FCGI_CANT_MPX_CONN when this is 1 (FastCGI 1.0 section 5.5).
     *
     * @since 0.2
     */
    public int maxMultiplexedRequests() {
        return maxMultiplexedRequests;
    }

    /**
     * Same as {@link #maxMultiplexedRequests()}.
     *
     * @deprecated renamed: in {@link io.wsgi4j.server.ServerConfig} this name means the requests served
     *     on one connection before it closes, which is not this limit; use {@link #maxMultiplexedRequests()}
     * @since 0.1
     */
    @Deprecated(since = "0.2")
    public int maxRequestsPerConnection() {
        return maxMultiplexedRequests;
    }

    /** How requests get threads. @since 0.2 */
    public ThreadMode threadMode() {
        return threadMode;
    }

    /** The platform thread pool's size (Java 17, or {@link ThreadMode#PLATFORM}). @since 0.1 */
    public int workers() {
        return workers;
    }

    /** Time {@link GatewayServer#shutdown()} gives requests in flight. @since 0.2 */
    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    /** The peer IP addresses allowed to connect over TCP; empty means any. @since 0.1 */
    public List<String> allowedPeers() {
        return allowedPeers;
    }

    /** The Unix socket file's permissions ({@code rw-rw----}), or null for the umask's. @since 0.1 */
    public String unixSocketPermissions() {
        return unixSocketPermissions;
    }

    /** The observer told about every finished request. @since 0.2 */
    public RequestObserver observer() {
        return observer;
    }

    /**
     * The path the gateway answers itself from its {@link io.wsgi4j.Readiness} (200 while serving, 503
     * while draining), or null for none (the default). @since 0.2
     */
    public String readinessPath() {
        return readinessPath;
    }

    /**
     * A copy with {@code maxParamsBytes} changed.
     *
     * @deprecated use {@code toBuilder().maxParamsBytes(bytes).build()}; kept for code written against 0.1
     * @since 0.1
     */
    @Deprecated(since = "0.2")
    public GatewayConfig withMaxParamsBytes(int bytes) {
        return toBuilder().maxParamsBytes(bytes).build();
    }

    /**
     * A copy with {@code maxParamsRecords} changed.
     *
     * @deprecated use {@code toBuilder().maxParamsRecords(records).build()}; kept for code written against 0.1
     * @since 0.1
     */
    @Deprecated(since = "0.2")
    public GatewayConfig withMaxParamsRecords(int records) {
        return toBuilder().maxParamsRecords(records).build();
    }

    /**
     * A copy with {@code maxBodyBytes} changed.
     *
     * @deprecated use {@code toBuilder().maxBodyBytes(bytes).build()}; kept for code written against 0.1
     * @since 0.1
     */
    @Deprecated(since = "0.2")
    public GatewayConfig withMaxBodyBytes(long bytes) {
        return toBuilder().maxBodyBytes(bytes).build();
    }

    /**
     * A copy with {@code maxConnections} changed.
     *
     * @deprecated use {@code toBuilder().maxConnections(connections).build()}; kept for code written against 0.1
     * @since 0.1
     */
    @Deprecated(since = "0.2")
    public GatewayConfig withMaxConnections(int connections) {
        return toBuilder().maxConnections(connections).build();
    }

    /**
     * A copy with {@code maxMultiplexedRequests} changed; values above 65535 (the most FastCGI request
     * ids) mean 65535, as they did in 0.1.
     *
     * @deprecated use {@code toBuilder().maxMultiplexedRequests(requests).build()}; kept for code written
     *     against 0.1
     * @since 0.1
     */
    @Deprecated(since = "0.2")
    public GatewayConfig withMaxRequestsPerConnection(int requests) {
        return toBuilder().maxMultiplexedRequests(requests < 1 ? requests : Math.min(requests, MAX_REQUEST_IDS))
                .build();
    }

    /**
     * A copy with {@code allowedPeers} changed.
     *
     * @deprecated use {@code toBuilder().allowedPeers(peers).build()}; kept for code written against 0.1
     * @since 0.1
     */
    @Deprecated(since = "0.2")
    public GatewayConfig withAllowedPeers(List<String> peers) {
        return toBuilder().allowedPeers(peers).build();
    }

    /**
     * A copy with {@code unixSocketPermissions} changed.
     *
     * @deprecated use {@code toBuilder().unixSocketPermissions(permissions).build()}; kept for code written
     *     against 0.1
     * @since 0.1
     */
    @Deprecated(since = "0.2")
    public GatewayConfig withUnixSocketPermissions(String permissions) {
        return toBuilder().unixSocketPermissions(permissions).build();
    }

    /**
     * A copy with {@code workers} changed.
     *
     * @deprecated use {@code toBuilder().workers(threads).build()}; kept for code written against 0.1
     * @since 0.1
     */
    @Deprecated(since = "0.2")
    public GatewayConfig withWorkers(int threads) {
        return toBuilder().workers(threads).build();
    }

    @Override
    public String toString() {
        return "GatewayConfig{maxParamsBytes=" + maxParamsBytes + ", maxParamsRecords=" + maxParamsRecords
                + ", maxBodyBytes=" + maxBodyBytes + ", headerTimeout=" + headerTimeout
                + ", idleTimeout=" + idleTimeout + ", bodyTimeout=" + bodyTimeout + ", minBodyRate=" + minBodyRate
                + ", maxConnections=" + maxConnections + ", maxMultiplexedRequests=" + maxMultiplexedRequests
                + ", threadMode=" + threadMode + ", workers=" + workers + ", shutdownGrace=" + shutdownGrace
                + ", allowedPeers=" + allowedPeers
                + (unixSocketPermissions == null ? "" : ", unixSocketPermissions=" + unixSocketPermissions)
                + (observer == RequestObserver.NONE ? "" : ", observer=" + observer)
                + (readinessPath == null ? "" : ", readinessPath=" + readinessPath) + "}";
    }

    /** Equal when every setting is (observers by their own equality). @since 0.1 */
    @Override
    public boolean equals(Object o) {
        return o instanceof GatewayConfig c && c.toString().equals(toString()) && c.observer.equals(observer);
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /**
     * Builds a {@link GatewayConfig}; each setter checks its argument, with the same names and ranges
     * as {@link io.wsgi4j.server.ServerConfig.Builder} where the limit is the same.
     *
     * @since 0.2
     */
    public static final class Builder {
        private int maxParamsBytes = 256 * 1024;
        private int maxParamsRecords = 256;
        private long maxBodyBytes = 1L << 30;
        private Duration headerTimeout = Duration.ofSeconds(20);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration bodyTimeout = Duration.ofSeconds(30);
        private long minBodyRate = 500;
        private int maxConnections = 1024;
        private int maxMultiplexedRequests = 64;
        private ThreadMode threadMode = ThreadMode.AUTO;
        private int workers = Math.max(16, 8 * Runtime.getRuntime().availableProcessors());
        private Duration shutdownGrace = Duration.ofSeconds(30);
        private List<String> allowedPeers = parsePeers(System.getenv("FCGI_WEB_SERVER_ADDRS"));
        private String unixSocketPermissions;
        private RequestObserver observer = RequestObserver.NONE;
        private String readinessPath;

        private Builder() {}

        private Builder(GatewayConfig c) {
            maxParamsBytes = c.maxParamsBytes;
            maxParamsRecords = c.maxParamsRecords;
            maxBodyBytes = c.maxBodyBytes;
            headerTimeout = c.headerTimeout;
            idleTimeout = c.idleTimeout;
            bodyTimeout = c.bodyTimeout;
            minBodyRate = c.minBodyRate;
            maxConnections = c.maxConnections;
            maxMultiplexedRequests = c.maxMultiplexedRequests;
            threadMode = c.threadMode;
            workers = c.workers;
            shutdownGrace = c.shutdownGrace;
            allowedPeers = c.allowedPeers;
            unixSocketPermissions = c.unixSocketPermissions;
            observer = c.observer;
            readinessPath = c.readinessPath;
        }

        /**
         * Largest params block (FastCGI PARAMS, SCGI header netstring); default 256 KiB.
         *
         * @throws IllegalArgumentException unless 1..64 MiB
         * @since 0.2
         */
        public Builder maxParamsBytes(int bytes) {
            maxParamsBytes = (int) range("maxParamsBytes", bytes, 1, 64 << 20);
            return this;
        }

        /**
         * Most FastCGI PARAMS records per request; default 256.
         *
         * @throws IllegalArgumentException unless 1..1000000
         * @since 0.2
         */
        public Builder maxParamsRecords(int records) {
            maxParamsRecords = (int) range("maxParamsRecords", records, 1, 1_000_000);
            return this;
        }

        /**
         * Largest request body; default 1 GiB.
         *
         * @throws IllegalArgumentException if negative
         * @since 0.2
         */
        public Builder maxBodyBytes(long bytes) {
            maxBodyBytes = range("maxBodyBytes", bytes, 0, Long.MAX_VALUE);
            return this;
        }

        /**
         * Time from the accept to a complete request head, and on a kept FastCGI connection from
         * the first byte of the next one; default 20 s.
         *
         * @throws IllegalArgumentException unless positive and at most 24 hours
         * @since 0.2
         */
        public Builder headerTimeout(Duration timeout) {
            headerTimeout = positive("headerTimeout", timeout);
            return this;
        }

        /**
         * Time a kept FastCGI connection waits for its next request; default 60 s.
         *
         * @throws IllegalArgumentException unless positive and at most 24 hours
         * @since 0.2
         */
        public Builder idleTimeout(Duration timeout) {
            idleTimeout = positive("idleTimeout", timeout);
            return this;
        }

        /**
         * Time for each read of a request body and each write of a response; default 30 s.
         *
         * @throws IllegalArgumentException unless positive and at most 24 hours
         * @since 0.2
         */
        public Builder bodyTimeout(Duration timeout) {
            bodyTimeout = positive("bodyTimeout", timeout);
            return this;
        }

        /**
         * The slowest a request body may arrive, in bytes per second, once the application's reads have
         * waited {@code bodyTimeout} for it in all: each byte received earns its reads 1/rate seconds more.
         * Default 500, as on the HTTP server; 0 for no minimum.
         *
         * @throws IllegalArgumentException if negative
         * @since 0.2
         */
        public Builder minBodyRate(long bytesPerSecond) {
            minBodyRate = range("minBodyRate", bytesPerSecond, 0, Long.MAX_VALUE);
            return this;
        }

        /**
         * The most connections open at once; default 1024. Each takes a file descriptor, so keep it
         * below the process's limit ({@code ulimit -n}).
         *
         * @throws IllegalArgumentException unless 1..1000000
         * @since 0.2
         */
        public Builder maxConnections(int count) {
            maxConnections = (int) range("maxConnections", count, 1, 1_000_000);
            return this;
        }

        /**
         * The most requests running at once on one FastCGI connection (FCGI_MPXS_CONNS); default 64.
         *
         * @throws IllegalArgumentException unless 1..65535 (a FastCGI request id has 16 bits)
         * @since 0.2
         */
        public Builder maxMultiplexedRequests(int count) {
            maxMultiplexedRequests = (int) range("maxMultiplexedRequests", count, 1, MAX_REQUEST_IDS);
            return this;
        }

        /** How requests get threads; default {@link ThreadMode#AUTO}. @since 0.2 */
        public Builder threadMode(ThreadMode mode) {
            threadMode = Objects.requireNonNull(mode, "threadMode");
            return this;
        }

        /**
         * The platform thread pool's size, used on Java 17 or with {@link ThreadMode#PLATFORM};
         * default {@code max(16, 8 × cores)}.
         *
         * @throws IllegalArgumentException unless 1..100000
         * @since 0.2
         */
        public Builder workers(int count) {
            workers = (int) range("workers", count, 1, 100_000);
            return this;
        }

        /**
         * Time {@link GatewayServer#shutdown()} gives requests in flight; default 30 s.
         *
         * @throws IllegalArgumentException if negative or longer than 24 hours
         * @since 0.2
         */
        public Builder shutdownGrace(Duration grace) {
            shutdownGrace = notNegative("shutdownGrace", grace);
            return this;
        }

        /**
         * The peer IP addresses allowed to connect over TCP, as FCGI_WEB_SERVER_ADDRS lists them;
         * empty for any. Default: {@code FCGI_WEB_SERVER_ADDRS} when set, else any.
         *
         * @since 0.2
         */
        public Builder allowedPeers(List<String> peers) {
            Objects.requireNonNull(peers, "allowedPeers");
            for (String p : peers) {
                Objects.requireNonNull(p, "allowedPeers must not hold null; List.of() allows any peer");
            }
            allowedPeers = List.copyOf(peers);
            return this;
        }

        /**
         * Permissions for a Unix socket file, as {@code ls} prints them: {@code rw-rw----}; null (the
         * default) leaves the umask's. The socket file has them from the moment it appears at its path:
         * it is bound in a new directory next to that path that only this user may enter, given them
         * there, then linked at the path (so the directory that holds the path needs no more care than
         * for any socket file).
         *
         * @throws IllegalArgumentException if not nine characters of the form {@code rwxrwxrwx}
         * @since 0.2
         */
        public Builder unixSocketPermissions(String permissions) {
            if (permissions != null && !PERMISSIONS.matcher(permissions).matches()) {
                throw new IllegalArgumentException("unixSocketPermissions must look like \"rw-rw----\" (owner,"
                        + " group, others; r, w, x or -), got \"" + permissions + "\"");
            }
            unixSocketPermissions = permissions;
            return this;
        }

        /**
         * Tells {@code observer} about every finished request (metrics); {@link RequestObserver#NONE} by
         * default. It runs on the request's thread after the response.
         *
         * @since 0.2
         */
        public Builder observer(RequestObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * A path the gateway answers itself: 200 while serving, 503 once {@link GatewayServer#shutdown()}
         * began; null (the default) for none.
         *
         * @throws IllegalArgumentException if it does not start with {@code /}
         * @since 0.2
         */
        public Builder readinessPath(String path) {
            readinessPath = io.wsgi4j.Readiness.checkPath(path);
            return this;
        }

        /** The configuration. @since 0.2 */
        public GatewayConfig build() {
            return new GatewayConfig(this);
        }
    }
}
