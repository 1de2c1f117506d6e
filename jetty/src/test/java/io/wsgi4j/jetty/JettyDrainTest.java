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
