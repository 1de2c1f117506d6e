// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.Application;
import java.io.IOException;
import java.nio.channels.SocketChannel;
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
 * into {@code wsgi.input} as records arrive; sends what the request's thread writes to
 * {@code wsgi.errors} as that request's STDERR (from any other thread, such as one the application
 * started, to the {@link io.wsgi4j.LogStream#wsgiErrors() default logger}); answers
 * FCGI_ABORT_REQUEST by ending the response and closing the body; refuses roles other than
 * Responder with FCGI_UNKNOWN_ROLE. A malformed record stream closes that connection only.
 *
 * @since 0.1
 */
public final class FastCgiServer extends GatewayServer {
    private FastCgiServer(GatewayAddress address, Application app, GatewayConfig config) throws IOException {
        super("FastCGI", address, app, config);
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
    public static FastCgiServer bind(GatewayAddress address, Application app, GatewayConfig config) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(config, "config");
        return new FastCgiServer(address, app, config);
    }

    /** {@link #bind(GatewayAddress, Application, GatewayConfig)} with {@link GatewayConfig#defaults()}. @since 0.1 */
    public static FastCgiServer bind(GatewayAddress address, Application app) throws IOException {
        return bind(address, app, GatewayConfig.defaults());
    }

    /** Serves on a background thread and returns this server. @since 0.1 */
    @Override
    public FastCgiServer start() {
        super.start();
        return this;
    }

    @Override
    AcceptLoop.Connection connection(SocketChannel channel, Runnable onClose) {
        return new FastCgiConnection(channel, app(), loop(), onClose);
    }
}
