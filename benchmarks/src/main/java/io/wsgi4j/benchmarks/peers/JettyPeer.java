// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.peers;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty 12 with a core {@link Handler} (no servlet layer), default thread pool and configuration
 * (Date header on, Server header off). The handler never blocks, so Jetty may run it on the
 * selector thread: Jetty at its fastest, not a servlet application.
 */
final class JettyPeer {
    private static final ByteBuffer HELLO = Hello.direct();

    private JettyPeer() {}

    static String start(String host, int port) throws Exception {
        Server server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost(host);
        connector.setPort(port);
        connector.setAcceptQueueSize(4096);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                return JettyPeer.handle(request, response, callback);
            }
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the JVM is exiting anyway
            }
        }));
        return "jetty=" + Server.getVersion() + " pool=" + server.getThreadPool();
    }

    private static boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        if (Hello.PLAINTEXT.equals(path) && "GET".equals(method)) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Hello.TEXT_PLAIN);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Hello.BYTES.length);
            response.write(true, HELLO.duplicate(), callback);
            return true;
        }
        if (Hello.ECHO.equals(path) && "POST".equals(method)) {
            String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type != null ? type : Hello.OCTETS);
            if (request.getLength() >= 0) {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, request.getLength());
            }
            Content.copy(request, response, callback); // asynchronous: never blocks the selector
            return true;
        }
        return false; // Jetty answers 404
    }
}
