// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Body;
import io.wsgi4j.middleware.response.TestBodies;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerTimingTest {

    @Test
    void addsAServerTimingMetric() {
        TestResponse r = TestClient.of(ServerTiming.of().wrap(TestBodies.app(200, Body.of("x")))).get("/").send();
        assertTrue(r.header("Server-Timing").matches("app;dur=\\d+\\.\\d"), r.header("Server-Timing"));
        assertNull(r.header("X-Runtime"));
    }

    @Test
    void appendsToTheApplicationsOwnMetrics() {
        TestResponse r = TestClient.of(ServerTiming.builder().metric("total").build()
                .wrap(TestBodies.app(200, Body.of("x"), "Server-Timing", "db;dur=5"))).get("/").send();
        assertTrue(r.header("Server-Timing").matches("db;dur=5, total;dur=\\d+\\.\\d"), r.header("Server-Timing"));
    }

    @Test
    void addsXRuntimeInSecondsWhenAsked() {
        TestResponse r = TestClient.of(ServerTiming.builder().serverTiming(false).xRuntime(true).build()
                .wrap(TestBodies.lateStart(200, "x"))).get("/").send();
        assertTrue(r.header("X-Runtime").matches("\\d+\\.\\d{6}"), r.header("X-Runtime"));
        assertNull(r.header("Server-Timing"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "app\r\nSet-Cookie: x=1", "dur;x"})
    void rejectsMetricNamesThatAreNotTokens(String name) {
        assertThrows(IllegalArgumentException.class, () -> ServerTiming.builder().metric(name));
    }

    @Test
    void refusesToBuildWithBothHeadersOff() {
        assertThrows(IllegalStateException.class, () -> ServerTiming.builder().serverTiming(false).build());
    }

    @Test
    void printsAsTheBuilderCode() {
        assertEquals("ServerTiming.of()", ServerTiming.of().toString());
        assertEquals("ServerTiming.builder().metric(\"db\").xRuntime(true).build()",
                ServerTiming.builder().metric("db").xRuntime(true).build().toString());
    }
}
