// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import io.wsgi4j.Application;
import io.wsgi4j.Readiness;
import io.wsgi4j.net.ListenBacklog;
import io.wsgi4j.net.Reactor;
import io.wsgi4j.net.ShutdownDrain;
import io.wsgi4j.net.Watchdog;
import io.wsgi4j.net.Workers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference HTTP/1.1 server: wsgiref's {@code make_server} in Java, hardened for real clients.
 *
 * <pre>{@code
 * HttpServer.make("", 8000, app).serveForever();        // until shutdown()
 * HttpServer.make("", 8000, app).handleRequest();       // exactly one request, then return
 * HttpServer.serve(app, "127.0.0.1", 8080);             // Paste's one-liner
 * try (HttpServer s = HttpServer.make("127.0.0.1", 0, app).start()) {   // in the background
 *     int port = s.port();
 * }
 * }</pre>
 *
 * <p>It speaks HTTP/1.1 (RFC 9112): keep-alive, pipelining, chunked bodies both ways,
 * {@code Expect: 100-continue}, HEAD, and refuses malformed or oversized requests with the right 4xx
 * (see {@link ServerConfig} for every limit). Responses to pipelined requests (several requests
 * sent before the first answer) go out together in one write once the requests that arrived together
 * are served, in order; so a response waits while a later request of the same batch runs, and a
 * client that pipelines a slow request behind a fast one gets both answers when the slow one ends.
 * Browsers, proxies and load balancers do not pipeline. A connection holds a thread only while it works:
 * selector threads (one per core, at most 16) hold every connection that waits for a request head (from
 * the accept, or between keep-alive requests). A request that has fully arrived is served at once on
 * that thread; if it must wait or runs long, another thread takes over the selector and the request
 * finishes where it is. When that happens often, and with {@code -Dwsgi4j.inline=false}, complete heads
 * go to workers instead: a virtual thread on Java 21+ or a bounded pool of platform threads on Java 17
 * ({@link ThreadMode}), admitted in order. The shared request algorithm
 * ({@link io.wsgi4j.handler.BaseHandler}) does the WSGI side.
 *
 * @since 0.1
 */
public final class HttpServer implements AutoCloseable {
    /**
     * The server's diagnostics (accept failures, internal errors), for whatever logging the process
     * uses; the start line stays a printed line, as the seeds' servers print it ({@code quiet} turns it off).
     */
    static final System.Logger LOG = System.getLogger("io.wsgi4j.server");

    private final Application app;
    private final ServerConfig config;
    private final Readiness readiness = new Readiness();
    private final ServerSocketChannel listener;
    private final String boundHost;
    private final String serverNameFallback;
    private final int port;
    private final Workers workers;
    private final ServerErrorPage errorPage;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Semaphore connectionSlots;
    private final Watchdog watchdog = new Watchdog();
    private final Acceptor acceptor;
    /** One reactor per core: each serves its connections' ready requests inline, so all cores work. */
    private volatile Reactor[] reactors;
    private final java.util.concurrent.atomic.AtomicInteger nextReactor = new java.util.concurrent.atomic.AtomicInteger();
    /** How long a lingering close waits for more of the client's unread bytes before it closes ({@link io.wsgi4j.net.LingerLimit}). */
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** The wait for the requests in flight at a {@link #shutdown()}; serveForever() returns after it. */
    private final ShutdownDrain drain = new ShutdownDrain();
    private final AtomicLong internalErrors = new AtomicLong();
    /** What the read buffers of all connections may hold beyond their small size. */
    private final HeadBudget headBudget = HeadBudget.ofHeap();
    private volatile boolean stopping;
    private volatile boolean serving;

    private HttpServer(String host, int port, Application app, ServerConfig config) throws IOException {
        Objects.requireNonNull(app, "app");
        this.config = Objects.requireNonNull(config, "config");
        this.app = config.readinessPath() == null ? app : readiness.probe(config.readinessPath(), app);
        this.workers = workers(config);
        this.errorPage = new ServerErrorPage(config.debug());
        this.connectionSlots = new Semaphore(config.maxConnections());
        InetSocketAddress address = new InetSocketAddress(
                InetAddress.getByName(host.isEmpty() ? "0.0.0.0" : host), port);
        this.listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(address, 1024);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        InetSocketAddress bound = (InetSocketAddress) listener.getLocalAddress();
        // a wildcard bind reports the IPv6 "::" on a dual-stack JVM; say what the user asked for
        this.boundHost = address.getAddress().isAnyLocalAddress() ? address.getAddress().getHostAddress()
                : bound.getAddress().getHostAddress();
        this.serverNameFallback = io.wsgi4j.handler.AdapterSupport.serverName(boundHost);
        this.port = bound.getPort();
        this.acceptor = new Acceptor(this, listener, connectionSlots, connections);
    }

    /**
     * Binds a server for {@code app} with the default {@link ServerConfig}; it serves once
     * {@link #serveForever()}, {@link #start()} or {@link #handleRequest()} is called.
     *
     * @param host the address to listen on; {@code ""} or {@code "0.0.0.0"} for all interfaces
     * @param port the port, or 0 for a free one ({@link #port()} tells which)
     * @throws UncheckedIOException if the host does not resolve or the address cannot be bound (e.g. the
     *     port is in use); the message says which
     * @throws IllegalArgumentException if the port is outside 0..65535
     * @since 0.1
     */
    public static HttpServer make(String host, int port, Application app) {
        return make(host, port, app, ServerConfig.defaults());
    }

    /**
     * Binds a server with the given limits and timeouts.
     *
     * @throws UncheckedIOException if the address cannot be bound
     * @throws IllegalStateException if {@link ThreadMode#VIRTUAL} is asked for before Java 21
     * @since 0.1
     */
    public static HttpServer make(String host, int port, Application app, ServerConfig config) {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535 (0 for a free port), got " + port);
        }
        try {
            return new HttpServer(host, port, app, config);
        } catch (UnknownHostException e) {
            throw new UncheckedIOException("cannot listen on \"" + host + "\": the host name does not resolve to an"
                    + " address; give an address of this machine, such as 127.0.0.1, or 0.0.0.0 for all", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on \"" + host + "\" port " + port + ": " + e.getMessage()
                    + bindAdvice(e), e);
        }
    }

