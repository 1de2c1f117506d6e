// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import static io.wsgi4j.net.Limits.notNegative;
import static io.wsgi4j.net.Limits.positive;
import static io.wsgi4j.net.Limits.range;

import io.wsgi4j.observe.RequestObserver;
import java.time.Duration;
import java.util.Objects;

/**
 * Every limit and timeout of {@link HttpServer}, immutable; build one with {@link #builder()}.
 *
 * <pre>{@code
 * ServerConfig config = ServerConfig.builder()
 *         .maxBodyBytes(1 << 20)
 *         .idleTimeout(Duration.ofSeconds(15))
 *         .build();
 * HttpServer server = HttpServer.make("127.0.0.1", 8000, app, config);
 * }</pre>
 *
 * <p>Defaults (a client that breaks a limit gets the status in brackets, then the connection closes):
 * <ul>
 *   <li>{@code maxRequestLineBytes} 8192 (414; 501 when the method alone is longer)
 *   <li>{@code maxHeaderBytes} 16384, the header field lines after the request line (431)
 *   <li>{@code maxHeaderCount} 100 (431)
 *   <li>not a setting: the request heads being read on all connections at once may hold a quarter of
 *       the heap ({@code -Xmx}) beyond 1 KiB each; a head that needs more while that is taken gets 503.
 *       Without it a client that sends an almost complete large head on every connection
 *       ({@code maxConnections} x {@code maxRequestLineBytes + maxHeaderBytes}, 400 MiB at the
 *       defaults) could exhaust a small heap and bring the whole server down
 *   <li>{@code maxBodyBytes} 16 MiB, by Content-Length or as chunks arrive (413)
 *   <li>{@code maxDrainBytes} 64 KiB of request body an app left unread that is read and dropped to
 *       keep the connection; more than that closes it instead. The response says so
 *       ({@code Connection: close}) when more than this is still unread as its headers go out, even
 *       if the application reads the rest afterwards: read a large body before starting the response
 *       to keep the connection
 *   <li>{@code headerTimeout} 20 s for a whole request head: the first from the accept, later ones
 *       from their first byte (408; a connection that sent nothing is closed without an answer)
 *   <li>{@code idleTimeout} 60 s between requests on a keep-alive connection (silent close)
 *   <li>{@code bodyTimeout} 30 s for each read of a request body (the app's read fails), each
 *       write of a response (the connection closes), and the drain of a body the app left unread, in
 *       all (the connection closes instead of being kept). A request whose Content-Length body has
 *       not all arrived with its head waits, holding no thread, until the body or its first 8 KiB is
 *       here, which must be within this time of the head (else 408); the rest of a larger body,
 *       chunked bodies and those sent after {@code 100 Continue} are read as they come
 *   <li>{@code minBodyRate} 500 bytes per second: the application's reads of a body may wait for the
 *       client {@code bodyTimeout} in all, plus one second for every 500 bytes received (408 beyond, in
 *       the words of {@link BodyTimeoutException#tooSlow}), as Apache httpd's mod_reqtimeout has it, so a
 *       client cannot hold a request for hours by sending its body a few bytes at a time; 0 for no minimum
 *   <li>{@code maxRequestsPerConnection} 100000, then {@code Connection: close}; 0 for no limit
 *   <li>{@code threadMode} {@link ThreadMode#AUTO}; {@code workers} 1024: the most requests served at
 *       once (a platform thread each on Java 17, a virtual thread each on 21+); more wait their turn
 *       in arrival order. A connection waiting for a request holds no thread.
 *   <li>{@code maxConnections} 16384 open at once; when full, the waiting connection nearest its
 *       time limit is closed to make room, and only when every one is working do new ones wait in
 *       the listen backlog
 *   <li>{@code shutdownGrace} 10 s for requests in flight when {@link HttpServer#shutdown()} is called
 *   <li>{@code debug} false: 500 pages without stack trace or environ
 *   <li>{@code quiet} false: the start line is printed to standard error
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
public final class ServerConfig {
    private static final ServerConfig DEFAULTS = new Builder().build();

    private final int maxRequestLineBytes;
    private final int maxHeaderBytes;
    private final int maxHeaderCount;
    private final long maxBodyBytes;
    private final long maxDrainBytes;
    private final Duration headerTimeout;
    private final Duration idleTimeout;
    private final Duration bodyTimeout;
    private final long minBodyRate;
    private final int maxRequestsPerConnection;
    private final ThreadMode threadMode;
    private final int workers;
    private final int maxConnections;
    private final Duration shutdownGrace;
    private final boolean debug;
    private final boolean quiet;
    private final RequestObserver observer;
    private final String readinessPath;

    private ServerConfig(Builder b) {
        maxRequestLineBytes = b.maxRequestLineBytes;
        maxHeaderBytes = b.maxHeaderBytes;
        maxHeaderCount = b.maxHeaderCount;
        maxBodyBytes = b.maxBodyBytes;
        maxDrainBytes = b.maxDrainBytes;
        headerTimeout = b.headerTimeout;
        idleTimeout = b.idleTimeout;
        bodyTimeout = b.bodyTimeout;
        minBodyRate = b.minBodyRate;
        maxRequestsPerConnection = b.maxRequestsPerConnection;
        threadMode = b.threadMode;
        workers = b.workers;
        maxConnections = b.maxConnections;
        shutdownGrace = b.shutdownGrace;
        debug = b.debug;
        quiet = b.quiet;
        observer = b.observer;
        readinessPath = b.readinessPath;
    }

    /** The defaults listed above. @since 0.1 */
    public static ServerConfig defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. @since 0.1 */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. @since 0.1 */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Longest request line accepted (method, target, version); longer gets 414 (501 when the method alone is longer). @since 0.1 */
    public int maxRequestLineBytes() {
        return maxRequestLineBytes;
    }

    /** Largest header section accepted, in bytes; larger gets 431. @since 0.1 */
    public int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    /** Most header fields accepted in one request; more gets 431. @since 0.1 */
    public int maxHeaderCount() {
        return maxHeaderCount;
    }

    /** Largest request body accepted; larger gets 413. @since 0.1 */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Most unread body bytes dropped to keep a connection open. @since 0.1 */
    public long maxDrainBytes() {
        return maxDrainBytes;
    }

    /** Time allowed for a request head (the first counted from the accept); then 408. @since 0.1 */
    public Duration headerTimeout() {
        return headerTimeout;
    }

    /** Time a keep-alive connection may wait for its next request. @since 0.1 */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Time allowed for each read of a request body and each write of a response. @since 0.1 */
    public Duration bodyTimeout() {
        return bodyTimeout;
    }

    /** The slowest a request body may arrive once {@code bodyTimeout} of waiting is used up, bytes per second; 0 for no minimum. @since 0.2 */
    public long minBodyRate() {
        return minBodyRate;
    }

    /** Requests served on one connection before it closes; 0 means no limit. @since 0.1 */
    public int maxRequestsPerConnection() {
        return maxRequestsPerConnection;
    }

    /** How connections get threads. @since 0.1 */
    public ThreadMode threadMode() {
        return threadMode;
    }

    /** The most requests served at once: platform threads on Java 17, virtual threads on 21+. @since 0.1 */
    public int workers() {
        return workers;
    }

    /** The most connections open at once; more wait in the listen backlog. @since 0.2 */
    public int maxConnections() {
        return maxConnections;
    }

    /** Time {@link HttpServer#shutdown()} gives requests in flight. @since 0.1 */
    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    /** Whether 500 pages show the stack trace and environ; never on for untrusted clients. @since 0.1 */
    public boolean debug() {
        return debug;
    }

    /** Whether the start line is suppressed. @since 0.1 */
    public boolean quiet() {
        return quiet;
    }

    /** The observer told about every finished request. @since 0.2 */
    public RequestObserver observer() {
        return observer;
    }

    /**
     * The path the server answers itself from its {@link io.wsgi4j.Readiness} (200 while serving, 503
     * while draining), or null for none (the default). @since 0.2
     */
    public String readinessPath() {
        return readinessPath;
    }

    @Override
    public String toString() {
        return "ServerConfig{maxRequestLineBytes=" + maxRequestLineBytes + ", maxHeaderBytes=" + maxHeaderBytes
                + ", maxHeaderCount=" + maxHeaderCount + ", maxBodyBytes=" + maxBodyBytes
                + ", maxDrainBytes=" + maxDrainBytes + ", headerTimeout=" + headerTimeout
                + ", idleTimeout=" + idleTimeout + ", bodyTimeout=" + bodyTimeout + ", minBodyRate=" + minBodyRate
                + ", maxRequestsPerConnection=" + maxRequestsPerConnection + ", threadMode=" + threadMode
                + ", workers=" + workers + ", maxConnections=" + maxConnections + ", shutdownGrace=" + shutdownGrace
                + ", debug=" + debug + ", quiet=" + quiet
                + (observer == RequestObserver.NONE ? "" : ", observer=" + observer)
                + (readinessPath == null ? "" : ", readinessPath=" + readinessPath) + "}";
    }

    /**
     * Builds a {@link ServerConfig}; each setter checks its argument.
     *
     * @since 0.1
     */
    public static final class Builder {
        private int maxRequestLineBytes = 8192;
        private int maxHeaderBytes = 16384;
        private int maxHeaderCount = 100;
        private long maxBodyBytes = 16L << 20;
        private long maxDrainBytes = 64L << 10;
        private Duration headerTimeout = Duration.ofSeconds(20);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration bodyTimeout = Duration.ofSeconds(30);
        private long minBodyRate = 500;
        private int maxRequestsPerConnection = 100_000;
        private ThreadMode threadMode = ThreadMode.AUTO;
        private int workers = 1024;
        private int maxConnections = 16384;
        private Duration shutdownGrace = Duration.ofSeconds(10);
        private boolean debug;
        private boolean quiet;
        private RequestObserver observer = RequestObserver.NONE;
        private String readinessPath;

        private Builder() {}

        private Builder(ServerConfig c) {
            maxRequestLineBytes = c.maxRequestLineBytes;
            maxHeaderBytes = c.maxHeaderBytes;
            maxHeaderCount = c.maxHeaderCount;
            maxBodyBytes = c.maxBodyBytes;
            maxDrainBytes = c.maxDrainBytes;
            headerTimeout = c.headerTimeout;
            idleTimeout = c.idleTimeout;
            bodyTimeout = c.bodyTimeout;
            minBodyRate = c.minBodyRate;
            maxRequestsPerConnection = c.maxRequestsPerConnection;
            threadMode = c.threadMode;
            workers = c.workers;
            maxConnections = c.maxConnections;
            shutdownGrace = c.shutdownGrace;
            debug = c.debug;
            quiet = c.quiet;
            observer = c.observer;
            readinessPath = c.readinessPath;
        }

        /**
         * Longest request line; default 8192.
         *
         * @throws IllegalArgumentException unless 16..1 MiB
         * @since 0.1
         */
        public Builder maxRequestLineBytes(int bytes) {
            maxRequestLineBytes = (int) range("maxRequestLineBytes", bytes, 16, 1 << 20);
            return this;
        }

        /**
         * Largest header section (field lines after the request line); default 16384.
         *
         * @throws IllegalArgumentException unless 0..1 MiB
         * @since 0.1
         */
        public Builder maxHeaderBytes(int bytes) {
            maxHeaderBytes = (int) range("maxHeaderBytes", bytes, 0, 1 << 20);
            return this;
        }

        /**
         * Most header fields per request; default 100.
         *
         * @throws IllegalArgumentException unless 0..10000
         * @since 0.1
         */
        public Builder maxHeaderCount(int count) {
            maxHeaderCount = (int) range("maxHeaderCount", count, 0, 10_000);
            return this;
        }

        /**
         * Largest request body; default 16 MiB.
         *
         * @throws IllegalArgumentException if negative
         * @since 0.1
         */
        public Builder maxBodyBytes(long bytes) {
            maxBodyBytes = range("maxBodyBytes", bytes, 0, Long.MAX_VALUE);
            return this;
        }

        /**
         * Most unread body bytes dropped to keep a connection; default 64 KiB.
         *
         * @throws IllegalArgumentException if negative
         * @since 0.1
         */
        public Builder maxDrainBytes(long bytes) {
            maxDrainBytes = range("maxDrainBytes", bytes, 0, Long.MAX_VALUE);
            return this;
        }

        /**
         * Time for a whole request head after its first byte; default 20 s.
         *
         * @throws IllegalArgumentException unless positive and at most 24 hours
         * @since 0.1
         */
        public Builder headerTimeout(Duration timeout) {
            headerTimeout = positive("headerTimeout", timeout);
            return this;
        }

        /**
         * Time a keep-alive connection waits for its next request; default 60 s.
         *
         * @throws IllegalArgumentException unless positive and at most 24 hours
         * @since 0.1
         */
        public Builder idleTimeout(Duration timeout) {
            idleTimeout = positive("idleTimeout", timeout);
            return this;
        }

        /**
         * Time for each read of a request body and each write of a response; default 30 s.
         *
         * @throws IllegalArgumentException unless positive and at most 24 hours
         * @since 0.1
         */
        public Builder bodyTimeout(Duration timeout) {
            bodyTimeout = positive("bodyTimeout", timeout);
            return this;
        }

        /**
         * The slowest a request body may arrive, in bytes per second, once the application's reads have
         * waited {@code bodyTimeout} for it in all: each byte received earns its reads 1/rate seconds more.
         * Default 500; 0 for no minimum (each read then has {@code bodyTimeout}, however long the body takes).
         *
         * @throws IllegalArgumentException if negative
         * @since 0.2
         */
        public Builder minBodyRate(long bytesPerSecond) {
            minBodyRate = range("minBodyRate", bytesPerSecond, 0, Long.MAX_VALUE);
            return this;
        }

        /**
         * Requests per connection before it closes, 0 for no limit; default 100000.
         *
         * @throws IllegalArgumentException if negative
         * @since 0.1
         */
        public Builder maxRequestsPerConnection(int count) {
            maxRequestsPerConnection = (int) range("maxRequestsPerConnection", count, 0, Integer.MAX_VALUE);
            return this;
        }

        /** How connections get threads; default {@link ThreadMode#AUTO}. @since 0.1 */
        public Builder threadMode(ThreadMode mode) {
            threadMode = Objects.requireNonNull(mode, "threadMode");
            return this;
        }

        /**
         * The most requests served at once (the platform thread pool's size on Java 17); default 1024.
         *
         * @throws IllegalArgumentException unless 1..100000
         * @since 0.1
         */
        public Builder workers(int count) {
            workers = (int) range("workers", count, 1, 100_000);
            return this;
        }

        /**
         * The most connections open at once; default 16384. Each takes a file descriptor, so keep it
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
         * A path the server answers itself: 200 while serving, 503 once {@link HttpServer#shutdown()}
         * began (so load balancers and readiness probes stop sending); null (the default) for none.
         *
         * @throws IllegalArgumentException if it does not start with {@code /}
         * @since 0.2
         */
        public Builder readinessPath(String path) {
            readinessPath = io.wsgi4j.Readiness.checkPath(path);
            return this;
        }

        /**
         * Time {@link HttpServer#shutdown()} gives requests in flight; default 10 s.
         *
         * @throws IllegalArgumentException if negative or longer than 24 hours
         * @since 0.1
         */
        public Builder shutdownGrace(Duration grace) {
            shutdownGrace = notNegative("shutdownGrace", grace);
            return this;
        }

        /** Shows stack traces and the environ on 500 pages; default false. @since 0.1 */
        public Builder debug(boolean on) {
            debug = on;
            return this;
        }

        /** Suppresses the start line (for tests and embedding); default false. @since 0.1 */
        public Builder quiet(boolean on) {
            quiet = on;
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

        /** The configuration. @since 0.1 */
        public ServerConfig build() {
            return new ServerConfig(this);
        }
    }
}
