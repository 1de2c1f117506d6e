// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.testing.contract.ContractResponse;
import io.wsgi4j.testing.contract.HttpWire;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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
    @DisplayName("stop() drains: readiness turns to draining and a request in flight still gets its whole response")
    void stopLetsTheRequestInFlightFinish() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Application slow = (environ, startResponse) -> {
            entered.countDown();
            release.await();
            startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return Body.of("finished");
        };
        JettyServer server = JettyServer.builder(slow).host("127.0.0.1").port(0).start();
        HttpWire wire = new HttpWire("127.0.0.1", server.port());
        CompletableFuture<ContractResponse> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return wire.send("GET", "/slow", Map.of(), null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(entered.await(30, TimeUnit.SECONDS), "the request never reached the application");
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
        while (!server.readiness().draining()) {
            Thread.onSpinWait();
        }
        release.countDown();
        ContractResponse r = inFlight.get(30, TimeUnit.SECONDS);
        assertEquals(200, r.status());
        assertEquals("finished", r.text());
        stopping.get(30, TimeUnit.SECONDS);
    }
}
