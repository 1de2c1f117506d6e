// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reactor serves a ready request on its own thread with non-blocking I/O; these check that
 * this never costs another connection its answer: an application that blocks, a body that arrives
 * late and a response the client reads slowly all move to another thread, and the connection that
 * moved keeps working for its next keep-alive request. (Each test would hang, not fail slowly, if a
 * blocked request held the reactor: the clients' read timeout turns that into a failure.)
 */
class InlineServingTest {
    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService clients = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        clients.shutdownNow();
        for (HttpServer s : servers) {
            s.shutdown(Duration.ZERO);
        }
    }

    private int start(Application app) {
        HttpServer s = HttpServer.make("127.0.0.1", 0, app, HttpServerTest.QUIET).start();
        servers.add(s);
        return s.port();
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n";
    }

    @Test
    void anApplicationBlockedInOneRequestDoesNotHoldUpAnotherConnection() throws Exception {
        CountDownLatch released = new CountDownLatch(1);
        int port = start((env, sr) -> {
            if (env.pathInfo().equals("/wait")) {
                // blocks until a request on another connection is answered: that needs the reactor
                if (!released.await(RawClient.SAFETY_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                    sr.start(Status.of(503), Headers.of("Content-Type", "text/plain"));
                    return List.of("never released".getBytes(StandardCharsets.US_ASCII));
                }
            } else if (env.pathInfo().equals("/release")) {
                released.countDown();
            }
            sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return List.of(env.pathInfo().getBytes(StandardCharsets.US_ASCII));
        });
        try (RawClient waiting = new RawClient(port); RawClient releasing = new RawClient(port)) {
            waiting.send(get("/wait"));
            Future<RawClient.Response> blocked = clients.submit(waiting::read);
            RawClient.Response r = releasing.send(get("/release")).read();
            assertEquals("200 /release", r.status() + " " + r.text());
            RawClient.Response w = blocked.get();
            assertEquals("200 /wait", w.status() + " " + w.text(), "the blocked request completes once released");
            // the connection that was served by the thread that left the reactor serves its next request
            RawClient.Response again = waiting.send(get("/again")).read();
            assertEquals("200 /again", again.status() + " " + again.text());
            RawClient.Response other = releasing.send(get("/other")).read();
            assertEquals("200 /other", other.status() + " " + other.text());
        }
    }

    @Test
    void manyBlockingRequestsInARowAreAllServedAndTheServerStaysResponsive() throws Exception {
        // every request blocks briefly: the reactor hands over each time, then stops serving inline for a while
        int port = start((env, sr) -> {
            Thread.sleep(2);
            sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return List.of(env.pathInfo().getBytes(StandardCharsets.US_ASCII));
        });
        List<Future<Integer>> runs = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int client = c;
            runs.add(clients.submit(() -> {
                int ok = 0;
                try (RawClient raw = new RawClient(port)) {
                    for (int i = 0; i < 100; i++) {
                        String path = "/c" + client + "/" + i;
                        RawClient.Response r = raw.send(get(path)).read();
                        if (r.status() == 200 && r.text().equals(path)) {
                            ok++;
                        }
                    }
                }
                return ok;
            }));
        }
        for (Future<Integer> run : runs) {
            assertEquals(100, run.get(), "every answer arrives, each on its own connection and in order");
        }
    }

    @Test
    void aBodyThatArrivesAfterItsHeadIsReadWhileOtherConnectionsAreServed() throws Exception {
        int port = start((env, sr) -> {
            byte[] body = env.input().readAllBytes();
            sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return List.of(body);
        });
        try (RawClient slow = new RawClient(port); RawClient quick = new RawClient(port)) {
            slow.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nhello");
            Future<RawClient.Response> echoed = clients.submit(slow::read);
            // while the first body is incomplete, another connection is answered
            RawClient.Response r = quick.send(get("/quick")).read();
            assertEquals(200, r.status());
            slow.send("world");
            assertEquals("helloworld", echoed.get().text());
            assertEquals(200, slow.send(get("/next")).read().status(), "the connection that waited for its body is kept alive");
        }
    }

    /** Whether this thread is the one selecting for one of the server's reactors (so serving inline now). */
    private boolean selecting() {
        boolean selecting = false;
        for (int i = 0; i < 16; i++) { // round robin: every reactor, whatever their number
            selecting |= servers.get(0).reactor().onLoopThread();
        }
        return selecting;
    }

    /**
     * A request whose body is sent only after {@code 100 Continue} goes to a worker, never inline (its
     * wait for the body would stall the reactor until a hand-over): also when its head came pipelined
     * behind a request served inline, which the connection found itself, not the reactor.
     */
    @Test
    void aPipelinedRequestThatWillWaitForItsBodyIsNotServedOnTheSelectingThread() throws Exception {
        int port = start((env, sr) -> {
            String where = selecting() ? "selecting" : "elsewhere";
            byte[] body = env.input().readAllBytes();
            sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return List.of((where + " " + new String(body, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
        });
        try (RawClient c = new RawClient(port)) {
            for (int i = 0; i < 200; i++) { // the server's code compiled, so that the inline run below is not taken over
                assertTrue(c.send("POST /warm HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nwarm").read().text()
                        .endsWith(" warm"));
            }
            c.send("POST /first HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
                    + "POST /second HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertTrue(c.read().text().endsWith(" hello"));
            assertEquals(100, c.read().status());
            assertEquals("elsewhere world", c.send("world").read().text());
            assertTrue(c.send("POST /third HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nmore").read().text()
                    .endsWith(" more"), "the connection is kept");
        }
    }

    @Test
    void aLargeResponseToAClientThatReadsLateArrivesWholeAndOthersAreServedMeanwhile() throws Exception {
        byte[] big = new byte[8 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        int port = start((env, sr) -> {
            sr.start(Status.OK, Headers.of("Content-Type", "application/octet-stream"));
            return List.of(env.pathInfo().equals("/big") ? big : "small".getBytes(StandardCharsets.US_ASCII));
        });
        try (RawClient late = new RawClient(port); RawClient quick = new RawClient(port)) {
            late.send(get("/big"));
            // the socket buffers fill long before 8 MiB: the response must wait for this client
            RawClient.Response r = quick.send(get("/small")).read();
            assertEquals("small", r.text());
            RawClient.Response whole = late.read();
            assertEquals(big.length, whole.body.length);
            assertTrue(java.util.Arrays.equals(big, whole.body), "the 8 MiB body arrives intact");
            assertEquals("small", late.send(get("/small")).read().text());
        }
    }
}
