// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request body the web server cut off, or one over the gateway's limit, that the application lets
 * escape from its read of {@code wsgi.input}: the client's failure, answered as the reference server
 * answers it (400, 413, naming the problem) and reported as one line, not as a 500 and a stack trace.
 */
class GatewayRefusedBodyTest {
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private GatewayServer server;

    /** Reads the whole body and lets a failed read escape, with wsgi.errors captured. */
    private final Application reader = (env, sr) -> {
        env.put(Environ.WSGI_ERRORS, new PrintStream(log, true, StandardCharsets.UTF_8));
        byte[] body = env.input().readAllBytes();
        sr.start("200 OK", Headers.of());
        return Body.of("read " + body.length);
    };

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown();
        }
    }

    private String logged() {
        return log.toString(StandardCharsets.UTF_8);
    }

    /** 3 bytes of a 10-byte SCGI body to /up; with {@code endEarly} the web server then ends it. */
    private String scgiShortBody(GatewayConfig config, boolean endEarly) throws IOException {
        ScgiServer scgi = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), reader, config).start();
        server = scgi;
        String pairs = "CONTENT_LENGTH\u000010\u0000SCGI\u00001\u0000REQUEST_METHOD\u0000POST\u0000PATH_INFO\u0000/up\u0000";
        try (Socket s = new Socket("127.0.0.1", scgi.port())) {
            OutputStream out = s.getOutputStream();
            out.write((pairs.length() + ":" + pairs + ",abc").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (endEarly) {
                s.shutdownOutput(); // the web server ends the body 7 bytes early
            } // else the connection stays open and the body stalls
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** A started FastCGI gateway serving {@link #reader}. */
    private FastCgiServer fastCgi(GatewayConfig config) throws IOException {
        FastCgiServer fcgi = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), reader, config).start();
        server = fcgi;
        return fcgi;
    }

    private static GatewayConfig bodyTimeout200ms() {
        return GatewayConfig.builder().bodyTimeout(java.time.Duration.ofMillis(200)).allowedPeers(List.of()).build();
    }

    @Test
    void scgiBodyEndingBeforeItsContentLengthIsA400() throws IOException {
        String response = scgiShortBody(GatewayConfig.builder().allowedPeers(List.of()).build(), true);
        assertTrue(response.startsWith("Status: 400 Bad Request\r\n"), response);
        assertTrue(response.endsWith("the request body ended 7 bytes before its CONTENT_LENGTH\n"), response);
        assertEquals("wsgi4j: the request body was refused (400: the request body ended 7 bytes before its"
                + " CONTENT_LENGTH) while serving POST /up\n", logged());
    }

    @Test
    void scgiBodyThatStallsPastTheBodyTimeoutIsA408NotABodyCutOff() throws IOException {
        // RFC 9110 section 15.5.9: the gateway gave up waiting, as the reference server answers a stalled body;
        // the web server did not end the body early, and the answer must not say it did
        // (the gateway waits for the body in its reactor before the application runs: ScgiBodyWaitTest)
        String response = scgiShortBody(bodyTimeout200ms(), false);
        assertTrue(response.startsWith("Status: 408 Request Timeout\r\n"), response);
        assertTrue(response.contains("the request body stalled for longer than 200 ms"), response);
    }

    @Test
    void fastCgiBodyThatStallsPastTheBodyTimeoutIsA408NotABodyCutOff() throws IOException {
        FastCgiServer fcgi = fastCgi(bodyTimeout200ms());
        try (FastCgiWire wire = FastCgiWire.connect(fcgi.port())) {
            // past the first 8 KiB, so the application runs and its read stalls (a stall before them is
            // answered 408 by the gateway itself: GatewayLimitsTest), and nothing more
            wire.begin(1, FastCgiWire.RESPONDER, false).params(1, post(20_000)).stdin(1, new byte[10_000]);
            String text = wire.response(1).text();
            assertTrue(text.startsWith("Status: 408 Request Timeout\r\n"), text);
        }
        assertTrue(logged().startsWith("wsgi4j: the request body was refused (408: "), logged());
    }

    @Test
    void fastCgiBodyEndingBeforeItsContentLengthIsA400() throws IOException {
        FastCgiServer fcgi = fastCgi(GatewayConfig.builder().allowedPeers(List.of()).build());
        try (FastCgiWire wire = FastCgiWire.connect(fcgi.port())) {
            wire.begin(1, FastCgiWire.RESPONDER, false).params(1, post(10))
                    .stdin(1, "abc".getBytes(StandardCharsets.US_ASCII)).endStdin(1);
            String text = wire.response(1).text();
            assertTrue(text.startsWith("Status: 400 Bad Request\r\n"), text);
            assertTrue(text.endsWith("the request body ended 7 bytes before its CONTENT_LENGTH\n"), text);
        }
        assertEquals(1, logged().lines().count(), logged());
        assertTrue(logged().startsWith("wsgi4j: the request body was refused (400: "), logged());
    }

    @Test
    void fastCgiBodyGrowingPastTheLimitIsA413() throws IOException {
        FastCgiServer fcgi = fastCgi(GatewayConfig.builder().maxBodyBytes(8).allowedPeers(List.of()).build());
        try (FastCgiWire wire = FastCgiWire.connect(fcgi.port())) {
            Map<String, String> p = post(-1); // no CONTENT_LENGTH: only STDIN tells the size
            wire.begin(1, FastCgiWire.RESPONDER, false).params(1, p).stdin(1, new byte[20]).endStdin(1);
            String text = wire.response(1).text();
            assertTrue(text.startsWith("Status: 413 Content Too Large\r\n"), text);
            assertTrue(text.endsWith("the request body exceeds this gateway's limit of 8 bytes\n"), text);
        }
        // the application let the read's own exception escape: the line names no wrapper
        assertEquals("wsgi4j: the request body was refused (413: the request body exceeds this gateway's limit"
                + " of 8 bytes) while serving POST /up\n", logged());
    }

    /** Reads the whole body and answers with the type of the exception the read threw. */
    private static Application catcher(java.util.concurrent.BlockingQueue<String> seen) {
        return (env, sr) -> {
            String got;
            try {
                got = "read " + env.input().readAllBytes().length;
            } catch (io.wsgi4j.server.HttpException e) {
                got = "HttpException " + e.status();
            } catch (java.io.EOFException e) {
                got = e.getClass().getSimpleName();
            } catch (IOException e) {
                got = "IOException";
            }
            seen.add(got);
            sr.start("200 OK", Headers.of());
            return Body.of(got);
        };
    }

    @Test
    void fastCgiBodyPastTheLimitFailsTheReadWithTheHttpException() throws Exception {
        // HttpException's javadoc: the read throws it, status 413, as on the reference server
        var seen = new java.util.concurrent.LinkedBlockingQueue<String>();
        FastCgiServer fcgi = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), catcher(seen),
                GatewayConfig.builder().maxBodyBytes(8).allowedPeers(List.of()).build()).start();
        server = fcgi;
        try (FastCgiWire wire = FastCgiWire.connect(fcgi.port())) {
            wire.begin(1, FastCgiWire.RESPONDER, false).params(1, post(-1)).stdin(1, new byte[20]).endStdin(1);
            assertEquals("HttpException 413", wire.response(1).text().replaceAll("(?s).*\r\n\r\n", ""));
        }
    }

    @Test
    void fastCgiConnectionLostMidBodyFailsTheReadWithClientClosedException() throws Exception {
        // ClientClosedException's javadoc: an EOFException an application can catch, as from SCGI and CGI
        var seen = new java.util.concurrent.LinkedBlockingQueue<String>();
        FastCgiServer fcgi = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), catcher(seen)).start();
        server = fcgi;
        try (FastCgiWire wire = FastCgiWire.connect(fcgi.port())) {
            wire.begin(1, FastCgiWire.RESPONDER, false).params(1, post(10))
                    .stdin(1, "abc".getBytes(StandardCharsets.US_ASCII));
        } // the web server goes away 7 bytes short
        assertEquals("ClientClosedException", seen.poll(30, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void fastCgiAbortMidBodyIsTheClientLeavingNotTheApplicationsFailure() throws Exception {
        // FastCGI 1.0 section 5.4: the web server aborts a request when its client closed the connection; mid-body
        // that is what a ClientClosedException says on every other transport, one line in the log, no trace
        FastCgiServer fcgi = fastCgi(GatewayConfig.builder().allowedPeers(List.of()).build());
        try (FastCgiWire wire = FastCgiWire.connect(fcgi.port())) {
            wire.begin(1, FastCgiWire.RESPONDER, false).params(1, post(10))
                    .stdin(1, "abc".getBytes(StandardCharsets.US_ASCII))
                    .record(FastCgiRecord.ABORT_REQUEST, 1, new byte[0]);
            wire.response(1); // its END_REQUEST: the application has failed and been reported
        }
        assertEquals(1, logged().lines().count(), logged());
        assertTrue(logged().startsWith("wsgi4j: the request body was refused (400: "), logged());
    }

    /** A POST to /up, with CONTENT_LENGTH unless {@code length} is negative. */
    private static Map<String, String> post(int length) {
        Map<String, String> p = new HashMap<>(FastCgiWire.get("/up"));
        p.put("REQUEST_METHOD", "POST");
        if (length >= 0) {
            p.put("CONTENT_LENGTH", Integer.toString(length));
        }
        return p;
    }
}
