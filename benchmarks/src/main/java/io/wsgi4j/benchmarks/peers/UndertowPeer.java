// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.peers;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import org.xnio.Options;

/**
 * Undertow core (no servlet layer), handlers running on the XNIO I/O threads with the non-blocking
 * sender and receiver; default thread counts.
 */
final class UndertowPeer {
    private static final ByteBuffer HELLO = Hello.direct();

    private UndertowPeer() {}

    static String start(String host, int port) {
        Undertow server = Undertow.builder()
                .addHttpListener(port, host)
                .setSocketOption(Options.BACKLOG, 4096)
                .setHandler(UndertowPeer::handle)
                .build();
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return "undertow=" + Undertow.class.getPackage().getImplementationVersion();
    }

    private static void handle(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        if (Hello.PLAINTEXT.equals(path) && Methods.GET.equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, Hello.TEXT_PLAIN);
            exchange.getResponseSender().send(HELLO.duplicate());
        } else if (Hello.ECHO.equals(path) && Methods.POST.equals(exchange.getRequestMethod())) {
            String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
            exchange.getRequestReceiver().receiveFullBytes((ex, body) -> {
                ex.getResponseHeaders().put(Headers.CONTENT_TYPE, type != null ? type : Hello.OCTETS);
                ex.getResponseSender().send(ByteBuffer.wrap(body));
            });
        } else {
            exchange.setStatusCode(404);
            exchange.endExchange();
        }
    }
}
