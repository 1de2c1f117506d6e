// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.testing.contract.ContractResponse;
import io.wsgi4j.testing.contract.HttpWire;
import io.wsgi4j.testing.external.SigtermBurst;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JettyDrainTest {
    @Test
    @DisplayName("the Jetty adapter's readiness path answers 200, then 503 once draining")
    void readinessProbe() throws Exception {
        Application hello = (environ, startResponse) -> {
            startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return Body.of("hello");
        };
        try (JettyServer server = JettyServer.builder(hello).host("127.0.0.1").port(0).readinessPath("/ready")
                .start()) {
            HttpWire wire = new HttpWire("127.0.0.1", server.port());
            assertEquals(200, wire.send("GET", "/ready", Map.of(), null).status());
            server.readiness().drain();
            ContractResponse r = wire.send("GET", "/ready", Map.of(), null);
            assertEquals(503, r.status(), r::text);
            assertEquals("hello", wire.send("GET", "/x", Map.of(), null).text());
        }
    }

    @Test
    @DisplayName("SIGTERM during a burst: every request inside the application completes, the rest are refused"
            + " before any byte, exit 0")
    void sigtermDrainsInFlightRequestsAndExitsZero() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        SigtermBurst child = SigtermBurst.start(List.of(java, "-cp", System.getProperty("java.class.path"),
                JettyDrainChild.class.getName()));
        SigtermBurst.Result result = child.burst(child.port(), 8, JettyDrainChild.BODY_BYTES);

        result.assertDrained();
        assertEquals("drained Readiness(draining)", result.output().get(result.output().size() - 1));
    }

    @Test
    @DisplayName("stop() waits for a request inside the application, within the grace period")
    void stopWaitsForARequestInFlight() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Application slow = (environ, startResponse) -> {
            inside.countDown();
            release.await();
            startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return Body.of("finished");
        };
        JettyServer server = JettyServer.builder(slow).host("127.0.0.1").port(0).start();
        HttpWire wire = new HttpWire("127.0.0.1", server.port());
        // threads of its own: the common pool may have one thread (2 cores), which the waiting client holds
        ExecutorService threads = Executors.newFixedThreadPool(2);
        Future<ContractResponse> response = threads.submit(() -> wire.send("GET", "/slow", Map.of(), null));
        inside.await();
        Future<?> stopped = threads.submit(server::stop);
        while (!server.readiness().draining()) {
            Thread.onSpinWait();
        }
        assertEquals(1, server.requestsInFlight());
        assertFalse(stopped.isDone(), "stop() returned while a request was still in the application");

        release.countDown();
        stopped.get(30, TimeUnit.SECONDS);
        assertEquals("finished", response.get(30, TimeUnit.SECONDS).text());
        assertEquals(0, server.requestsInFlight());
        threads.shutdown();
    }

    @Test
    @DisplayName("stop() cuts off a request still running when the grace period ends")
    void stopGivesUpAfterTheGracePeriod() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Application stuck = (environ, startResponse) -> {
            inside.countDown();
            never.await();
            return Body.of();
        };
        JettyServer server = JettyServer.builder(stuck).host("127.0.0.1").port(0).shutdownGrace(Duration.ZERO)
                .start();
        HttpWire wire = new HttpWire("127.0.0.1", server.port());
        ExecutorService client = Executors.newSingleThreadExecutor();
        client.submit(() -> wire.send("GET", "/stuck", Map.of(), null));
        inside.await();

        server.stop(); // returns although the request never finishes

        assertTrue(server.jetty().isStopped());
        never.countDown();
        client.shutdownNow();
    }

    /**
     * An application's own stop endpoint, as on the reference server and the gateways: stop() called by a
     * request of this server cannot wait for the requests in flight, this one among them. With a grace far
     * longer than the client waits, the request is answered only if stop() returns at once and the drain
     * goes on without it; before, it waited out the grace for itself, then stopped Jetty under its own
     * response.
     */
    @Test
    @DisplayName("a request that calls stop() is answered, and the server stops once it is")
    void aRequestThatStopsTheServerIsAnsweredAndTheServerStops() throws Exception {
        java.util.concurrent.atomic.AtomicReference<JettyServer> self = new java.util.concurrent.atomic.AtomicReference<>();
        CountDownLatch returned = new CountDownLatch(1);
        Application stopEndpoint = (environ, startResponse) -> {
            self.get().stop();
            returned.countDown();
            startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return Body.of("stopping");
        };
        JettyServer server = JettyServer.builder(stopEndpoint).host("127.0.0.1").port(0)
                .shutdownGrace(Duration.ofHours(1)).start();
        self.set(server);
        HttpWire wire = new HttpWire("127.0.0.1", server.port());
        // a thread of its own: the common pool may have one thread (2 cores)
        ExecutorService client = Executors.newSingleThreadExecutor();
        try {
            Future<ContractResponse> response = client.submit(() -> wire.send("GET", "/quit", Map.of(), null));
            assertEquals("stopping", response.get(30, TimeUnit.SECONDS).text());
            assertTrue(returned.await(30, TimeUnit.SECONDS), "stop() called by a request returned");
            assertTrue(server.readiness().draining());
            server.join(); // the drain ends on its own thread once the request is done: Jetty stops
            assertTrue(server.jetty().isStopped());
        } finally {
            client.shutdownNow();
        }
    }

    @Test
    @DisplayName("shutdownGrace refuses a negative or missing duration, naming the value")
    void shutdownGraceRefusesNegative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JettyServer.builder((environ, startResponse) -> Body.of()).shutdownGrace(Duration.ofSeconds(-1)));
        assertTrue(e.getMessage().contains("PT-1S"), e.getMessage());
    }

    @Test
    @DisplayName("stop() turns readiness to draining")
    void stopDrainsReadiness() {
        Application hello = (environ, startResponse) -> {
            startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return Body.of("hello");
        };
        JettyServer server = JettyServer.builder(hello).host("127.0.0.1").port(0).start();
        assertTrue(!server.readiness().draining());
        server.stop();
        assertTrue(server.readiness().draining());
    }
}