    /** What to change, when the failure says: the port (taken), or the host (not this machine's). */
    private static String bindAdvice(IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (m.contains("in use")) {
            return "; pick another port or 0 for a free one";
        }
        if (m.contains("assign requested address") || m.contains("not available")) {
            return "; the host is not an address of this machine (0.0.0.0 listens on all of them)";
        }
        return "";
    }

    /**
     * Serves {@code app} on host and port until the process ends: Paste's {@code serve(app, host, port)}.
     *
     * @since 0.1
     */
    public static void serve(Application app, String host, int port) {
        make(host, port, app).serveForever();
    }

    /** The port the server listens on (the chosen one when made with port 0). @since 0.1 */
    public int port() {
        return port;
    }

    /** The address the server listens on, e.g. {@code 0.0.0.0}. @since 0.1 */
    public String host() {
        return boundHost;
    }

    /**
     * Whether this server still wants requests: it turns to draining when {@link #shutdown()} begins,
     * and {@link ServerConfig#readinessPath()} (when set) answers from it. @since 0.2
     */
    public Readiness readiness() {
        return readiness;
    }

    /** The configuration. @since 0.1 */
    public ServerConfig config() {
        return config;
    }

    /**
     * Accepts and serves connections on this thread until {@link #shutdown()} is called, and returns
     * once that shutdown has finished: the requests in flight answered (or cut when the grace period
     * ended), so that what follows this call in a {@code main} runs after the drain. Prints the start
     * line first (unless {@link ServerConfig#quiet()}).
     *
     * @throws IllegalStateException if the server is already serving or was shut down
     * @since 0.1
     */
    public void serveForever() {
        beginServing();
        announce();
        try {
            acceptor.run();
        } finally {
            stopped.countDown();
        }
        if (stopping) {
            drain.await(); // what follows serveForever() in a main must come after the drain
        }
    }

    /**
     * Runs {@link #serveForever()} on a background thread and returns at once.
     *
     * @return this server, for try-with-resources
     * @throws IllegalStateException if the server is already serving or was shut down
     * @since 0.1
     */
    public HttpServer start() {
        beginServing();
        announce();
        Thread t = new Thread(() -> {
            try {
                acceptor.run();
            } finally {
                stopped.countDown();
            }
        }, "wsgi4j-acceptor-" + port);
        t.setDaemon(true);
        t.start();
        return this;
    }

