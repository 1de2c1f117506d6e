// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.server.ThreadMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * FastCGI behind nginx: a request that arrives whole (as nginx sends one per connection
 * turn) runs on the reactor thread that read it, without a reader thread, while everything the
 * reader path did still happens: requests multiplexed meanwhile are served, FCGI_ABORT_REQUEST
 * still ends a running response, keep-conn off still closes.
 */
class FastCgiWholeRequestTest {
    /** Answers its path, the thread it ran on and the body it read. */
    private static final Application ECHO = (env, sr) -> {
        byte[] body = env.input().readAllBytes();
        sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
        return Body.of(env.pathInfo() + " on " + Thread.currentThread().getName() + " read "
                + new String(body, StandardCharsets.ISO_8859_1));
    };

    private FastCgiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown();
        }
    }

    private FastCgiWire serve(Application app, ThreadMode mode) throws IOException {
        server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), app,
                GatewayConfig.builder().allowedPeers(List.of()).threadMode(mode).build()).start();
        return FastCgiWire.connect(server.port());
    }

    @Test
    void aWholeRequestRunsOnTheReactorThreadThatReadItWithNoHandOff() throws Exception {
        try (FastCgiWire wire = serve(ECHO, ThreadMode.AUTO)) {
            String text = wire.whole(1, true, FastCgiWire.get("/inline"), new byte[0]).response(1).text();
            assertTrue(text.endsWith("/inline on wsgi4j-fastcgi-reactor read "), text);
        }
    }

    @Test
    void withPlatformThreadsAskedForAWholeRequestRunsOnThePool() throws Exception {
        try (FastCgiWire wire = serve(ECHO, ThreadMode.PLATFORM)) {
            String text = wire.whole(1, true, FastCgiWire.get("/pool"), new byte[0]).response(1).text();
            assertTrue(text.contains("/pool on wsgi4j-fastcgi-req-"), text);
        }
    }

    @Test
    void wholeRequestsInARowOnAKeptConnectionEachGetTheirOwnAnswerAndBody() throws Exception {
        try (FastCgiWire wire = serve(ECHO, ThreadMode.AUTO)) {
            for (int i = 0; i < 200; i++) {
                String body = "b".repeat(i * 37 % 3000) + i;
                Map<String, String> post = new HashMap<>(FastCgiWire.get("/n/" + i));
                post.put("REQUEST_METHOD", "POST");
                post.put("CONTENT_LENGTH", Integer.toString(body.length()));
                int id = 1 + i % 3;
                String text = wire.whole(id, true, post, body.getBytes(StandardCharsets.ISO_8859_1)).response(id).text();
                assertTrue(text.endsWith("/n/" + i + " on " + text.substring(text.indexOf(" on ") + 4,
                        text.indexOf(" read ")) + " read " + body), text);
            }
        }
    }

    @Test
    void aRequestMultiplexedWhileAWholeOneRunsIsServedMeanwhile() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Application app = (env, sr) -> {
            sr.start("200 OK", Headers.of());
            if (env.pathInfo().equals("/wait")) {
                waiting.countDown();
                return Body.of(release.await(30, TimeUnit.SECONDS) ? "released" : "timed out");
            }
            return Body.of("quick");
        };
        try (FastCgiWire wire = serve(app, ThreadMode.AUTO)) {
            wire.whole(1, true, FastCgiWire.get("/wait"), new byte[0]);
            assertTrue(waiting.await(30, TimeUnit.SECONDS));
            wire.whole(2, true, FastCgiWire.get("/quick"), new byte[0]);
            assertTrue(wire.response(2).text().endsWith("quick"), "served while request 1 still runs");
            release.countDown();
            assertTrue(wire.response(1).text().endsWith("released"));
            assertTrue(wire.whole(1, true, FastCgiWire.get("/quick"), new byte[0]).response(1).text().endsWith("quick"));
        }
    }

    @Test
    void anAbortReachesAWholeRequestWhoseApplicationRunsLong() throws Exception {
        EndlessApp app = new EndlessApp();
        try (FastCgiWire wire = serve(app, ThreadMode.AUTO)) {
            wire.whole(1, true, FastCgiWire.get("/endless"), new byte[0]);
            assertTrue(app.started.await(10, TimeUnit.SECONDS));
            wire.record(FastCgiRecord.ABORT_REQUEST, 1, new byte[0]);
            FastCgiRecord r;
            while ((r = wire.next()).type() != FastCgiRecord.END_REQUEST) {
                assertEquals(FastCgiRecord.STDOUT, r.type());
            }
            assertTrue(app.closed.await(10, TimeUnit.SECONDS), "close() was called");
            assertTrue(wire.whole(2, true, FastCgiWire.get("/next"), new byte[0]).response(2).text().endsWith("ok"));
        }
    }

    @Test
    void aWholeRequestWithoutKeepConnIsAnsweredThenTheConnectionEnds() throws Exception {
        try (FastCgiWire wire = serve(ECHO, ThreadMode.AUTO)) {
            assertTrue(wire.whole(1, false, FastCgiWire.get("/once"), new byte[0]).response(1).text().contains("/once"));
            assertTrue(wire.closedByPeer());
        }
    }
}
