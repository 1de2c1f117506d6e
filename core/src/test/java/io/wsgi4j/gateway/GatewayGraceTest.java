// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The grace period of a gateway's shutdown is a limit, as on the HTTP server: a request still in the
 * application when it ends has its connection cut (reset, so that the web server cannot take what it
 * has for a whole response), rather than being left to run on, writing to a stopped gateway.
 */
class GatewayGraceTest {
    private static final GatewayConfig SHORT_GRACE = GatewayConfig.builder().shutdownGrace(Duration.ofMillis(100))
            .build();

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    /** Stuck in the application until the test ends. */
    private final Application stuck = (env, sr) -> {
        entered.countDown();
        release.await();
        sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
        return Body.of("too late");
    };

    @AfterEach
    void releaseTheApplication() {
        release.countDown();
    }

    @Test
    void anScgiRequestStillRunningWhenTheGraceEndsHasItsConnectionCut() throws Exception {
        ScgiServer server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), stuck, SHORT_GRACE).start();
        String pairs = "CONTENT_LENGTH\0" + "0\0SCGI\0" + "1\0REQUEST_METHOD\0GET\0PATH_INFO\0/\0SCRIPT_NAME\0\0";
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write((pairs.length() + ":" + pairs + ",").getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            server.shutdown();
            assertEquals("", readUntilCut(s.getInputStream()), "nothing of a response was due");
        }
    }

    @Test
    void aFastCgiRequestStillRunningWhenTheGraceEndsHasItsConnectionCut() throws Exception {
        FastCgiServer server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), stuck, SHORT_GRACE).start();
        try (FastCgiWire wire = FastCgiWire.connect(server.port())) {
            wire.whole(1, true, Map.of("REQUEST_METHOD", "GET", "SCRIPT_NAME", "", "PATH_INFO", "/"), new byte[0]);
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            server.shutdown();
            // read on another thread: on a gateway that leaves the connection open, the read would not end
            CompletableFuture<Boolean> cut = CompletableFuture.supplyAsync(() -> {
                try {
                    return wire.closedByPeer();
                } catch (IOException reset) {
                    return true;
                }
            });
            assertTrue(cut.get(10, TimeUnit.SECONDS), "the gateway sent something instead of cutting the connection");
        }
    }

    /** What arrives before the connection ends, by a close or a reset; fails if it stays open. */
    private static String readUntilCut(InputStream in) throws IOException {
        StringBuilder got = new StringBuilder();
        try {
            for (int b; (b = in.read()) >= 0; ) {
                got.append((char) b);
            }
        } catch (SocketException reset) {
            // a reset: the cut this test expects
        }
        return got.toString();
    }
}
