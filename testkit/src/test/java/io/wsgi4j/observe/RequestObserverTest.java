// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.server.HttpServer;
import io.wsgi4j.server.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The request observer is told once per request, with what went to the client. The FastCGI and SCGI
 * gateways: GatewayObserverTest; the test client: TestClientObserverTest.
 */
class RequestObserverTest {
    /** Reads the body, records a route template as a router would, answers 12 bytes. */
    static final Application ROUTED = (env, sr) -> {
        env.input().readAllBytes();
        env.put(RequestRecord.ROUTE_TEMPLATE, "/items/{id}");
        sr.start("201 Created", Headers.of("Content-Type", "text/plain"));
        return Body.of("hello world!");
    };

    private final BlockingQueue<RequestRecord> seen = new LinkedBlockingQueue<>();

    /** The next record; the server tells the observer after the response, so this may wait briefly. */
    private RequestRecord next() throws InterruptedException {
        RequestRecord r = seen.poll(10, TimeUnit.SECONDS);
        assertNotNull(r, "the observer was not called");
        return r;
    }

    @Test
    void overTheHttpServerTheTransportIsHttp() throws Exception {
        HttpServer server = HttpServer.make("127.0.0.1", 0, ROUTED,
                ServerConfig.builder().quiet(true).observer(seen::add).build()).start();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("PUT /items/9 HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nConnection: close\r\n\r\nabcd")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 201 Created\r\n"), response);
        } finally {
            server.shutdown();
        }
        RequestRecord r = next();
        assertEquals(new RequestRecord("http", "PUT", "/items/9", "/items/{id}", 201, 4, 12, r.durationNanos(), false),
                r);
    }
}
