// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.Write;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What one FastCGI response does must never reach the next on a kept connection (FCGI_KEEP_CONN). */
class FastCgiResponseIsolationTest {
    private FastCgiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown();
        }
    }

    @Test
    void callablesKeptFromTheFirstRequestThrowInTheSecondWhoseResponseStaysCleanR1_1() throws Exception {
        AtomicReference<StartResponse> keptStart = new AtomicReference<>();
        AtomicReference<Write> keptWrite = new AtomicReference<>();
        List<String> refusals = new CopyOnWriteArrayList<>();
        server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (env, sr) -> {
            if (env.pathInfo().equals("/first")) {
                keptStart.set(sr);
                keptWrite.set(sr.start(Status.OK, Headers.of("Content-Type", "text/plain")));
                return Body.of("first");
            }
            sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            try {
                keptWrite.get().write("STALE-FROM-FIRST".getBytes(StandardCharsets.ISO_8859_1));
                refusals.add("write accepted");
            } catch (IllegalStateException e) {
                refusals.add(e.getMessage());
            }
            try {
                keptStart.get().start(Status.of(403), List.of(), new IllegalStateException("replace"));
                refusals.add("start accepted");
            } catch (IllegalStateException e) {
                refusals.add(e.getMessage());
            }
            return Body.of("second");
        }, GatewayConfig.builder().allowedPeers(List.of()).build()).start();
        try (FastCgiWire wire = FastCgiWire.connect(server.port())) {
            assertTrue(wire.request(1, true, FastCgiWire.get("/first")).response(1).text().endsWith("\r\n\r\nfirst"));
            FastCgiWire.Response second = wire.request(1, true, FastCgiWire.get("/second")).response(1);
            assertEquals("Status: 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nsecond", second.text());
            assertEquals(0, second.appStatus());
        }
        assertEquals(2, refusals.size(), refusals::toString);
        for (String refusal : refusals) {
            assertTrue(refusal.startsWith("R1.1 "), refusal);
        }
    }
}
