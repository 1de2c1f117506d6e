// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.peers;

import io.wsgi4j.benchmarks.apps.HelloApp;
import io.wsgi4j.jetty.JettyServer;
import io.wsgi4j.servlet.WsgiServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The engine adapters against the bare engine, pairwise on one Jetty configuration (Server header
 * off, accept queue 4096, Jetty's pool with a virtual-thread executor on Java 21+, as
 * {@link JettyServer} sets up):
 * <ul>
 *   <li>{@code jetty-blocking}: a bare core handler that declares itself blocking, so Jetty dispatches
 *       it as it dispatches the adapter (the {@code jetty} peer is non-blocking and runs on the
 *       selector);
 *   <li>{@code wsgi4j-jetty}: {@link HelloApp} on the Jetty adapter;
 *   <li>{@code servlet}: a bare servlet on Jetty 12 ee10 writing the same response;
 *   <li>{@code wsgi4j-servlet}: {@link HelloApp} through {@link WsgiServlet} on the same container.
 * </ul>
 */
public final class EnginePeers {
    private EnginePeers() {}

    /** The engine peers' names, in the order {@code engines.sh} runs them. */
    static final List<String> NAMES = List.of("jetty-blocking", "wsgi4j-jetty", "servlet", "wsgi4j-servlet");

    static void register(Map<String, PeerMain.Peer> peers) {
        for (String name : NAMES) {
            peers.put(name, (host, port) -> start(build(name, server -> listening(server, host, port))));
        }
    }

    /**
     * The named engine peer's server, not started, with the one connector {@code connector} makes
     * (a listening one for the load runs, a {@code LocalConnector} for the in-process benchmark):
     * the same handler, thread pool and HTTP configuration either way.
     *
     * @throws IllegalArgumentException if {@code name} is none of {@link #NAMES}
     */
    public static Server build(String name, Function<Server, Connector> connector) {
        return switch (name) {
            case "jetty-blocking" -> jetty(connector, new BlockingHello());
            case "wsgi4j-jetty" -> JettyServer.builder(HelloApp.INSTANCE).noPlainConnector().connector(connector)
                    .httpConfiguration(config()).threadPool(pool()).build().jetty();
            case "servlet" -> jetty(connector, servlets(new HelloServlet()));
            case "wsgi4j-servlet" -> jetty(connector, servlets(new WsgiServlet(HelloApp.INSTANCE)));
            default -> throw new IllegalArgumentException("no engine peer named \"" + name + "\"; one of " + NAMES);
        };
    }

    /** The HTTP configuration every engine peer's connector uses: Jetty's defaults, Server header off. */
    public static HttpConfiguration config() {
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        return config;
    }

    private static QueuedThreadPool pool() {
        QueuedThreadPool pool = new QueuedThreadPool();
        if (VirtualThreads.areSupported()) {
            pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("vt-"));
        }
        return pool;
    }

    private static Connector listening(Server server, String host, int port) {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config()));
        connector.setHost(host);
        connector.setPort(port);
        connector.setAcceptQueueSize(4096);
        return connector;
    }

    private static Server jetty(Function<Server, Connector> connector, Handler handler) {
        Server server = new Server(pool());
        server.addConnector(connector.apply(server));
        server.setHandler(handler);
        return server;
    }

    private static String start(Server server) throws Exception {
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the JVM is exiting anyway
            }
        }));
        return "jetty=" + Server.getVersion() + " handler=" + server.getHandler() + " pool=" + server.getThreadPool();
    }

    /** The bare blocking core handler: the same response, dispatched as Jetty dispatches the adapter. */
    private static final class BlockingHello extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!Hello.PLAINTEXT.equals(request.getHttpURI().getPath())) {
                return false;
            }
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Hello.TEXT_PLAIN);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Hello.BYTES.length);
            response.write(true, ByteBuffer.wrap(Hello.BYTES), callback);
            return true;
        }
    }

    private static ServletContextHandler servlets(HttpServlet servlet) {
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(servlet), "/*");
        return context;
    }

    /** The bare servlet: the same response, written the plainest way the Servlet API allows. */
    private static final class HelloServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (!Hello.PLAINTEXT.equals(request.getPathInfo())) {
                response.sendError(404);
                return;
            }
            response.setStatus(200);
            response.setContentType(Hello.TEXT_PLAIN);
            response.setContentLength(Hello.BYTES.length);
            response.getOutputStream().write(Hello.BYTES);
        }
    }
}
