// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The memory of large request heads is bounded for the whole server ({@link HeadBudget}), not only
 * per connection: many clients that each send a large head cannot exhaust the heap.
 */
class HttpServerHeadBudgetTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown(Duration.ZERO);
        }
    }

    /** A GET whose head is about 6,000 bytes: its connection's read buffer grows from 1 KiB to 8 KiB. */
    static String largeHead(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: test\r\nX-Pad: " + "a".repeat(5950) + "\r\n\r\n";
    }

    @Test
    void aLargeHeadPastTheServersBudgetIs503AndTheBudgetComesBackWhenTheHeadsAreDone() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Application app = (env, sr) -> {
            if (env.pathInfo().equals("/hold")) {
                holding.countDown(); // its head is still in its connection's grown buffer
                release.await();
            }
            return HttpServerTest.HELLO.call(env, sr);
        };
        server = HttpServer.make("127.0.0.1", 0, app, HttpServerTest.QUIET).start();
        server.headBudget().limit(12 * 1024); // one grown buffer (7 KiB beyond the small one), not two
        try (RawClient first = new RawClient(server.port())) {
            first.send(largeHead("/hold"));
            assertTrue(holding.await(RawClient.SAFETY_TIMEOUT_MS, TimeUnit.MILLISECONDS));
            try (RawClient second = new RawClient(server.port())) {
                RawClient.Response refused = second.send(largeHead("/")).read();
                assertEquals(503, refused.status(), refused.text());
                assertTrue(refused.text().contains("request heads"), refused.text());
                assertTrue(second.closedByServer());
            }
            release.countDown();
            assertEquals("Hello world!", first.read().text());
            // the first connection shrank its buffer before it read its next head: the budget came back, so
            // its next large head (7 KiB again, with the refused one's 3 KiB perhaps not given back yet) fits
            assertEquals("Hello world!", first.send(largeHead("/")).read().text());
        }
    }

    @Test
    void aConnectionWaitingForItsNextRequestKeepsNoLargeHeadOfTheLastOne() throws Exception {
        // the strings of the last head stay for reuse by the next (identical values are not copied again), but
        // not those of a large head: 16,384 idle connections would hold 400 MiB, none of it in the budget
        server = HttpServer.make("127.0.0.1", 0, HttpServerTest.HELLO, HttpServerTest.QUIET).start();
        StringBuilder large = new StringBuilder("GET /large HTTP/1.1\r\nHost: test\r\n");
        for (int i = 0; i < 99; i++) {
            large.append("X-H").append(i).append(": ").append("a".repeat(150)).append("\r\n");
        }
        try (RawClient c = new RawClient(server.port())) {
            assertEquals("Hello world!", c.send(large.append("\r\n").toString()).read().text());
            Connection idle = idleConnection();
            assertTrue(idle.retainedHeadChars() <= SocketInput.SMALL, idle.retainedHeadChars() + " chars kept");
            assertEquals("Hello world!", c.send(HttpServerTest.get("/small")).read().text());
            idle = idleConnection();
            long kept = idle.retainedHeadChars();
            assertTrue(kept > 0 && kept <= SocketInput.SMALL, kept + " chars kept: a small head stays for reuse");
        }
    }

    /** The server's one connection once it waits for its next request (its thread has let go of it). */
    private Connection idleConnection() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RawClient.SAFETY_TIMEOUT_MS);
        while (System.nanoTime() - until < 0) {
            for (Connection c : server.connections()) {
                if (c.idle()) {
                    return c;
                }
            }
            Thread.sleep(1);
        }
        throw new AssertionError("the connection never went back to waiting");
    }
}
