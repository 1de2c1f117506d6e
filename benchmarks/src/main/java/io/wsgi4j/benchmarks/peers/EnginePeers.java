// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.peers;

import io.wsgi4j.benchmarks.apps.HelloApp;
import io.wsgi4j.jetty.JettyServer;
import io.wsgi4j.servlet.WsgiServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpHeader;
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
final class EnginePeers {
    private EnginePeers() {}

    static void register(Map<String, PeerMain.Peer> peers) {
        peers.put("jetty-blocking", (h, p) -> jetty(h, p, new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!Hello.PLAINTEXT.equals(request.getHttpURI().getPath())) {
                    return false;
                }
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, Hello.TEXT_PLAIN);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Hello.BYTES.length);
                response.write(true, java.nio.ByteBuffer.wrap(Hello.BYTES), callback);
                return true;
            }
        }));
        peers.put("wsgi4j-jetty", EnginePeers::wsgi4jJetty);
        peers.put("servlet", (h, p) -> jetty(h, p, servlets(new HelloServlet())));
        peers.put("wsgi4j-servlet", (h, p) -> jetty(h, p, servlets(new WsgiServlet(HelloApp.INSTANCE))));
    }

    private static HttpConfiguration config() {
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

    private static String jetty(String host, int port, Handler handler) throws Exception {
        Server server = new Server(pool());
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config()));
        connector.setHost(host);
        connector.setPort(port);
        connector.setAcceptQueueSize(4096);
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the JVM is exiting anyway
            }
        }));
        return "jetty=" + Server.getVersion() + " handler=" + handler + " pool=" + server.getThreadPool();
    }

    private static String wsgi4jJetty(String host, int port) {
        JettyServer server = JettyServer.builder(HelloApp.INSTANCE).host(host).port(port)
                .httpConfiguration(config()).threadPool(pool()).build();
        ((ServerConnector) server.jetty().getConnectors()[0]).setAcceptQueueSize(4096);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server + " pool=" + server.jetty().getThreadPool();
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
