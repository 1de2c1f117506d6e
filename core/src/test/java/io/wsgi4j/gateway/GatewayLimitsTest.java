// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.Write;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The time limits of the FastCGI and SCGI gateways, one per test with small limits, and a flood of
 * stalled connections that must not keep a new request waiting. The limits are asserted by what
 * happens (a 408, a failed read, a close), never by how long it took; {@code @Timeout} only keeps
 * a broken gateway from hanging the build.
 */
@Timeout(60)
class GatewayLimitsTest {
    private static final Duration SHORT = Duration.ofMillis(200);
    /** Reads its body and says whether that worked. */
    private static final Application READER = (env, sr) -> {
        String outcome;
        try {
            outcome = "read " + env.input().readAllBytes().length + " bytes";
        } catch (IOException e) {
            outcome = "read failed: " + e.getMessage();
        }
        sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
        return Body.of(outcome);
    };

    private final List<GatewayServer> servers = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    private <T extends GatewayServer> T serve(T server) {
        servers.add(server);
        server.start();
        return server;
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        for (GatewayServer s : servers) {
            s.shutdown();
        }
    }

    private Socket open(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(30_000);
        sockets.add(s);
        return s;
    }

    private static byte[] scgi(int length) {
        String pairs = "CONTENT_LENGTH\0" + length + "\0SCGI\0" + "1\0REQUEST_METHOD\0POST\0PATH_INFO\0/\0SCRIPT_NAME\0\0";
        return (pairs.length() + ":" + pairs + ",").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String readAll(Socket s) throws IOException {
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static Map<String, String> post(int length) {
        Map<String, String> p = new HashMap<>(FastCgiWire.get("/"));
        p.put("REQUEST_METHOD", "POST");
        p.put("CONTENT_LENGTH", Integer.toString(length));
        return p;
    }

    // ---------------------------------------------------------------- SCGI

    @Test
    void scgiAnswers408WhenTheHeaderBlockIsNotCompleteInTimeFromTheAccept() throws IOException {
        ScgiServer server = serve(ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), READER,
                GatewayConfig.builder().headerTimeout(SHORT).build()));
        Socket s = open(server.port());
        s.getOutputStream().write("70:CONTENT_LENGTH\0".getBytes(StandardCharsets.ISO_8859_1));
        String response = readAll(s);
        assertTrue(response.startsWith("Status: 408 Request Timeout\r\n"), response);
    }

