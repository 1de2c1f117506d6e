// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.Application;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * An SCGI gateway: serves an application to a web server's {@code scgi_pass} (nginx), mod_proxy_scgi
 * (Apache) or mod_scgi (lighttpd). Each connection carries one request: a netstring header block
 * (CONTENT_LENGTH first, SCGI=1), then the body, which streams into {@code wsgi.input}; the
 * response is written CGI-style and the connection closed.
 *
 * <pre>{@code
 * ScgiServer.bind(GatewayAddress.parse("127.0.0.1:4000"), app, GatewayConfig.defaults()).serveForever();
 * }</pre>
 *
 * <p>SCGI has no error channel, so {@code wsgi.errors} is this process's {@link System#err}. A
 * response that fails after its headers went out is ended with a TCP reset, so the web server
 * cannot take it for complete. A malformed header block closes that connection only.
 *
 * @since 0.1
 */
public final class ScgiServer implements AutoCloseable {
    private static final long GRACE_MILLIS = 30_000;

    private final GatewayAddress address;
    private final Application app;
    private final GatewayConfig config;
    private final AcceptLoop loop;

    private ScgiServer(GatewayAddress address, Application app, GatewayConfig config, AcceptLoop loop) {
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
    public static ScgiServer bind(GatewayAddress address, Application app, GatewayConfig config) throws IOException {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(config, "config");
        SocketListener listener = SocketListener.bind(Objects.requireNonNull(address, "address"), config);
        return new ScgiServer(address, app, config, new AcceptLoop("SCGI", listener, config));
    }

    /** {@link #bind(GatewayAddress, Application, GatewayConfig)} with {@link GatewayConfig#defaults()}. @since 0.1 */
    public static ScgiServer bind(GatewayAddress address, Application app) throws IOException {
        return bind(address, app, GatewayConfig.defaults());
    }

    /**
     * Serves requests until {@link #shutdown()}.
     *
     * @throws IllegalStateException if already serving
     * @since 0.1
     */
    public void serveForever() throws IOException {
        loop.serveForever((ch, onClose) -> new ScgiConnection(ch, app, config, System.err, onClose));
    }

    /** Serves on a background thread and returns this server. @since 0.1 */
    public ScgiServer start() {
        Thread t = new Thread(() -> {
            try {
                serveForever();
            } catch (IOException e) {
                System.getLogger("io.wsgi4j.gateway").log(System.Logger.Level.ERROR, "SCGI gateway stopped", e);
            }
        }, "wsgi4j-scgi-accept");
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
        return "ScgiServer.bind(GatewayAddress.parse(\"" + address + "\"), " + app + ", " + config + ")";
    }
}
