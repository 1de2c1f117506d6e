// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.Application;
import io.wsgi4j.LogStream;
import java.io.IOException;
import java.nio.channels.SocketChannel;
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
 * <p>SCGI has no error channel, so {@code wsgi.errors} is {@link LogStream#wsgiErrors()}, lines to
 * this process's logging. A
 * response that fails after its headers went out is ended with a TCP reset, so the web server
 * cannot take it for complete. A malformed header block is answered {@code 400 Bad Request} naming
 * the problem (a web server passes that on instead of a 502), and closes that connection only.
 *
 * @since 0.1
 */
public final class ScgiServer extends GatewayServer {
    private ScgiServer(GatewayAddress address, Application app, GatewayConfig config) throws IOException {
        super("SCGI", address, app, config);
    }

    /**
     * Binds the listening socket; requests are served once {@link #serveForever()} or
     * {@link #start()} runs.
     *
     * @throws IOException if the socket cannot be bound (a {@link java.net.BindException} when the port or
     *     socket path is taken); the message names the address
     * @throws IllegalStateException for {@link GatewayAddress#inherited()} when no socket was inherited,
     *     or for {@link io.wsgi4j.server.ThreadMode#VIRTUAL} before Java 21 (the socket is closed again)
     * @since 0.1
     */
    public static ScgiServer bind(GatewayAddress address, Application app, GatewayConfig config) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(config, "config");
        return new ScgiServer(address, app, config);
    }

    /** {@link #bind(GatewayAddress, Application, GatewayConfig)} with {@link GatewayConfig#defaults()}. @since 0.1 */
    public static ScgiServer bind(GatewayAddress address, Application app) throws IOException {
        return bind(address, app, GatewayConfig.defaults());
    }

    /** Serves on a background thread and returns this server. @since 0.1 */
    @Override
    public ScgiServer start() {
        super.start();
        return this;
    }

    @Override
    AcceptLoop.Connection connection(SocketChannel channel, Runnable onClose) {
        return new ScgiConnection(channel, app(), loop(), LogStream.wsgiErrors(), onClose);
    }
}
