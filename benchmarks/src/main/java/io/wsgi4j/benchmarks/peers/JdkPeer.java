// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.peers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK's built-in {@code com.sun.net.httpserver} with a fixed pool of 16 platform threads, or a
 * virtual thread per exchange (JDK 21+, found by reflection so this compiles for 17).
 *
 * <p>Run it with {@code -Dsun.net.httpserver.nodelay=true}: JDK 17 writes head and body as two
 * segments, and Nagle's algorithm with delayed ACKs would add 40 ms to every keep-alive response.
 */
final class JdkPeer {
    private JdkPeer() {}

    static String start(String host, int port, boolean virtual) throws Exception {
        ExecutorService executor = virtual
                ? (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null)
                : Executors.newFixedThreadPool(16);
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 4096);
        server.createContext(Hello.PLAINTEXT, JdkPeer::plaintext);
        server.createContext(Hello.ECHO, JdkPeer::echo);
        server.setExecutor(executor);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        return "executor=" + (virtual ? "virtual-thread-per-exchange" : "fixed(16)");
    }

    private static void plaintext(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
            exchange.getResponseHeaders().set("Content-Type", Hello.TEXT_PLAIN);
            exchange.sendResponseHeaders(200, Hello.BYTES.length);
            exchange.getResponseBody().write(Hello.BYTES);
        }
    }

    private static void echo(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            exchange.getResponseHeaders().set("Content-Type", type != null ? type : Hello.OCTETS);
            // -1 means "no body" to this API, 0 would mean chunked
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        }
    }
}
