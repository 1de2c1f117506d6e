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

    @Test
    void responsesOfEverySizeOneAfterAnotherOnAKeptConnectionArriveWholeAndAlone() throws Exception {
        // the connection lends one record buffer to the requests it serves in turn: a small response after
        // a large one, or after one written in flushed pieces, must carry none of the earlier bytes
        int[] sizes = {70_000, 5, 9_000, 0, 3, 65_528, 1, 200_000, 13};
        server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (env, sr) -> {
            int size = Integer.parseInt(env.queryString());
            byte[] body = new byte[size];
            java.util.Arrays.fill(body, (byte) ('a' + size % 26));
            Write write = sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            if (size % 2 == 1) { // odd sizes through the write callable, in pieces, each flushed
                for (int at = 0; at < size; at += 4_000) {
                    write.write(java.util.Arrays.copyOfRange(body, at, Math.min(size, at + 4_000)));
                }
                return Body.empty();
            }
            return Body.of(body);
        }, GatewayConfig.builder().allowedPeers(List.of()).build()).start();
        try (FastCgiWire wire = FastCgiWire.connect(server.port())) {
            for (int size : sizes) {
                java.util.Map<String, String> params = new java.util.HashMap<>(FastCgiWire.get("/sized"));
                params.put("QUERY_STRING", Integer.toString(size));
                FastCgiWire.Response r = wire.request(1, true, params).response(1);
                String text = r.text();
                String body = text.substring(text.indexOf("\r\n\r\n") + 4);
                assertEquals(String.valueOf((char) ('a' + size % 26)).repeat(size), body, "the response of " + size + " bytes");
                assertEquals(0, r.appStatus());
            }
        }
    }
}