    @Test
    void scgiClosesAConnectionThatSendsNothingAtTheHeaderTimeout() throws IOException {
        ScgiServer server = serve(ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), READER,
                GatewayConfig.builder().headerTimeout(SHORT).build()));
        assertEquals(-1, open(server.port()).getInputStream().read());
    }

    @Test
    void scgiFailsTheAppsReadWhenTheBodyStalls() throws IOException {
        ScgiServer server = serve(ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), READER,
                GatewayConfig.builder().bodyTimeout(SHORT).build()));
        Socket s = open(server.port());
        // the first 8 KiB of a larger body, so the application runs (a smaller body, or less of one, is waited
        // for in the reactor and answered 408 there: ScgiBodyWaitTest), then nothing
        s.getOutputStream().write(scgi(10_000));
        s.getOutputStream().write(new byte[8192]);
        String response = readAll(s);
        assertTrue(response.contains("read failed"), response);
    }

    /** A body over the first 8 KiB that then comes a byte every 50 ms: each read is within the body timeout, the whole too slow. */
    private static final GatewayConfig SLOW_BODY_LIMITS = GatewayConfig.builder().bodyTimeout(Duration.ofMillis(300))
            .minBodyRate(100_000).build();

    /** Sends one byte every 50 ms until the gateway answers (or 50 s pass), as a client trickling a body. */
    private static void trickleUntilAnswered(java.io.OutputStream out, java.io.InputStream in) throws Exception {
        try {
            for (int i = 0; i < 1000 && in.available() == 0; i++) {
                out.write('a');
                out.flush();
                Thread.sleep(50);
            }
        } catch (IOException closed) {
            // the gateway answered and closed while the client still sent
        }
    }

    @Test
    void scgiAnswers408ToABodyThatKeepsArrivingSlowerThanMinBodyRate() throws Exception {
        ScgiServer server = serve(ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), READER, SLOW_BODY_LIMITS));
        Socket s = open(server.port());
        s.getOutputStream().write(scgi(20_000));
        s.getOutputStream().write(new byte[8192]);
        trickleUntilAnswered(s.getOutputStream(), s.getInputStream());
        String response = readAll(s);
        assertTrue(response.contains("read failed: the request body arrived slower than 100000 bytes per second"
                + " beyond its first 300 ms"), response);
    }

    @Test
    void fastCgiAnswers408ToABodyThatKeepsArrivingSlowerThanMinBodyRate() throws Exception {
        FastCgiServer server = serve(FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), READER, SLOW_BODY_LIMITS));
        try (FastCgiWire w = FastCgiWire.connect(server.port())) {
            w.begin(1, FastCgiRecord.ROLE_RESPONDER, false).params(1, post(20_000)).stdin(1, new byte[8192]);
            try {
                for (int i = 0; i < 1000; i++) { // a STDIN record of one byte every 50 ms, until answered
                    w.stdin(1, new byte[] {'a'});
                    Thread.sleep(50);
                    if (w.available() > 0) {
                        break;
                    }
                }
            } catch (IOException closed) {
                // the gateway answered and closed while the client still sent
            }
            String text = w.response(1).text();
            assertTrue(text.contains("read failed: the request body arrived slower than 100000 bytes per second"
                    + " beyond its first 300 ms"), text);
        }
    }

    @Test
    void scgiEndsAResponseCutByTheWriteTimeoutWithAResetNotAnEnding() throws Exception {
        // an SCGI response ends where the connection ends: a clean close after a cut would make the
        // web server pass the partial body on as complete
        CountDownLatch closed = new CountDownLatch(1);
        ScgiServer server = serve(ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (env, sr) -> {
            Write write = sr.start("200 OK", Headers.of("Content-Type", "application/octet-stream"));
            try {
                while (true) {
                    write.write(new byte[256 * 1024]);
                }
            } finally {
                closed.countDown();
            }
        }, GatewayConfig.builder().bodyTimeout(SHORT).build()));
        Socket s = open(server.port());
        s.setReceiveBufferSize(4096);
        s.setSoTimeout(10_000); // a cut that looks like a stall fails the test rather than hanging it
        s.getOutputStream().write(scgi(0)); // and stop reading until the gateway gave up
        assertTrue(closed.await(30, TimeUnit.SECONDS));
        assertThrows(SocketException.class, () -> readAll(s), "the cut response must end in a reset");
    }

    /** Ignores the body and answers 256 KiB, which waits in the send buffer of a web server that does not read yet. */
    private static final byte[] LARGE = new byte[256 * 1024];
    private static final Application IGNORES_BODY = (env, sr) -> {
        sr.start("200 OK", Headers.of("Content-Length", Integer.toString(LARGE.length)));
        return List.of(LARGE);
    };
    private static final int LARGE_BODY = 12 << 20;

    /** A socket that reads slowly: the response stays in the gateway's send buffer until it reads. */
    private Socket openSmallWindow(int port) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.setReceiveBufferSize(16 * 1024);
        s.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        s.setSoTimeout(30_000);
        return s;
    }

    @Test
    void scgiDeliversTheWholeResponseWhileTheWebServerKeepsSendingABodyTheAppIgnored() throws IOException {
        ScgiServer server = serve(ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), IGNORES_BODY,
                GatewayConfig.defaults()));
        Socket s = openSmallWindow(server.port());
        s.getOutputStream().write(scgi(LARGE_BODY));
        byte[] chunk = new byte[64 * 1024];
        for (int sent = 0; sent < LARGE_BODY; sent += chunk.length) {
            s.getOutputStream().write(chunk); // all of it before reading
        }
        String response = readAll(s);
        assertTrue(response.startsWith("Status: 200 OK\r\n"), response.lines().findFirst().orElse(""));
        assertEquals(LARGE.length, response.length() - response.indexOf("\r\n\r\n") - 4, "the whole body");
    }

    @Test
    void scgiServesANewRequestWhileManyConnectionsStallInTheirHeaderBlock() throws IOException {
        ScgiServer server = serve(ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), READER,
                GatewayConfig.builder().workers(1).build()));
        for (int i = 0; i < 300; i++) {
            open(server.port()).getOutputStream().write("70:CONTENT_LENGTH\0".getBytes(StandardCharsets.ISO_8859_1));
        }
        Socket s = open(server.port());
        s.getOutputStream().write(scgi(0));
        String response = readAll(s);
        assertTrue(response.startsWith("Status: 200 OK\r\n") && response.endsWith("read 0 bytes"), response);
    }

    // ---------------------------------------------------------------- FastCGI

    @Test
    void fastCgiClosesAConnectionWhoseParamsDoNotEndInTimeFromTheAccept() throws IOException {
        FastCgiServer server = serve(FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), READER,
                GatewayConfig.builder().headerTimeout(SHORT).build()));
        try (FastCgiWire w = FastCgiWire.connect(server.port())) {
            w.begin(1, FastCgiRecord.ROLE_RESPONDER, false);
            w.record(FastCgiRecord.PARAMS, 1, FastCgiParams.encode(Map.of("REQUEST_METHOD", "GET")));
            assertTrue(w.closedByPeer());
        }
    }

    @Test
    void fastCgiClosesAKeptConnectionAfterTheIdleTimeout() throws IOException {
        FastCgiServer server = serve(FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), READER,
                GatewayConfig.builder().idleTimeout(SHORT).build()));
        try (FastCgiWire w = FastCgiWire.connect(server.port())) {
            w.request(1, true, FastCgiWire.get("/"));
            assertTrue(w.response(1).text().endsWith("read 0 bytes"));
            assertTrue(w.closedByPeer());
        }
    }

    @Test
    void fastCgiFailsTheAppsReadWhenStdinStalls() throws IOException {
        FastCgiServer server = serve(FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), READER,
                GatewayConfig.builder().bodyTimeout(SHORT).build()));
        try (FastCgiWire w = FastCgiWire.connect(server.port())) {
            // past the first 8 KiB, which the gateway waits for before it calls the app, then nothing
            w.begin(1, FastCgiRecord.ROLE_RESPONDER, false).params(1, post(20_000)).stdin(1, new byte[10_000]);
            String text = w.response(1).text();
            assertTrue(text.contains("read failed: the request body stalled"), text);
        }
    }

    @Test
    void fastCgiFailsTheAppsStalledReadWhileAnotherRequestOnItsConnectionKeepsSending() throws Exception {
        // the connection's reader never times out while the other request's STDIN keeps coming, so the read
        // of the stalled request must end by itself (before, it waited until the other body ended)
        FastCgiServer server = serve(FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), READER,
                GatewayConfig.builder().bodyTimeout(SHORT).build()));
        try (FastCgiWire w = FastCgiWire.connect(server.port())) {
            w.begin(1, FastCgiRecord.ROLE_RESPONDER, true).params(1, post(20_000)).stdin(1, new byte[10_000]);
            w.begin(2, FastCgiRecord.ROLE_RESPONDER, true).params(2, post(1_000_000)).stdin(2, new byte[10_000]);
            boolean answered = false;
            for (int i = 0; i < 200 && !answered; i++) { // request 2 sends a byte every 50 ms, far within its pace
                w.stdin(2, new byte[] {'a'});
                Thread.sleep(50);
                answered = w.available() > 0;
            }
            assertTrue(answered, "request 1 was not answered while request 2 kept sending");
            String text = w.response(1).text();
            assertTrue(text.contains("read failed: the request body stalled for longer than 200 ms"), text);
        }
    }

    @Test
    void fastCgiAnswers408WithoutCallingTheAppWhenStdinStallsBeforeItsFirst8KiB() throws IOException {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        FastCgiServer server = serve(FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (env, sr) -> {
            calls.incrementAndGet();
            return READER.call(env, sr);
        }, GatewayConfig.builder().bodyTimeout(SHORT).build()));
        try (FastCgiWire w = FastCgiWire.connect(server.port())) {
            w.begin(1, FastCgiRecord.ROLE_RESPONDER, false).params(1, post(10))
                    .stdin(1, "abc".getBytes(StandardCharsets.US_ASCII)); // 3 of 10, then nothing
            FastCgiWire.Response response = w.response(1);
            String text = response.text();
            assertTrue(text.startsWith("Status: 408 Request Timeout\r\n"), text);
            assertTrue(text.endsWith("408 Request Timeout: the request body stalled for longer than 200 ms\n"), text);
            assertEquals(FastCgiRecord.REQUEST_COMPLETE, response.protocolStatus());
            assertTrue(w.closedByPeer());
        }
        assertEquals(0, calls.get(), "the application never ran");
    }

    @Test
    void fastCgiDeliversTheWholeResponseWhileTheWebServerKeepsSendingStdinTheAppIgnored() throws IOException {
        FastCgiServer server = serve(FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), IGNORES_BODY,
                GatewayConfig.defaults()));
        Socket s = openSmallWindow(server.port());
        java.io.OutputStream out = s.getOutputStream();
        FastCgiRecordWriter w = new FastCgiRecordWriter();
        byte[] begin = {0, (byte) FastCgiRecord.ROLE_RESPONDER, 0, 0, 0, 0, 0, 0};
        w.record(FastCgiRecord.BEGIN_REQUEST, 1, begin, 0, begin.length);
        byte[] params = FastCgiParams.encode(post(LARGE_BODY));
        w.record(FastCgiRecord.PARAMS, 1, params, 0, params.length);
        w.record(FastCgiRecord.PARAMS, 1, params, 0, 0);
        out.write(w.buffer(), 0, w.length());
        byte[] chunk = new byte[60 * 1024];
        for (int sent = 0; sent < LARGE_BODY; sent += chunk.length) { // all of it before reading (keep-conn off)
            FastCgiRecordWriter stdin = new FastCgiRecordWriter();
            stdin.stream(FastCgiRecord.STDIN, 1, chunk, 0, chunk.length);
            out.write(stdin.buffer(), 0, stdin.length());
        }
        FastCgiRecordReader reader = new FastCgiRecordReader(s.getInputStream());
        java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
        for (FastCgiRecord r; (r = reader.read()) != null && r.type() != FastCgiRecord.END_REQUEST; ) {
            if (r.type() == FastCgiRecord.STDOUT) {
                stdout.write(r.content());
            }
        }
        String response = stdout.toString(StandardCharsets.ISO_8859_1);
        assertTrue(response.startsWith("Status: 200 OK\r\n"), response.lines().findFirst().orElse(""));
        assertEquals(LARGE.length, response.length() - response.indexOf("\r\n\r\n") - 4, "the whole body");
    }

    @Test
    void fastCgiServesANewRequestWhileManyConnectionsStallBeforeTheirParamsEnd() throws IOException {
        FastCgiServer server = serve(FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), READER,
                GatewayConfig.builder().workers(1).build()));
        List<FastCgiWire> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                stalled.add(FastCgiWire.connect(server.port()).begin(1, FastCgiRecord.ROLE_RESPONDER, false));
            }
            try (FastCgiWire w = FastCgiWire.connect(server.port())) {
                w.request(1, false, FastCgiWire.get("/"));
                assertTrue(w.response(1).text().endsWith("read 0 bytes"));
            }
        } finally {
            for (FastCgiWire w : stalled) {
                w.close();
            }
        }
    }

    @Test
    @DisplayName("SCGI at maxConnections: a stalled connection is closed to make room for a new request")
    void scgiClosesAStalledConnectionToMakeRoom() throws IOException {
        ScgiServer server = serve(ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), READER,
                GatewayConfig.builder().maxConnections(1).build()));
        Socket stalled = open(server.port());
        stalled.getOutputStream().write("70:CONTENT_LENGTH\0".getBytes(StandardCharsets.ISO_8859_1));
        Socket next = open(server.port());
        next.getOutputStream().write(scgi(0));
        assertTrue(readAll(next).endsWith("read 0 bytes"));
        assertEquals("", readAll(stalled), "closed without an answer");
    }

    @Test
    @DisplayName("FastCGI at maxConnections: a connection stalled before its params end is closed to make room")
    void fastCgiClosesAStalledConnectionToMakeRoom() throws IOException {
        FastCgiServer server = serve(FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), READER,
                GatewayConfig.builder().maxConnections(1).build()));
        try (FastCgiWire stalled = FastCgiWire.connect(server.port()).begin(1, FastCgiRecord.ROLE_RESPONDER, false);
                FastCgiWire next = FastCgiWire.connect(server.port())) {
            next.request(1, false, FastCgiWire.get("/"));
            assertTrue(next.response(1).text().endsWith("read 0 bytes"));
            assertTrue(stalled.closedByPeer());
        }
    }

    @Test
    @DisplayName("FastCGI at maxConnections: a connection whose request runs is never closed; the new one is")
    void fastCgiNeverClosesAWorkingConnectionToMakeRoom() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FastCgiServer server = serve(FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (env, sr) -> {
            running.countDown();
            release.await();
            return READER.call(env, sr);
        }, GatewayConfig.builder().maxConnections(1).build()));
        try (FastCgiWire working = FastCgiWire.connect(server.port())) {
            working.request(1, true, FastCgiWire.get("/"));
            assertTrue(running.await(30, TimeUnit.SECONDS));
            try (FastCgiWire refused = FastCgiWire.connect(server.port())) {
                assertTrue(refused.closedByPeer(), "over the limit with every connection working");
            }
            release.countDown();
            assertTrue(working.response(1).text().endsWith("read 0 bytes"));
        }
    }
}