    /**
     * Accepts one connection and serves exactly one request on it, on this thread, then closes it:
     * wsgiref's {@code handle_request()}. When the client is still sending a body the application did
     * not read, the close first reads it until the client has been quiet for half a second, so that
     * the client gets the whole response: a client that keeps sending holds the call up to 30 s.
     *
     * @throws IllegalStateException if the server is serving in the background or was shut down
     * @throws UncheckedIOException if accepting fails
     * @since 0.1
     */
    public void handleRequest() {
        if (serving || stopping) {
            throw new IllegalStateException("handleRequest() needs a server that is not serving or shut down;"
                    + " it was " + (stopping ? "shut down" : "already serving"));
        }
        // the connection takes a slot as the acceptor's do, since its end gives one back (forget): without it,
        // each call would raise maxConnections by one for a server that serves in the background afterwards
        connectionSlots.acquireUninterruptibly();
        SocketChannel channel;
        try {
            channel = listener.accept();
        } catch (IOException e) {
            connectionSlots.release();
            throw new UncheckedIOException("accept failed: " + e.getMessage(), e);
        }
        Connection c = acceptor.open(channel, true);
        if (c == null) {
            connectionSlots.release();
            return;
        }
        watchdog.start("wsgi4j-watchdog-" + port, Reactor.tick(shortestLimitNanos()));
        connections.add(c);
        c.run();
    }

    /**
     * Drains: turns {@link #readiness()} to draining; stops accepting, after taking the connections
     * already in the listen backlog; closes the connections that wait with no request begun, once a
     * request that has reached the server's socket is read; lets requests in flight, and requests
     * waiting for a worker, finish within {@link ServerConfig#shutdownGrace()}, each answered with
     * {@code Connection: close}; then closes what is left. A request a client sent before the drain
     * began is answered, not dropped. Returns when done; calling it again does nothing. Called by
     * a request of this server (an application's own stop endpoint), it returns once accepting has
     * stopped, and the drain, which waits for that request too, goes on on a thread of its own.
     *
     * @since 0.1
     */
    public void shutdown() {
        shutdown(config.shutdownGrace());
    }

