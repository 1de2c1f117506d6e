// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Body;
import io.wsgi4j.FileBody;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.observe.RequestRecord;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's observer hears of every request it answers, including the ones it refuses itself
 * before any application runs (an operator's counts of 400, 408 and 431 answers depend on it). The
 * server tells the observer before it closes the connection, so a client that read to the close
 * finds the record there.
 */
class HttpServerObserverTest {
    private final BlockingQueue<RequestRecord> seen = new LinkedBlockingQueue<>();
    private HttpServer server;

    @BeforeEach
    void start() {
        server = HttpServer.make("127.0.0.1", 0, HttpServerTest.ECHO, ServerConfig.builder()
                .quiet(true)
                .maxHeaderCount(5)
                .maxBodyBytes(1000)
                .headerTimeout(Duration.ofMillis(300))
                .observer(seen::add)
                .build()).start();
    }

    @AfterEach
    void stop() {
        server.shutdown(Duration.ZERO);
    }

    private String exchange(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private RequestRecord next() throws InterruptedException {
        RequestRecord r = seen.poll(10, TimeUnit.SECONDS);
        assertNotNull(r, "the observer was not told");
        return r;
    }

    private static long bodyLength(String response) {
        return response.length() - response.indexOf("\r\n\r\n") - 4;
    }

    @Test
    void aMalformedRequestLineIsObservedWithItsStatusAndNoMethodOrPath() throws Exception {
        String response = exchange("GET  /a HTTP/1.1\r\nHost: h\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400 "), response);
        assertEquals(new RequestRecord("http", "", "", null, 400, -1, bodyLength(response), 0, false), next());
    }

    @Test
    void aMalformedFieldAfterAGoodRequestLineIsObservedWithTheLinesMethodAndPath() throws Exception {
        String response = exchange("GET /a?q HTTP/1.1\r\nHost : h\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400 "), response);
        assertEquals(new RequestRecord("http", "GET", "/a", null, 400, -1, bodyLength(response), 0, false), next());
    }

    @Test
    void tooManyHeaderFieldsAreObservedAs431() throws Exception {
        String response = exchange("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 431 "), response);
        assertEquals(431, next().status());
    }

    @Test
    void aRefusedHeadRequestSentNoBodyBytes() throws Exception {
        String response = exchange("HEAD / HTTP/1.1\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400 "), response);
        assertEquals(new RequestRecord("http", "HEAD", "/", null, 400, -1, 0, 0, false), next());
    }

    @Test
    void aHeadThatDoesNotArriveInTimeIsObservedAs408() throws Exception {
        // the client sends part of a head and waits: the server answers 408 at the header timeout and closes
        String response = exchange("GET / HTTP/1.1\r\nHost: h\r\n");
        assertTrue(response.startsWith("HTTP/1.1 408 "), response);
        assertEquals(new RequestRecord("http", "", "", null, 408, -1, bodyLength(response), 0, false), next());
    }

    @Test
    void aServedRequestIsObservedOnceAndARefusalAfterItOnTheSameConnectionToo() throws Exception {
        String response = exchange("GET /first?q HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost : h\r\n\r\n");
        assertTrue(response.contains("HTTP/1.1 400 "), response);
        RequestRecord served = next();
        assertEquals("GET", served.method());
        assertEquals("/first", served.path());
        assertEquals(200, served.status());
        assertEquals(400, next().status());
        // the server tells the observer before it closes, and the client read to the close
        assertTrue(seen.isEmpty(), "told more than once: " + seen);
    }

    @Test
    void aRefusalAfterTheHeadWasReadNamesItsMethodPathAndDeclaredLength() throws Exception {
        String response = exchange("POST http://h/up?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 2000\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 413 "), response);
        assertEquals(new RequestRecord("http", "POST", "/up", null, 413, 2000, bodyLength(response), 0, false), next());
    }

    /**
     * A client that ends its connection mid-body made the bad request: the application's read fails with
     * a {@link ClientClosedException} and, escaping, the request is a 400 (as nginx counts it), not a 500
     * that would page whoever watches the server's errors.
     */
    @Test
    void aBodyTheClientCutShortIsTheClientsError400NotA500() throws Exception {
        String response;
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n0123456789"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.shutdownOutput(); // 10 of the 100 bytes, then the end of what this client sends
            response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        assertTrue(response.startsWith("HTTP/1.1 400 "), response);
        assertTrue(response.contains("client closed the connection after 10 of 100"), response);
        RequestRecord r = next();
        assertEquals("POST /up 400", r.method() + " " + r.path() + " " + r.status(), r::toString);
    }

    /** The server's own close of a busy connection (a shutdown past its grace) is not blamed on the client. */
    @Test
    void aBodyReadCutByTheServersShutdownIsNotTheClientsError() throws Exception {
        BlockingQueue<RequestRecord> records = new LinkedBlockingQueue<>();
        BlockingQueue<Throwable> seenByApp = new LinkedBlockingQueue<>();
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        HttpServer slowClient = HttpServer.make("127.0.0.1", 0, (env, sr) -> {
            reading.countDown();
            try {
                env.input().readAllBytes();
            } catch (Exception e) {
                seenByApp.add(e);
                throw e;
            }
            sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return Body.of("ok");
        }, ServerConfig.builder().quiet(true).observer(records::add).build()).start();
        try (Socket s = new Socket("127.0.0.1", slowClient.port())) {
            // the first 8 KiB, so the application runs before the body is whole (HttpServerBodyWaitTest)
            s.getOutputStream().write(("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 10000\r\n\r\n" + "0".repeat(8192))
                    .getBytes(StandardCharsets.ISO_8859_1)); // the client is still there, sending slowly
            assertTrue(reading.await(10, TimeUnit.SECONDS), "the application never ran");
            slowClient.shutdown(Duration.ofMillis(100)); // the grace ends with the read still waiting
            Throwable e = seenByApp.poll(10, TimeUnit.SECONDS);
            assertNotNull(e, "the application's read did not fail");
            assertFalse(e instanceof ClientClosedException, e::toString);
            RequestRecord r = records.poll(10, TimeUnit.SECONDS);
            assertNotNull(r, "the observer was not told");
            assertTrue(r.status() != 400, r::toString);
        }
    }

    @Test
    void aFileBodyTheClientLeftIsObservedAsAbortedWithTheBytesThatWentOut(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("big.bin"), new byte[8 << 20]);
        BlockingQueue<RequestRecord> records = new LinkedBlockingQueue<>();
        HttpServer files = HttpServer.make("127.0.0.1", 0, (env, sr) -> {
            sr.start(Status.OK, Headers.of("Content-Type", "application/octet-stream"));
            return FileBody.open(file);
        }, ServerConfig.builder().quiet(true).observer(records::add).build()).start();
        try (Socket s = new Socket("127.0.0.1", files.port())) {
            s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            int received = s.getInputStream().readNBytes(256 * 1024).length;
            assertEquals(256 * 1024, received);
            s.setSoLinger(true, 0); // leave with a reset, mid-file
        } finally {
            files.shutdown(Duration.ofSeconds(10));
        }
        RequestRecord r = records.poll(10, TimeUnit.SECONDS);
        assertNotNull(r, "the observer was not told");
        assertTrue(r.aborted(), r::toString);
        // what the client received went out (less its head), and no more than the file holds
        assertTrue(r.bytesOut() >= 200 * 1024 && r.bytesOut() < 8 << 20, () -> "bytes out: " + r);
    }

    /**
     * An observer is operator code (a metrics binding) that may fail with an Error as well as an exception: an
     * assertion, a class missing from the deployment. Neither the requests nor the server may notice; the
     * reactor thread serves requests inline and answers 408s, and it must survive.
     */
    @Test
    void anObserverFailingWithAnErrorAffectsNeitherTheRequestNorTheServer() throws Exception {
        BlockingQueue<RequestRecord> told = new LinkedBlockingQueue<>();
        HttpServer failing = HttpServer.make("127.0.0.1", 0, HttpServerTest.ECHO, ServerConfig.builder()
                .quiet(true)
                .headerTimeout(Duration.ofMillis(300))
                .observer(r -> {
                    told.add(r);
                    throw new NoClassDefFoundError("io/micrometer/core/instrument/Timer");
                })
                .build()).start();
        server.shutdown(Duration.ZERO);
        server = failing; // stopped after the test
        String pipelined = exchange("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n"
                + "Connection: close\r\n\r\n");
        assertTrue(pipelined.startsWith("HTTP/1.1 200 ") && pipelined.endsWith("GET /b "), pipelined);
        String timedOut = exchange("GET / HTTP/1.1\r\nHost: h\r\n");
        assertTrue(timedOut.startsWith("HTTP/1.1 408 "), timedOut);
        String later = exchange("GET /c HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        assertTrue(later.startsWith("HTTP/1.1 200 ") && later.endsWith("GET /c "), later);
        assertEquals(4, told.size(), told::toString);
    }

    @Test
    void thePathOfATargetIsWhatComesBeforeTheQueryAfterAnyAuthority() {
        assertEquals("/a/b", Connection.pathOf("/a/b?q=/c"));
        assertEquals("/a", Connection.pathOf("http://h:8080/a?q"));
        assertEquals("", Connection.pathOf("http://h?q=/x"));
        assertEquals("", Connection.pathOf("*"));
        assertEquals("", Connection.pathOf("h:443"));
    }
}
