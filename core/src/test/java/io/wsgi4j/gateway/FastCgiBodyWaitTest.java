// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.server.ThreadMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A FastCGI request whose STDIN is still arriving waits in the reactor, holding no thread, until its
 * STDIN ends or brings 8 KiB, as on the HTTP server and the SCGI gateway: a web server that passes a
 * slow client's body on as it comes (nginx with {@code fastcgi_request_buffering off}) cannot make such
 * requests hold every thread of the gateway (on Java 17, its bounded pool).
 */
@Timeout(60)
class FastCgiBodyWaitTest {
    private FastCgiServer server;

    /** Answers with the path and how many body bytes it read. */
    private static final Application READER = (env, sr) -> {
        byte[] body = env.input().readAllBytes();
        sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
        return Body.of(env.pathInfo() + " read " + body.length);
    };

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown();
        }
    }

    private static Map<String, String> post(String path, int contentLength) {
        Map<String, String> p = new HashMap<>(FastCgiWire.get(path));
        p.put("REQUEST_METHOD", "POST");
        p.put("CONTENT_LENGTH", Integer.toString(contentLength));
        return p;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aRequestWhoseStdinIsStillArrivingTakesNoThreadFromAWholeRequest() throws Exception {
        // one request thread: before, the trickling request took it to wait for its body, and the whole
        // request behind it waited until that body came or timed out (a minute here)
        GatewayConfig config = GatewayConfig.builder().threadMode(ThreadMode.PLATFORM).workers(1)
                .bodyTimeout(Duration.ofSeconds(60)).allowedPeers(List.of()).build();
        CountDownLatch slowCalled = new CountDownLatch(1);
        server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (env, sr) -> {
            if (env.pathInfo().equals("/slow")) {
                slowCalled.countDown();
            }
            return READER.call(env, sr);
        }, config).start();
        try (FastCgiWire trickling = FastCgiWire.connect(server.port());
                FastCgiWire whole = FastCgiWire.connect(server.port())) {
            trickling.begin(1, FastCgiRecord.ROLE_RESPONDER, false).params(1, post("/slow", 10)).stdin(1, ascii("hello"));
            // time for the gateway to call the trickling request's application, if it would (it did before):
            // the whole request must then not be the one that happens to take the thread first
            boolean calledEarly = slowCalled.await(2, TimeUnit.SECONDS);
            whole.whole(1, false, post("/whole", 3), ascii("abc"));
            assertTrue(whole.response(1).text().endsWith("/whole read 3"));
            assertFalse(calledEarly, "the application ran before its body had arrived");
            trickling.stdin(1, ascii("world")).endStdin(1);
            assertTrue(trickling.response(1).text().endsWith("/slow read 10"));
        }
    }

    @Test
    void aGetWhoseEmptyStdinComesLaterIsServedWhenItComes() throws Exception {
        server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), READER,
                GatewayConfig.builder().allowedPeers(List.of()).build()).start();
        try (FastCgiWire w = FastCgiWire.connect(server.port())) {
            w.begin(1, FastCgiRecord.ROLE_RESPONDER, true).params(1, FastCgiWire.get("/later"));
            w.endStdin(1);
            assertTrue(w.response(1).text().endsWith("/later read 0"));
            // the kept connection waits for the next request's body the same way
            w.begin(2, FastCgiRecord.ROLE_RESPONDER, false).params(2, post("/next", 4)).stdin(2, ascii("ab"));
            w.stdin(2, ascii("cd")).endStdin(2);
            assertTrue(w.response(2).text().endsWith("/next read 4"));
        }
    }

    @Test
    void aLargeBodyIsServedOnceItsFirst8KiBAreHere() throws Exception {
        server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (env, sr) -> {
            byte[] first = env.input().readNBytes(5); // what is there when it runs: the rest may still be coming
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            return Body.of("first " + new String(first, StandardCharsets.US_ASCII));
        }, GatewayConfig.builder().bodyTimeout(Duration.ofSeconds(60)).allowedPeers(List.of()).build()).start();
        try (FastCgiWire w = FastCgiWire.connect(server.port())) {
            w.begin(1, FastCgiRecord.ROLE_RESPONDER, false).params(1, post("/large", 100_000))
                    .stdin(1, ascii("x".repeat(8192)));
            String text = w.response(1).text();
            assertTrue(text.startsWith("Status: 200 OK\r\n"), text);
            assertTrue(text.endsWith("first xxxxx"), text);
        }
    }

    /** The first bytes of a STDIN record for request 1 that announces {@code content} bytes, and {@code sent} of them. */
    private static byte[] partialStdinRecord(int content, int sent) {
        byte[] r = new byte[8 + sent];
        r[0] = 1;
        r[1] = (byte) FastCgiRecord.STDIN;
        r[3] = 1;
        r[4] = (byte) (content >> 8);
        r[5] = (byte) content;
        return r;
    }

    @Test
    void aBodyWhoseFirstRecordIsStillArrivingHasTheBodyTimeoutNotTheHeaderTimeout() throws Exception {
        // the header timeout is far beyond the test's own limit: a wait that kept it would fail the test
        server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), READER, GatewayConfig.builder()
                .headerTimeout(Duration.ofMinutes(10)).bodyTimeout(Duration.ofMillis(200)).allowedPeers(List.of())
                .build()).start();
        try (FastCgiWire w = FastCgiWire.connect(server.port())) {
            w.begin(1, FastCgiRecord.ROLE_RESPONDER, false).params(1, post("/partial", 500))
                    .raw(partialStdinRecord(500, 10));
            String text = w.response(1).text();
            assertTrue(text.startsWith("Status: 408 Request Timeout\r\n"), text);
        }
    }

    @Test
    void aDeclaredBodyOverTheLimitIsRefusedAtOnceThoughItsFirstStdinRecordIsStillArriving() throws Exception {
        server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), READER, GatewayConfig.builder()
                .maxBodyBytes(100).headerTimeout(Duration.ofMinutes(10)).bodyTimeout(Duration.ofMinutes(10))
                .allowedPeers(List.of()).build()).start();
        try (FastCgiWire w = FastCgiWire.connect(server.port())) {
            w.begin(1, FastCgiRecord.ROLE_RESPONDER, false).params(1, post("/large", 500))
                    .raw(partialStdinRecord(500, 10));
            String text = w.response(1).text();
            assertTrue(text.startsWith("Status: 413 Content Too Large\r\n"), text);
        }
    }

    @Test
    void anAbortWhileTheBodyIsAwaitedEndsTheRequestAtOnce() throws Exception {
        // the body timeout is far beyond the test's own limit: an abort left waiting would fail the test
        server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), READER,
                GatewayConfig.builder().bodyTimeout(Duration.ofMinutes(10)).allowedPeers(List.of()).build()).start();
        try (FastCgiWire w = FastCgiWire.connect(server.port())) {
            w.begin(1, FastCgiRecord.ROLE_RESPONDER, false).params(1, post("/aborted", 10)).stdin(1, ascii("abc"));
            w.record(FastCgiRecord.ABORT_REQUEST, 1, new byte[0]);
            assertEquals(FastCgiRecord.REQUEST_COMPLETE, w.response(1).protocolStatus());
        }
    }

    @Test
    void aShutdownServesTheRequestWhoseBodyAKeptConnectionIsStillSending() throws Exception {
        // before the body wait this request ran at the end of its PARAMS and the shutdown waited for it;
        // waiting in the reactor for its body must not turn it into an idle connection closed unanswered
        server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), READER, GatewayConfig.builder()
                .shutdownGrace(Duration.ofSeconds(30)).bodyTimeout(Duration.ofSeconds(30)).allowedPeers(List.of())
                .build()).start();
        int port = server.port();
        try (FastCgiWire w = FastCgiWire.connect(port)) {
            w.whole(1, true, post("/first", 3), ascii("abc"));
            assertTrue(w.response(1).text().endsWith("/first read 3"));
            long waits = server.loop().bodyWaits();
            w.begin(2, FastCgiRecord.ROLE_RESPONDER, true).params(2, post("/second", 4)).stdin(2, ascii("ab"));
            // until the gateway has read the head and waits for the body (a shutdown before that closes the
            // kept connection: the request had not reached the gateway)
            for (int i = 0; i < 1000 && server.loop().bodyWaits() == waits; i++) {
                Thread.sleep(10);
            }
            assertEquals(waits + 1, server.loop().bodyWaits(), "the gateway waits for the second request's body");
            Thread stopping = new Thread(server::shutdown);
            stopping.start();
            for (int i = 0; i < 500; i++) { // until the listener is closed: the shutdown is asking connections to close
                try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                    Thread.sleep(10);
                } catch (java.io.IOException refused) {
                    break;
                }
            }
            Thread.sleep(300); // the shutdown asks every 10 ms
            w.stdin(2, ascii("cd")).endStdin(2);
            assertTrue(w.response(2).text().endsWith("/second read 4"));
            stopping.join(30_000);
        }
    }
}
