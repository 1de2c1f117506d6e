// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.Application;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * A FastCGI 1.0 responder: serves an application to a web server (nginx {@code fastcgi_pass},
 * Apache mod_proxy_fcgi or mod_fcgid, lighttpd) — the Java form of flup's
 * {@code WSGIServer(app).run()}.
 *
 * <pre>{@code
 * FastCgiServer.bind(GatewayAddress.parse("unix:/run/app.sock"), app, GatewayConfig.defaults())
 *         .serveForever();
 * }</pre>
 *
 * <p>It listens on TCP, a Unix domain socket or an inherited socket; honours FCGI_KEEP_CONN;
 * multiplexes concurrent requests on one connection (and says so to FCGI_GET_VALUES); streams STDIN
 * into {@code wsgi.input} as records arrive; sends {@code wsgi.errors} as STDERR; answers
 * FCGI_ABORT_REQUEST by ending the response and closing the body; refuses roles other than
 * Responder with FCGI_UNKNOWN_ROLE. A malformed record stream closes that connection only.
 *
 * @since 0.1
 */
public final class FastCgiServer implements AutoCloseable {
    private static final long GRACE_MILLIS = 30_000;

    private final GatewayAddress address;
    private final Application app;
    private final GatewayConfig config;
    private final AcceptLoop loop;

    private FastCgiServer(GatewayAddress address, Application app, GatewayConfig config, AcceptLoop loop) {
        this.address = address;
        this.app = app;
        this.config = config;
        this.loop = loop;
    }

    /**
     * Binds the listening socket; requests are served once {@link #serveForever()} or
     * {@link #start()} runs.
     *
     * @throws IOException if the socket cannot be bound
     * @throws IllegalStateException for {@link GatewayAddress#inherited()} when no socket was inherited
     * @since 0.1
     */
    public static FastCgiServer bind(GatewayAddress address, Application app, GatewayConfig config) throws IOException {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(config, "config");
        SocketListener listener = SocketListener.bind(Objects.requireNonNull(address, "address"), config);
        return new FastCgiServer(address, app, config, new AcceptLoop("FastCGI", listener, config));
    }

    /** {@link #bind(GatewayAddress, Application, GatewayConfig)} with {@link GatewayConfig#defaults()}. @since 0.1 */
    public static FastCgiServer bind(GatewayAddress address, Application app) throws IOException {
        return bind(address, app, GatewayConfig.defaults());
    }

    /**
     * Serves requests until {@link #shutdown()}.
     *
     * @throws IllegalStateException if already serving
     * @since 0.1
     */
    public void serveForever() throws IOException {
        loop.serveForever((ch, onClose) -> new Connection(new FastCgiConnection(ch, app, config, loop.workers(), onClose)));
    }

    /** Serves on a background thread and returns this server. @since 0.1 */
    public FastCgiServer start() {
        Thread t = new Thread(() -> {
            try {
                serveForever();
            } catch (IOException e) {
                System.getLogger("io.wsgi4j.gateway").log(System.Logger.Level.ERROR, "FastCGI gateway stopped", e);
            }
        }, "wsgi4j-fastcgi-accept");
        t.setDaemon(true);
        t.start();
        return this;
    }

    /**
     * Stops accepting, closes idle connections and waits (up to 30 seconds) for requests in flight.
     *
     * @since 0.1
     */
    public void shutdown() {
        loop.shutdown(GRACE_MILLIS);
    }

    /** Same as {@link #shutdown()}. @since 0.1 */
    @Override
    public void close() {
        shutdown();
    }

    /** The bound address (an {@code InetSocketAddress} or {@code UnixDomainSocketAddress}). @since 0.1 */
    public SocketAddress localAddress() {
        return loop.localAddress();
    }

    /** The bound TCP port, or -1 for a Unix socket. @since 0.1 */
    public int port() {
        return loop.port();
    }

    @Override
    public String toString() {
        return "FastCgiServer.bind(GatewayAddress.parse(\"" + address + "\"), " + app + ", " + config + ")";
    }

    private record Connection(FastCgiConnection c) implements AcceptLoop.Connection {
        @Override
        public void run() {
            c.run();
        }

        @Override
        public void requestClose() {
            c.requestClose();
        }
    }
}
