// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.middleware.routing.Router;
import io.wsgi4j.testing.TestClient;
import org.junit.jupiter.api.Test;

/** Requests through a router, observed by the test client as a server would: tags from the template. */
class MicrometerObserverPipelineTest {
    private static final Application ITEM = (env, sr) -> {
        sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
        return Body.of("item " + Router.args(env).get("id"));
    };

    @Test
    void routedRequestsAreTimedUnderTheirTemplate() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Router router = Router.builder().get("item", "/items/{id:int}", ITEM).build();
        TestClient client = TestClient.of(router).observer(MicrometerObserver.of(registry));

        client.get("/items/1").send();
        client.get("/items/2").send();
        client.get("/nowhere").send();

        assertEquals(2, registry.get("http.server.requests")
                .tags("route", "/items/{id:int}", "status", "200", "transport", "test").timer().count());
        assertEquals(1, registry.get("http.server.requests")
                .tags("route", "NONE", "status", "404", "outcome", "CLIENT_ERROR").timer().count());
        assertEquals(2, registry.find("http.server.requests").timers().size());
    }
}
