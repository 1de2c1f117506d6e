// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.gateway.FastCgiWire;
import io.wsgi4j.gateway.GatewayServer;
import java.io.IOException;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each gateway limit and option of the command line reaches the running FastCGI or SCGI gateway,
 * shown by what the gateway does; the gateway is bound exactly
 * as {@link Main} binds it. The gateways' default time limits are 20 s and more: a test of a
 * shorter limit given as an option fails by its {@code @Timeout} if the option did not reach the
 * gateway, as does the PARAMS record limit, which would otherwise end at the header timeout.
 */
@Timeout(10)
class GatewayOptionsTest {
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
    private final List<AutoCloseable> clients = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        for (AutoCloseable c : clients) {
            c.close();
        }
        for (GatewayServer s : servers) {
            s.shutdown();
        }
    }

    /** The gateway {@code java ... Main APP ARGS} would serve, started; the environment is {@code env}. */
    private GatewayServer serve(Application app, Map<String, String> env, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        if (all.stream().noneMatch(a -> a.equals("--fastcgi") || a.equals("--scgi"))) {
            all.addAll(List.of("--fastcgi", "127.0.0.1:0"));
        }
        all.add("com.example.Unused::app");
        GatewayServer server = Main.bindGateway(app, Options.parse(env, all.toArray(String[]::new)));
        servers.add(server);
        server.start();
        return server;
    }

    private GatewayServer serve(Application app, String... args) throws IOException {
        return serve(app, Map.of(), args);
    }

    private FastCgiWire connect(GatewayServer server) throws IOException {
        FastCgiWire w = FastCgiWire.connect(server.port());
        clients.add(w);
        return w;
    }

    private static Map<String, String> post(int length) {
        Map<String, String> p = new HashMap<>(FastCgiWire.get("/"));
        p.put("REQUEST_METHOD", "POST");
        p.put("CONTENT_LENGTH", Integer.toString(length));
        return p;
    }

    @Test
    void maxBodyBytesAnswers413ForALargerFastCgiBody() throws IOException {
        FastCgiWire w = connect(serve(READER, "--max-body-bytes", "10"));
        String text = w.begin(1, FastCgiWire.RESPONDER, false).params(1, post(11)).response(1).text();
        assertTrue(text.startsWith("Status: 413"), text);
    }

    @Test
    void maxBodyBytesFromTheEnvironmentAnswers413() throws IOException {
        FastCgiWire w = connect(serve(READER, Map.of("WSGI4J_MAX_BODY_BYTES", "10")));
        String text = w.begin(1, FastCgiWire.RESPONDER, false).params(1, post(11)).response(1).text();
        assertTrue(text.startsWith("Status: 413"), text);
    }

    @Test
    void maxBodyBytesReachesTheScgiGatewayToo() throws IOException {
        GatewayServer server = serve(READER, "--scgi", "127.0.0.1:0", "--max-body-bytes", "2");
        String pairs = "CONTENT_LENGTH\0" + 3 + "\0SCGI\0" + "1\0REQUEST_METHOD\0POST\0PATH_INFO\0/\0SCRIPT_NAME\0\0";
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write((pairs.length() + ":" + pairs + ",abc").getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("Status: 413"), response);
        }
    }

    @Test
    void maxParamsBytesAnswers431ForLargerParams() throws IOException {
        Map<String, String> p = new HashMap<>(FastCgiWire.get("/"));
        p.put("HTTP_X_BIG", "x".repeat(100));
        String text = connect(serve(READER, "--max-params-bytes", "64")).request(1, false, p).response(1).text();
        assertTrue(text.startsWith("Status: 431"), text);
    }

    @Test
    void maxParamsRecordsClosesAConnectionThatSendsMore() throws IOException {
        FastCgiWire w = connect(serve(READER, "--max-params-records", "2", "--header-timeout", "60s"));
        w.begin(1, FastCgiWire.RESPONDER, false);
        for (int i = 0; i < 3; i++) {
            w.paramsRecord(1, Map.of("HTTP_X_" + i, "v"));
        }
        assertTrue(w.closedByPeer());
    }

    @Test
    void maxMultiplexedRequestsOfOneRefusesAConcurrentRequestAsCantMpxConn() throws IOException {
        Application waits = (env, sr) -> {
            release.await(30, TimeUnit.SECONDS);
            sr.start("200 OK", Headers.of());
            return Body.of("ok");
        };
        FastCgiWire w = connect(serve(waits, "--max-multiplexed-requests", "1"));
        w.request(1, true, FastCgiWire.get("/")).begin(2, FastCgiWire.RESPONDER, true);
        assertEquals(FastCgiWire.CANT_MPX_CONN, w.response(2).protocolStatus());
    }

    @Test
    void maxConnectionsClosesAConnectionBeyondItWhileTheOthersWork() throws Exception {
        // the first connection's request runs, so the limit cannot make room by closing it
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GatewayServer server = serve((env, sr) -> {
            running.countDown();
            release.await();
            return READER.call(env, sr);
        }, "--max-connections", "1");
        FastCgiWire first = connect(server);
        first.request(1, true, FastCgiWire.get("/"));
        assertTrue(running.await(10, TimeUnit.SECONDS));
        assertTrue(connect(server).closedByPeer());
        release.countDown();
        assertTrue(first.response(1).text().endsWith("read 0 bytes"));
    }

    @Test
    void headerTimeoutClosesAConnectionWhoseHeadDoesNotComplete() throws IOException {
        FastCgiWire w = connect(serve(READER, "--header-timeout", "200ms"));
        w.begin(1, FastCgiWire.RESPONDER, false);
        assertTrue(w.closedByPeer());
    }

    @Test
    void idleTimeoutClosesAKeptConnectionWithoutANextRequest() throws IOException {
        FastCgiWire w = connect(serve(READER, "--idle-timeout", "200ms"));
        assertTrue(w.request(1, true, FastCgiWire.get("/")).response(1).text().endsWith("read 0 bytes"));
        assertTrue(w.closedByPeer());
    }

    @Test
    void bodyTimeoutAnswers408WhenTheBodyStalls() throws IOException {
        FastCgiWire w = connect(serve(READER, "--body-timeout", "200ms"));
        w.begin(1, FastCgiWire.RESPONDER, false).params(1, post(10)).stdin(1, "abc".getBytes(StandardCharsets.US_ASCII));
        String text = w.response(1).text();
        assertTrue(text.startsWith("Status: 408 Request Timeout\r\n"), text);
        assertTrue(text.endsWith("the request body stalled for longer than 200 ms\n"), text);
    }

    @Test
    void threadsNRunsRequestsOnAPoolOfNPlatformThreads() throws Exception {
        CountDownLatch secondRan = new CountDownLatch(1);
        CountDownLatch firstRunning = new CountDownLatch(1);
        Application app = (env, sr) -> {
            String answer;
            if (env.pathInfo().equals("/first")) {
                firstRunning.countDown();
                // with one thread the second request cannot run while this one holds it
                answer = secondRan.await(1, TimeUnit.SECONDS) ? "together" : "alone";
            } else {
                secondRan.countDown();
                answer = "second";
            }
            sr.start("200 OK", Headers.of());
            return Body.of(answer + " on " + Thread.currentThread().getName());
        };
        GatewayServer server = serve(app, "--threads", "1");
        FastCgiWire first = connect(server).request(1, false, FastCgiWire.get("/first"));
        firstRunning.await(30, TimeUnit.SECONDS);
        FastCgiWire second = connect(server).request(1, false, FastCgiWire.get("/second"));
        String one = first.response(1).text();
        assertTrue(one.endsWith("alone on wsgi4j-fastcgi-req-1"), one);
        String two = second.response(1).text();
        assertTrue(two.endsWith("second on wsgi4j-fastcgi-req-1"), two);
    }

    @Test
    void shutdownGraceBoundsTheWaitForRequestsInFlight() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        Application stuck = (env, sr) -> {
            running.countDown();
            release.await(30, TimeUnit.SECONDS);
            sr.start("200 OK", Headers.of());
            return Body.of("late");
        };
        GatewayServer server = serve(stuck, "--shutdown-grace", "100ms");
        connect(server).request(1, false, FastCgiWire.get("/"));
        running.await(30, TimeUnit.SECONDS);
        Thread shutdown = new Thread(server::shutdown);
        shutdown.start();
        shutdown.join(TimeUnit.SECONDS.toMillis(8)); // the default grace would be 30 s
        assertFalse(shutdown.isAlive(), "shutdown() still waits for a request with a 100 ms grace");
        assertEquals(1, release.getCount(), "the request was still running when shutdown() returned");
    }

    @Test
    void readinessPathIsAnsweredByTheGateway() throws IOException {
        Application app = (env, sr) -> {
            throw new AssertionError("the probe must not reach the app");
        };
        String text = connect(serve(app, "--readiness-path", "/ready")).request(1, false, FastCgiWire.get("/ready"))
                .response(1).text();
        assertTrue(text.startsWith("Status: 200"), text);
    }

    @Test
    void allowedPeersRefusesOtherAddresses() throws IOException {
        assertTrue(connect(serve(READER, "--allowed-peers", "192.0.2.1")).closedByPeer());
    }

    @Test
    void unixSocketPermissionsAreSetOnTheSocketFile(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("app.sock");
        serve(READER, "--fastcgi", "unix:" + socket, "--unix-socket-permissions", "rw-------");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        FastCgiWire w = new FastCgiWire(UnixDomainSocketAddress.of(socket));
        clients.add(w);
        assertTrue(w.request(1, false, FastCgiWire.get("/")).response(1).text().endsWith("read 0 bytes"));
    }
}
