// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The connection core seen from outside, on whatever JDK runs the tests (Java 17: a platform pool;
 * 21+: virtual threads): a connection that is not working holds no thread, the time to a complete
 * head counts from the accept, and a connection closed with unread input is never reset.
 */
class ConnectionCoreTest {
    private static final ServerConfig QUIET = ServerConfig.builder().quiet(true).build();
    private static final Application HELLO = (env, sr) -> {
        sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
        return Body.of("Hello world!");
    };

    private final List<HttpServer> servers = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    private HttpServer start(Application app, ServerConfig config) {
        HttpServer s = HttpServer.make("127.0.0.1", 0, app, config).start();
        servers.add(s);
        return s;
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        for (HttpServer s : servers) {
            s.shutdown(Duration.ZERO);
        }
    }

    private Socket open(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        sockets.add(s);
        return s;
    }

    @Test
    void aFloodOfSilentAndHalfSentConnectionsDoesNotKeepANewClientWaiting() throws IOException {
        // two workers only: on 0.1 each of these connections held one, so the new client never got one
        HttpServer server = start(HELLO, QUIET.toBuilder().workers(2).build());
        for (int i = 0; i < 300; i++) {
            open(server.port());
        }
        for (int i = 0; i < 100; i++) {
            open(server.port()).getOutputStream().write("GET / HTTP/1.1\r\nHost: te".getBytes(StandardCharsets.US_ASCII));
        }
        try (RawClient c = new RawClient(server.port())) {
            assertEquals("Hello world!", c.send(HttpServerTest.get("/")).read().text());
        }
    }

    @ParameterizedTest(name = "workers({0})")
    @ValueSource(ints = {1, 2})
    void noMoreRequestsRunAtOnceThanTheWorkersLimitWhetherServedInlineOrNot(int workers) throws Exception {
        // an inline request that runs long hands the selector to another thread, which may serve the
        // next one inline: each of those must still hold one of the workers' places
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Application slow = (env, sr) -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(100);
            } finally {
                running.decrementAndGet();
            }
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            return Body.of("done");
        };
        HttpServer server = start(slow, QUIET.toBuilder().workers(workers).build());
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try (RawClient c = new RawClient(server.port())) {
                    return c.send(HttpServerTest.get("/")).read().status();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, runnable -> new Thread(runnable).start()));
        }
        for (CompletableFuture<Integer> a : answers) {
            assertEquals(200, a.get(30, TimeUnit.SECONDS));
        }
        assertTrue(most.get() <= workers, "at most " + workers + " at once, but " + most.get() + " ran at once");
    }

    @Test
    void keepAliveConnectionsBetweenRequestsHoldNoWorker() throws IOException {
        HttpServer server = start(HELLO, QUIET.toBuilder().workers(2).build());
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                RawClient c = new RawClient(server.port());
                clients.add(c);
                assertEquals(200, c.send(HttpServerTest.get("/first")).read().status());
            }
            // all 40 are still open; each gets its second answer although only 2 workers exist
            for (RawClient c : clients) {
                assertEquals(200, c.send(HttpServerTest.get("/second")).read().status());
            }
        } finally {
            for (RawClient c : clients) {
                c.close();
            }
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAtTheHeaderTimeoutNotTheIdleTimeout() throws IOException {
        // on 0.1 the wait for the first byte was bounded by the idle timeout (here a minute)
        HttpServer server = start(HELLO, QUIET.toBuilder().headerTimeout(Duration.ofMillis(200))
                .idleTimeout(Duration.ofMinutes(1)).build());
        try (RawClient c = new RawClient(server.port())) {
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void aHeadStartedButNotFinishedGets408WhileWaitingWithoutAThread() throws IOException {
        HttpServer server = start(HELLO, QUIET.toBuilder().workers(1).headerTimeout(Duration.ofMillis(200)).build());
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.send("GET / HTTP/1.1\r\nHost: x\r\n").read();
            assertEquals(408, r.status());
            assertTrue(c.closedByServer());
        }
    }

    /** The client's unread body is drained after the response, so the close is a FIN, never a reset. */
    @RepeatedTest(20)
    void aResponseToARequestWhoseBodyWasNotReadArrivesWholeAndEndsWithoutAReset() throws Exception {
        byte[] answer = new byte[100_000];
        java.util.Arrays.fill(answer, (byte) 'a');
        HttpServer server = start((env, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            return List.of(answer);
        }, QUIET);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(RawClient.SAFETY_TIMEOUT_MS);
            byte[] body = new byte[1 << 20];
            s.getOutputStream().write(("POST /ignores-the-body HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                try {
                    s.getOutputStream().write(body);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // the unread body (1 MiB, over maxDrainBytes) closes the connection after the response
            byte[] all = s.getInputStream().readAllBytes(); // a reset would throw here
            String text = new String(all, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 200 OK\r\n"), text.substring(0, Math.min(200, text.length())));
            byte[] received = java.util.Arrays.copyOfRange(all, text.indexOf("\r\n\r\n") + 4, all.length);
            assertArrayEquals(answer, received);
            upload.get(30, TimeUnit.SECONDS); // the server read (and dropped) the whole body
        }
    }
}
