// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.server.ThreadMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No thread for a connection that is not working: a FastCGI connection the web server
 * keeps (FCGI_KEEP_CONN) between requests waits in the reactor, on Java 17 and 21+ alike, and comes
 * back to a reader when its next request arrives.
 */
class FastCgiKeptConnectionTest {
    private static final int KEPT = 48;
    private static final Application HELLO = (env, sr) -> {
        sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
        return Body.of("hello " + env.pathInfo());
    };

    private FastCgiServer server;
    private final List<FastCgiWire> wires = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (FastCgiWire w : wires) {
            w.close();
        }
        if (server != null) {
            server.shutdown();
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @EnumSource(value = ThreadMode.class, names = {"PLATFORM", "AUTO"})
    void keptConnectionsBetweenRequestsHoldNoThreadAndServeTheirNextRequest(ThreadMode mode) throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet(); // other tests' pools may still idle
        server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), HELLO,
                GatewayConfig.builder().allowedPeers(List.of()).threadMode(mode).build()).start();
        for (int i = 0; i < KEPT; i++) {
            FastCgiWire w = FastCgiWire.connect(server.port());
            wires.add(w);
            w.request(1, true, FastCgiWire.get("/first/" + i));
            assertEquals("hello /first/" + i, body(w.response(1)));
        }
        awaitWaitingInTheReactor(KEPT);

        // no thread sits in a read for them (0.1 kept one blocked reader per connection)...
        assertEquals(List.of(), threadsReadingAConnection());
        if (mode == ThreadMode.PLATFORM) {
            // ...and the gateway's threads did not grow with the connections (pool threads outlive their task)
            List<Thread> started = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("wsgi4j-fastcgi") && !before.contains(t)).toList();
            assertTrue(started.size() < KEPT / 4, started.size() + " gateway threads for " + KEPT
                    + " kept connections: " + started);
        }

        for (int i = 0; i < KEPT; i++) {
            FastCgiWire w = wires.get(i);
            w.request(1, true, FastCgiWire.get("/second/" + i));
            assertEquals("hello /second/" + i, body(w.response(1)));
        }
        awaitWaitingInTheReactor(KEPT);
    }

    private void awaitWaitingInTheReactor(int expected) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.loop().reactor().waiting() != expected && System.nanoTime() < giveUp) {
            Thread.sleep(10);
        }
        assertEquals(expected, server.loop().reactor().waiting(), "connections waiting in the reactor");
    }

    /** Live platform threads inside {@code FastCgiConnection.read}, with their stacks. */
    private static List<String> threadsReadingAConnection() {
        List<String> found = new ArrayList<>();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            for (StackTraceElement e : stack) {
                if (e.getClassName().equals(FastCgiConnection.class.getName()) && e.getMethodName().equals("read")) {
                    found.add(t.getName() + " " + Arrays.toString(stack));
                    return;
                }
            }
        });
        return found;
    }

    private static String body(FastCgiWire.Response r) {
        String text = r.text();
        return text.substring(text.indexOf("\r\n\r\n") + 4);
    }
}
