// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.server.ThreadMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An SCGI request whose body is still arriving waits in the reactor, holding no thread, until the body
 * or its first 8 KiB is here, as on the HTTP server: web servers that pass a slow client's body on as it
 * comes cannot make such requests hold every thread of the gateway (on Java 17, its bounded pool).
 */
class ScgiBodyWaitTest {
    private ScgiServer server;

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

    private static byte[] head(String path, int contentLength) {
        String pairs = "CONTENT_LENGTH\u0000" + contentLength + "\u0000SCGI\u00001\u0000REQUEST_METHOD\u0000POST\u0000"
                + "PATH_INFO\u0000" + path + "\u0000";
        return (pairs.length() + ":" + pairs + ",").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String rest(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aRequestWhoseBodyIsStillArrivingTakesNoThreadFromAWholeRequest() throws Exception {
        // one request thread: before, the trickling request took it to wait for its body, and the whole
        // request behind it waited until that body came or timed out (a minute here)
        GatewayConfig config = GatewayConfig.builder().threadMode(ThreadMode.PLATFORM).workers(1)
                .bodyTimeout(Duration.ofSeconds(60)).allowedPeers(List.of()).build();
        CountDownLatch slowCalled = new CountDownLatch(1);
        server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (env, sr) -> {
            if (env.pathInfo().equals("/slow")) {
                slowCalled.countDown();
            }
            return READER.call(env, sr);
        }, config).start();
        try (Socket trickling = new Socket("127.0.0.1", server.port()); Socket whole = new Socket("127.0.0.1", server.port())) {
            trickling.setSoTimeout(10_000);
            whole.setSoTimeout(10_000);
            OutputStream slow = trickling.getOutputStream();
            slow.write(head("/slow", 10));
            slow.write("hello".getBytes(StandardCharsets.US_ASCII));
            slow.flush();
            // time for the gateway to call the trickling request's application, if it would: the whole
            // request must then not be the one that happens to take the thread first
            boolean calledEarly = slowCalled.await(2, TimeUnit.SECONDS);
            OutputStream out = whole.getOutputStream();
            out.write(head("/whole", 3));
            out.write("abc".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(rest(whole.getInputStream()).endsWith("/whole read 3"));
            assertFalse(calledEarly, "the application ran before its body had arrived");
            slow.write("world".getBytes(StandardCharsets.US_ASCII));
            slow.flush();
            assertTrue(rest(trickling.getInputStream()).endsWith("/slow read 10"));
        }
    }

    @Test
    void aLargeBodyIsServedOnceItsFirst8KiBAreHere() throws Exception {
        GatewayConfig config = GatewayConfig.builder().bodyTimeout(Duration.ofSeconds(60)).allowedPeers(List.of()).build();
        server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (env, sr) -> {
            byte[] first = env.input().readNBytes(5); // what is there when it runs: the rest may still be coming
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            return Body.of("first " + new String(first, StandardCharsets.US_ASCII));
        }, config).start();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(head("/large", 100_000));
            out.write("x".repeat(8192).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(s.getInputStream().readNBytes(200), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("Status: 200 OK\r\n"), response);
            assertTrue(response.endsWith("first xxxxx"), response);
        }
    }

    @Test
    void aMalformedContentLengthIsStillAnsweredAtOnce() throws Exception {
        // only a plain number is waited for; anything else goes to the parser, which answers 400 now
        server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), READER,
                GatewayConfig.builder().allowedPeers(List.of()).build()).start();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            String pairs = "CONTENT_LENGTH\u000010x\u0000SCGI\u00001\u0000";
            s.getOutputStream().write((pairs.length() + ":" + pairs + ",ab").getBytes(StandardCharsets.ISO_8859_1));
            String response = rest(s.getInputStream());
            assertEquals("Status: 400 Bad Request", response.substring(0, response.indexOf("\r\n")), response);
        }
    }
}