    /**
     * As {@link #shutdown()}, with the given grace period for requests in flight.
     *
     * @throws IllegalArgumentException if grace is negative
     * @since 0.1
     */
    public void shutdown(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, got " + grace);
        }
        readiness.drain();
        boolean announce = serving && !stopping && !config.quiet();
        if (announce) {
            System.err.println("Stopping HTTP on " + boundHost + " port " + port + ": finishing the requests in flight"
                    + " (grace " + grace.toMillis() + " ms) ...");
        }
        stopping = true;
        takeBacklog();
        try {
            listener.close();
        } catch (IOException e) {
            // closed anyway
        }
        drain.run(calledByARequest(), "wsgi4j-shutdown-" + port, () -> finishShutdown(grace, announce));
    }

    /** Whether the calling thread is serving a request of this server (the application called shutdown). */
    private boolean calledByARequest() {
        Thread self = Thread.currentThread();
        for (Connection c : connections) {
            if (c.servedOn(self)) {
                return true;
            }
        }
        return false;
    }

    /** Lets the requests in flight finish within the grace period, closes the rest, stops the threads. */
    private void finishShutdown(Duration grace, boolean announce) {
        try {
            int cut = shutdownConnections(grace);
            if (announce) {
                System.err.println("Stopped HTTP on " + boundHost + " port " + port + (cut == 0
                        ? ": every request in flight finished"
                        : ": " + cut + " connection(s) still busy when the grace period ended were closed"));
            }
        } finally {
            watchdog.stop();
            Reactor[] rs = reactors;
            if (rs != null) {
                for (Reactor r : rs) {
                    r.stop();
                }
            }
            workers.shutdown();
        }
    }

    /**
     * Connections that the kernel accepted but the acceptor had not taken yet (the listen backlog)
     * may already carry requests: they are taken and served like the others, not reset by closing
     * the listener. The acceptor, blocked in accept, is woken by a connection to the server's own
     * address; once it has returned, what is left in the backlog is taken without blocking. If the
     * server cannot reach itself, the backlog is reset as the listener closes.
     */
    private void takeBacklog() {
        if (serving && listener.isOpen()) {
            ListenBacklog.afterWaking(ListenBacklog.wake(listener, from -> { }), stopped,
                    () -> ListenBacklog.takeEach(listener, acceptor::adopt));
        }
    }

    /** Returns how many connections were still busy when the grace period ended (and were closed). */
    private int shutdownConnections(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        Reactor[] rs = reactors;
        if (rs != null) {
            for (Reactor r : rs) {
                r.drainIdle(); // requests already sent are read and served; connections with none close
            }
        }
        while (true) {
            connections.removeIf(Connection::closeIfIdle);
            if (connections.isEmpty() || System.nanoTime() - deadline >= 0) {
                break;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int cut = connections.size();
        for (Connection c : connections) {
            c.forceClose();
        }
        connections.clear();
        if (serving) {
            try {
                stopped.await(grace.toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return cut;
    }

    /** Same as {@link #shutdown()}. @since 0.1 */
    @Override
    public void close() {
        shutdown();
    }

    @Override
    public String toString() {
        return "HttpServer(" + boundHost + ":" + port + ", " + workers.describe() + (stopping ? ", stopped)" : ")");
    }

    // ================================================================= internals

    private synchronized void beginServing() {
        if (serving || stopping) {
            throw new IllegalStateException("the server is " + (stopping ? "shut down" : "already serving")
                    + "; make a new one with HttpServer.make(...)");
        }
        serving = true;
        try {
            Reactor[] rs = new Reactor[Math.max(1, Math.min(16, Runtime.getRuntime().availableProcessors()))];
            for (int i = 0; i < rs.length; i++) {
                // one reactor's tick is enough to enforce the limits of blocking reads and writes
                rs[i] = new Reactor("wsgi4j-reactor-" + port + (rs.length > 1 ? "-" + i : ""), shortestLimitNanos(),
                        LINGER_NANOS, i == 0 ? watchdog::tick : () -> { }, workers);
            }
            reactors = rs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the connections: " + e.getMessage(), e);
        }
    }

    /** The threads requests run on, as the configuration asks. */
    private static Workers workers(ServerConfig config) {
        boolean virtual = config.threadMode() == ThreadMode.VIRTUAL
                || config.threadMode() == ThreadMode.AUTO && Workers.virtualAvailable();
        if (virtual && !Workers.virtualAvailable()) {
            throw new IllegalStateException("ThreadMode.VIRTUAL needs Java 21 or later, this is Java "
                    + Runtime.version().feature() + "; use ThreadMode.AUTO or PLATFORM");
        }
        return Workers.of(virtual, config.workers(), "wsgi4j-worker");
    }

    private long shortestLimitNanos() {
        return Math.min(config.headerTimeout().toNanos(),
                Math.min(config.idleTimeout().toNanos(), config.bodyTimeout().toNanos()));
    }

    private void announce() {
        if (!config.quiet()) {
            System.err.println("Serving HTTP on " + boundHost + " port " + port + " (" + workers.describe() + ") ...");
        }
    }

    Workers workers() {
        return workers;
    }

    /** The reactor a new connection waits in (round robin); null until the server serves. */
    Reactor reactor() {
        Reactor[] rs = reactors;
        return rs == null ? null : rs[Math.floorMod(nextReactor.getAndIncrement(), rs.length)];
    }

    /** Closes one waiting connection (nearest its time limit in the first reactor that has one) to make room. */
    void shed() {
        Reactor[] rs = reactors;
        if (rs != null) {
            for (int i = 0; i < rs.length; i++) {
                if (reactor().shed()) {
                    return;
                }
            }
        }
    }

    /** Connections waiting in all reactors now (approximately; for tests). */
    int waiting() {
        int n = 0;
        for (Reactor r : reactors) {
            n += r.waiting();
        }
        return n;
    }

    Watchdog watchdog() {
        return watchdog;
    }

    HeadBudget headBudget() {
        return headBudget;
    }

    /** The open connections (tests). */
    Set<Connection> connections() {
        return connections;
    }

    Application app() {
        return app;
    }

    ServerErrorPage errorPage() {
        return errorPage;
    }

    /** SERVER_NAME when the request names no host: the bound address, an IPv6 one in brackets (RFC 3875 4.1.14). */
    String serverNameFallback() {
        return serverNameFallback;
    }

    boolean stopping() {
        return stopping;
    }

    /** A connection failed in a way that is a bug in the server, not the client's doing. */
    void internalError(Connection c, RuntimeException e) {
        internalErrors.incrementAndGet();
        LOG.log(System.Logger.Level.ERROR, "internal error on " + c + ", connection dropped", e);
    }

    /** How many connections ended in an internal error (the fuzz test expects none). */
    long internalErrors() {
        return internalErrors.get();
    }

    void forget(Connection c) {
        if (connections.remove(c)) {
            connectionSlots.release();
        }
    }
}
