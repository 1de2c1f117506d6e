// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import io.wsgi4j.Application;
import io.wsgi4j.Readiness;
import io.wsgi4j.observe.RequestObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * A wsgi4j {@link Application} served by Jetty 12: Jetty's connectors, TLS, HTTP/2 and thread pool
 * around one {@link WsgiHandler}, without leaving wsgi4j's API.
 *
 * <pre>{@code
 * JettyServer.serve(Shop::app, 8080);                      // HTTP/1.1 on port 8080, blocks until stopped
 *
 * JettyServer server = JettyServer.builder(Shop::app)
 *         .port(8080).http2Cleartext()                     // HTTP/1.1 and h2c (prior knowledge or Upgrade)
 *         .tls(8443, Path.of("keystore.p12"), "secret")    // HTTPS with h2 by ALPN, falling back to HTTP/1.1
 *         .start();
 * }</pre>
 *
 * <p>Defaults: all interfaces, port 8080, HTTP/1.1 only, no TLS, Jetty's URI compliance except that an
 * encoded {@code /} is accepted, and reaches the application as Jetty routed it (PATH_INFO
 * {@code /a%2Fb}, no {@code wsgi4j.raw_target}; see {@link WsgiHandler}); on Java 21+ requests run on virtual
 * threads (Jetty's pool hands blocking work to a virtual-thread executor), on 17 on Jetty's
 * {@link QueuedThreadPool}. Anything else Jetty offers is one call away: {@link Builder#connector}
 * adds a connector built by the caller, {@link Builder#httpConfiguration} replaces the HTTP
 * configuration, and {@link #jetty()} returns the Jetty {@link Server} itself.
 *
 * @since 0.2
 */
public final class JettyServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector plain;
    private final ServerConnector tls;
    private final Readiness readiness;
    private final InFlightRequests inFlight;
    private final Duration shutdownGrace;
    /** Set when {@link #stop()} begins; {@link #stopped} counts down once it has stopped Jetty (or failed to). */
    private volatile boolean stopping;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private JettyServer(Server server, ServerConnector plain, ServerConnector tls, Readiness readiness,
            InFlightRequests inFlight, Duration shutdownGrace) {
        this.server = server;
        this.readiness = readiness;
        this.plain = plain;
        this.tls = tls;
        this.inFlight = inFlight;
        this.shutdownGrace = shutdownGrace;
    }

    /**
     * Serves {@code app} over HTTP/1.1 on {@code port} of all interfaces until the JVM stops: the
     * one-line form, like {@code HttpServer.serve}.
     *
     * @throws IllegalStateException if Jetty cannot start (for example the port is taken)
     * @since 0.2
     */
    public static void serve(Application app, int port) {
        builder(app).port(port).start().join();
    }

    /**
     * A builder for a server serving {@code app}.
     *
     * @throws NullPointerException if {@code app} is null
     * @since 0.2
     */
    public static Builder builder(Application app) {
        return new Builder(app);
    }

    /** Starts Jetty (binding its ports); returns this. @throws IllegalStateException if it cannot start @since 0.2 */
    public JettyServer start() {
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the start failure is the one to report
            }
            throw new IllegalStateException(startFailure(e), e);
        }
        return this;
    }

    /**
     * Why the start failed. A taken port is the usual reason, and Jetty's message for it ("Failed to
     * bind to /127.0.0.1:8080") keeps the reason in its cause: that one is named, with what to change,
     * as {@code HttpServer.make} does.
     */
    private String startFailure(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException bind) {
                String where = t == e ? "" : e.getMessage() + ": "; // Jetty's wrapper names the address
                return "Jetty could not start: " + where + bind.getMessage() + "; pick another port or 0 for a free one";
            }
        }
        return "Jetty could not start " + this + ": " + e;
    }

    /** The port of the plain (HTTP/1.1, h2c) connector once started, or -1 if there is none. @since 0.2 */
    public int port() {
        return plain == null ? -1 : plain.getLocalPort();
    }

    /** The port of the TLS connector once started, or -1 if there is none. @since 0.2 */
    public int tlsPort() {
        return tls == null ? -1 : tls.getLocalPort();
    }

    /** The Jetty server, for whatever this class does not expose. @since 0.2 */
    public Server jetty() {
        return server;
    }

    /**
     * Blocks until the server has stopped: after a {@link #stop()}, until that stop is complete (Jetty's
     * own join can return while Jetty is still stopping, once its threads have ended). @since 0.2
     */
    public void join() {
        try {
            server.join();
            if (stopping) {
                stopped.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether this server still wants requests: draining once {@link #stop()} begins;
     * {@link Builder#readinessPath} (when set) answers from it. @since 0.2
     */
    public Readiness readiness() {
        return readiness;
    }

    /**
     * Drains and stops Jetty, in the order every wsgi4j transport drains: {@link #readiness()} turns to
     * draining (the readiness path answers 503); the listening sockets close, so connections waiting in
     * the backlog are reset before a single response byte (a proxy retries them elsewhere); requests
     * already in the application finish, within the {@linkplain Builder#shutdownGrace grace period}
     * (10 s unless set); then Jetty stops and closes the idle connections. A request still running
     * when the grace period ends is cut off. Safe to call from a SIGTERM handler
     * ({@code TermSignal.onTerm(server::stop)}) while another thread is in {@link #join()}. Called by a
     * request (an application's own stop endpoint), it returns once the listening sockets are closed, and
     * the wait, which includes that request, and the stop go on on a thread of its own ({@link #join()}
     * returns when they are done).
     *
     * @throws IllegalStateException if Jetty fails to stop
     * @since 0.2
     */
    public void stop() {
        stopping = true;
        readiness.drain();
        if (InFlightRequests.calledByARequest()) {
            // waiting here for the requests in flight would wait for this one, which could then never be
            // answered (and Jetty would be stopped under it): the drain goes on without it, on a thread that
            // keeps the JVM until it is done
            closeListeners();
            Thread drain = new Thread(() -> {
                try {
                    drainAndStop();
                } catch (IllegalStateException e) {
                    System.getLogger("io.wsgi4j.jetty").log(System.Logger.Level.ERROR, e.getMessage(), e);
                }
            }, "wsgi4j-jetty-stop");
            drain.setDaemon(false);
            drain.start();
            return;
        }
        drainAndStop();
    }

    /** Closes the listening sockets: new connections are refused from now on. */
    private void closeListeners() {
        for (Connector c : server.getConnectors()) {
            if (c instanceof NetworkConnector listening) {
                listening.close();
            }
        }
    }

    /** Closes the listeners, waits for the requests in flight within the grace period, then stops Jetty. */
    private void drainAndStop() {
        try {
            closeListeners();
            try {
                inFlight.awaitNone(shutdownGrace);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stop now: what is still running is cut off
            }
            server.setStopTimeout(0); // nothing left worth waiting for: close the idle connections at once
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop cleanly: " + e, e);
        } finally {
            stopped.countDown();
        }
    }

    /** How many requests are in the application or writing their response now. @since 0.2 */
    public int requestsInFlight() {
        return inFlight.count();
    }

    /** Same as {@link #stop()}. @since 0.2 */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        List<String> connectors = new ArrayList<>();
        for (Connector c : server.getConnectors()) {
            String port = c instanceof NetworkConnector n ? ":" + n.getLocalPort() : "";
            connectors.add(c.getProtocols() + port);
        }
        return "JettyServer" + connectors + " -> " + server.getHandler();
    }

    /**
     * Configures a {@link JettyServer}; {@link #build()} or {@link #start()} makes it.
     *
     * @since 0.2
     */
    public static final class Builder {
        private final Application app;
        private String host;
        private int port = 8080;
        private boolean plain = true;
        private boolean h2c;
        private int tlsPort = -1;
        private SslContextFactory.Server ssl;
        private boolean virtualThreads = true;
        private ThreadPool threadPool;
        private HttpConfiguration httpConfiguration;
        private final List<Function<Server, Connector>> extraConnectors = new ArrayList<>();
        private String readinessPath;
        private Duration shutdownGrace = Duration.ofSeconds(10);
        private RequestObserver observer = RequestObserver.NONE;

        private Builder(Application app) {
            this.app = Objects.requireNonNull(app, "app");
        }

        /**
         * How long {@link JettyServer#stop()} waits for requests in flight to finish: 10 s by default.
         *
         * <p>{@code JettyServer.builder(app).shutdownGrace(Duration.ofSeconds(30))}
         *
         * @throws IllegalArgumentException if {@code grace} is null or negative
         * @since 0.2
         */
        public Builder shutdownGrace(Duration grace) {
            if (grace == null || grace.isNegative()) {
                throw new IllegalArgumentException("shutdownGrace must be zero or more, got " + grace
                        + "; use Duration.ZERO to cut requests off at once");
            }
            this.shutdownGrace = grace;
            return this;
        }

        /**
         * A path the server answers itself: 200 while serving, 503 once {@link JettyServer#stop()} began;
         * none by default.
         *
         * @throws IllegalArgumentException if it does not start with {@code /}
         * @since 0.2
         */
        public Builder readinessPath(String path) {
            this.readinessPath = Readiness.checkPath(path);
            return this;
        }

        /** The interface to bind, e.g. {@code 127.0.0.1}; all interfaces by default. @since 0.2 */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * The plain connector's port (0 for an ephemeral one); 8080 by default.
         *
         * @throws IllegalArgumentException if the port is outside 0-65535
         * @since 0.2
         */
        public Builder port(int port) {
            this.port = checkPort(port);
            this.plain = true;
            return this;
        }

        /** No plain connector: TLS (or the caller's connectors) only. @since 0.2 */
        public Builder noPlainConnector() {
            this.plain = false;
            return this;
        }

        /** HTTP/2 without TLS on the plain connector, by prior knowledge or {@code Upgrade: h2c}. @since 0.2 */
        public Builder http2Cleartext() {
            this.h2c = true;
            return this;
        }

        /**
         * A TLS connector on {@code port} with the key store at {@code keyStore} (PKCS12 or JKS), speaking
         * h2 when the client offers it by ALPN and HTTP/1.1 otherwise.
         *
         * @throws IllegalArgumentException if the port is outside 0-65535
         * @since 0.2
         */
        public Builder tls(int port, Path keyStore, String password) {
            SslContextFactory.Server factory = new SslContextFactory.Server();
            factory.setKeyStorePath(keyStore.toAbsolutePath().toString());
            factory.setKeyStorePassword(Objects.requireNonNull(password, "password"));
            return tls(port, factory);
        }

        /**
         * A TLS connector on {@code port} configured by Jetty's {@link SslContextFactory.Server} (key
         * store, ciphers, client certificates, ...), with h2 by ALPN and HTTP/1.1.
         *
         * @throws IllegalArgumentException if the port is outside 0-65535
         * @since 0.2
         */
        public Builder tls(int port, SslContextFactory.Server factory) {
            this.tlsPort = checkPort(port);
            this.ssl = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Whether requests run on virtual threads when the JVM has them (Java 21+); true by default,
         * ignored on Java 17-20 and when {@link #threadPool} is set.
         *
         * @since 0.2
         */
        public Builder virtualThreads(boolean enabled) {
            this.virtualThreads = enabled;
            return this;
        }

        /** Jetty's thread pool, replacing the default. @since 0.2 */
        public Builder threadPool(ThreadPool pool) {
            this.threadPool = Objects.requireNonNull(pool, "pool");
            return this;
        }

        /**
         * The HTTP configuration of every connector this builder makes (header sizes, URI compliance,
         * Server header, ...), replacing the defaults above. The TLS connector uses a copy with a
         * {@link SecureRequestCustomizer} added.
         *
         * @since 0.2
         */
        public Builder httpConfiguration(HttpConfiguration configuration) {
            this.httpConfiguration = Objects.requireNonNull(configuration, "configuration");
            return this;
        }

        /**
         * Tells {@code observer} about every request the application finishes (metrics:
         * {@code MicrometerObserver}), as {@code ServerConfig.builder().observer(...)} does for the
         * reference server; none by default.
         *
         * @throws NullPointerException if {@code observer} is null
         * @since 0.2
         */
        public Builder observer(RequestObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /** Adds a connector the caller builds for the server (Unix sockets, HTTP/3, PROXY protocol, ...). @since 0.2 */
        public Builder connector(Function<Server, Connector> connector) {
            extraConnectors.add(Objects.requireNonNull(connector, "connector"));
            return this;
        }

        /**
         * The server, not started.
         *
         * @throws IllegalStateException if there would be no connector at all
         * @since 0.2
         */
        public JettyServer build() {
            if (!plain && ssl == null && extraConnectors.isEmpty()) {
                throw new IllegalStateException("the server has no connector: keep the plain one (port(...)), add"
                        + " tls(...) or connector(...)");
            }
            Server server = new Server(threadPool != null ? threadPool : defaultPool());
            HttpConfiguration config = httpConfiguration != null ? httpConfiguration : defaultConfiguration();
            ServerConnector plainConnector = null;
            if (plain) {
                plainConnector = h2c
                        ? new ServerConnector(server, new HttpConnectionFactory(config),
                                new HTTP2CServerConnectionFactory(config))
                        : new ServerConnector(server, new HttpConnectionFactory(config));
                bind(plainConnector, port);
                server.addConnector(plainConnector);
            }
            ServerConnector tlsConnector = null;
            if (ssl != null) {
                tlsConnector = tlsConnector(server, config);
                server.addConnector(tlsConnector);
            }
            for (Function<Server, Connector> extra : extraConnectors) {
                server.addConnector(extra.apply(server));
            }
            Readiness readiness = new Readiness();
            Application served = readinessPath == null ? app : readiness.probe(readinessPath, app);
            InFlightRequests inFlight = new InFlightRequests(new WsgiHandler(served, observer));
            server.setHandler(inFlight);
            return new JettyServer(server, plainConnector, tlsConnector, readiness, inFlight, shutdownGrace);
        }

        /** Builds and starts the server. @throws IllegalStateException if Jetty cannot start @since 0.2 */
        public JettyServer start() {
            return build().start();
        }

        private ServerConnector tlsConnector(Server server, HttpConfiguration config) {
            HttpConfiguration secure = new HttpConfiguration(config);
            secure.addCustomizer(new SecureRequestCustomizer());
            HttpConnectionFactory http11 = new HttpConnectionFactory(secure);
            HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(secure);
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(h2.getProtocol(), http11.getProtocol());
            alpn.setDefaultProtocol(http11.getProtocol());
            SslConnectionFactory tlsFactory = new SslConnectionFactory(ssl, alpn.getProtocol());
            ServerConnector connector = new ServerConnector(server, tlsFactory, alpn, h2, http11);
            bind(connector, tlsPort);
            return connector;
        }

        private void bind(ServerConnector connector, int p) {
            connector.setPort(p);
            if (host != null) {
                connector.setHost(host);
            }
        }

        private static HttpConfiguration defaultConfiguration() {
            HttpConfiguration config = new HttpConfiguration();
            // Jetty answers 400 to an encoded "/" (%2F) by default because a servlet path would be ambiguous; the
            // core adapter has no servlet path, and hands the application the path as routed, "%2F" kept, so a
            // handler in front and the application see one path
            config.setUriCompliance(UriCompliance.DEFAULT.with("wsgi4j",
                    UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
            return config;
        }

        private ThreadPool defaultPool() {
            QueuedThreadPool pool = new QueuedThreadPool();
            pool.setName("wsgi4j-jetty");
            if (virtualThreads && VirtualThreads.areSupported()) {
                pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("wsgi4j-jetty-vt-"));
            }
            return pool;
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535 (0 for an ephemeral port), not " + port);
            }
            return port;
        }
    }
}
