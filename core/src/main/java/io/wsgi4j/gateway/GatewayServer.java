// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.Application;
import io.wsgi4j.Readiness;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * What a listening gateway ({@link FastCgiServer}, {@link ScgiServer}) is to its caller: serve until
 * shut down, in the foreground or on a background thread, and report where it listens. Subclasses
 * supply only the protocol's connection.
 *
 * <pre>{@code
 * GatewayServer server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:9000"), app).start();
 * ...
 * server.shutdown();   // stop accepting, let requests in flight finish
 * }</pre>
 *
 * @since 0.1
 */
public abstract class GatewayServer implements AutoCloseable {
    private final String protocol;
    private final GatewayAddress address;
    private final Application app;
    private final GatewayConfig config;
    private final AcceptLoop loop;
    private final Readiness readiness = new Readiness();

    GatewayServer(String protocol, GatewayAddress address, Application app, GatewayConfig config) throws IOException {
        this.protocol = protocol;
        this.address = address;
        this.app = config.readinessPath() == null ? app : readiness.probe(config.readinessPath(), app);
        this.config = config;
        SocketListener listener;
        try {
            listener = SocketListener.bind(address, config);
        } catch (IOException e) {
            throw SocketListener.naming(address, e);
        }
        try {
            this.loop = new AcceptLoop(protocol, listener, config);
        } catch (RuntimeException e) {
            // e.g. ThreadMode.VIRTUAL before Java 21: a refused gateway must not keep the port (or the socket file)
            try {
                listener.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** The protocol's connection for an accepted channel; {@code onClose} runs when it ends. */
    abstract AcceptLoop.Connection connection(SocketChannel channel, Runnable onClose);

    final Application app() {
        return app;
    }

    final GatewayConfig config() {
        return config;
    }

    final AcceptLoop loop() {
        return loop;
    }

    /**
     * Serves requests until {@link #shutdown()}, and returns once that shutdown has finished (the
     * requests in flight answered, or cut when the grace period ended), so that what follows
     * this call in a {@code main} runs after the drain. A failed accept (too many open files) is
     * logged and accepting goes on, as on the HTTP server.
     *
     * @throws IOException if the listening socket cannot serve at all (a failed accept is not one)
     * @throws IllegalStateException if already serving, or shut down
     * @since 0.1
     */
    public final void serveForever() throws IOException {
        loop.serveForever(this::connection);
    }

    /**
     * Serves on a background (daemon) thread and returns this server.
     *
     * @throws IllegalStateException if already serving, or shut down
     * @since 0.1
     */
    public GatewayServer start() {
        loop.begin(this::connection); // now, so that a shutdown right after this call takes the backlog
        Thread t = new Thread(() -> {
            try {
                loop.acceptUntilStopped();
            } catch (IOException e) {
                System.getLogger("io.wsgi4j.gateway").log(System.Logger.Level.ERROR, protocol + " gateway stopped", e);
            }
        }, "wsgi4j-" + protocol.toLowerCase(Locale.ROOT) + "-accept");
        t.setDaemon(true);
        t.start();
        return this;
    }

    /**
     * Drains: turns {@link #readiness()} to draining; stops accepting, after taking the connections
     * already in the listen backlog; closes the connections that wait with no request begun, once a
     * request that has reached the socket is read; waits (up to {@link GatewayConfig#shutdownGrace()})
     * for requests in flight and requests waiting for a worker, then cuts the connections still busy
     * with a reset. A request the web server sent before the drain began is answered, not dropped.
     * Called by a request of this gateway (an application's own stop endpoint), it returns once
     * accepting has stopped, and the wait, which includes that request, goes on on a thread of its own.
     * Calling it again does nothing and logs nothing; outside a request of this gateway it returns once
     * the first call's drain is done.
     *
     * @since 0.1
     */
    public final void shutdown() {
        readiness.drain();
        loop.shutdown(config.shutdownGrace().toMillis());
    }

    /**
     * Whether this gateway still wants requests: draining once {@link #shutdown()} begins;
     * {@link GatewayConfig#readinessPath()} (when set) answers from it. @since 0.2
     */
    public final Readiness readiness() {
        return readiness;
    }

    /** Same as {@link #shutdown()}. @since 0.1 */
    @Override
    public final void close() {
        shutdown();
    }

    /** The bound address (an {@code InetSocketAddress} or {@code UnixDomainSocketAddress}). @since 0.1 */
    public final SocketAddress localAddress() {
        return loop.localAddress();
    }

    /** The bound TCP port, or -1 for a Unix socket. @since 0.1 */
    public final int port() {
        return loop.port();
    }

    /** The factory call that made this server. @since 0.1 */
    @Override
    public String toString() {
        return getClass().getSimpleName() + ".bind(GatewayAddress.parse(\"" + address + "\"), " + app + ", "
                + config + ")";
    }
}
