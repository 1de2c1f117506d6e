// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Body;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.handler.EnvironBuilder;
import io.wsgi4j.middleware.response.TestBodies;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
    void keepsEveryServerTimingFieldOfTheApplication() {
        // Server-Timing is a list: two fields mean the same as one with both values
        TestResponse r = TestClient.of(ServerTiming.of().wrap(TestBodies.app(200, Body.of("x"),
                "Server-Timing", "cache;dur=1", "Server-Timing", "db;dur=5"))).get("/").send();
        assertEquals(1, r.headers("Server-Timing").size(), r.headers().toString());
        assertTrue(r.header("Server-Timing").matches("cache;dur=1, db;dur=5, app;dur=\\d+\\.\\d"),
                r.header("Server-Timing"));
    }

    @Test
    void addsXRuntimeInSecondsWhenAsked() {
        TestResponse r = TestClient.of(ServerTiming.builder().serverTiming(false).xRuntime(true).build()
                .wrap(TestBodies.lateStart(200, "x"))).get("/").send();
        assertTrue(r.header("X-Runtime").matches("\\d+\\.\\d{6}"), r.header("X-Runtime"));
        assertNull(r.header("Server-Timing"));
    }

    @Test
    void timesALegacyWriteResponseBeforeItsFirstWrite() {
        TestResponse r = TestClient.of(ServerTiming.of().wrap((environ, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain")).write("written".getBytes(StandardCharsets.UTF_8));
            return Body.empty();
        })).get("/").send();
        assertEquals("written", r.text());
        assertTrue(r.header("Server-Timing").matches("app;dur=\\d+\\.\\d"), r.header("Server-Timing"));
    }

    /** R3.2: an error page started with excInfo before the application returns replaces the held start. */
    @Test
    void sendsTheErrorPageStartedWithExcInfoInsteadOfTheHeldStart() {
        TestResponse r = TestClient.of(ServerTiming.of().wrap((environ, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain", "X-First", "1"));
            sr.start(Status.of(503), Headers.of("Content-Type", "text/plain"), new IllegalStateException("down"));
            return Body.of("sorry");
        })).get("/").send();
        assertEquals(503, r.status());
        assertNull(r.header("X-First"));
        assertEquals(1, r.headers("Server-Timing").size());
    }

    /** R3.2: a second start without excInfo is the application's error, reported as in every other layer. */
    @Test
    void refusesASecondStartWithoutExcInfo() throws Exception {
        var app = ServerTiming.of().wrap((environ, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            sr.start("500 Internal Server Error", Headers.of("Content-Type", "text/plain"));
            return Body.empty();
        });
        var e = assertThrows(IllegalStateException.class,
                () -> app.call(new EnvironBuilder().build(), (status, headers, exc) -> data -> { }));
        assertTrue(e.getMessage().startsWith("R3.2"), e.getMessage());
    }

    @Test
    void handsTheApplicationsBodyOnUnwrapped() throws Exception {
        Iterable<byte[]> body = Body.of("x");
        List<List<Header>> starts = new ArrayList<>();
        var app = ServerTiming.of().wrap(TestBodies.app(200, body));
        assertSame(body, app.call(new EnvironBuilder().build(), (status, headers, exc) -> {
            starts.add(headers);
            return data -> { };
        }));
        assertEquals(1, starts.size());
        assertEquals("Server-Timing", starts.get(0).get(starts.get(0).size() - 1).name());
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

    /**
     * The header of a duration under 100 ms is kept and reused, one above is made each time: both
     * read the same, rounded to a tenth of a millisecond, and a kept one never answers another duration.
     */
    @ParameterizedTest(name = "{0} ns -> {1}")
    @org.junit.jupiter.params.provider.CsvSource(textBlock = """
            0,           app;dur=0.0
            49999,       app;dur=0.0
            50000,       app;dur=0.1
            1234567,     app;dur=1.2
            12350000,    app;dur=12.4
            99949999,    app;dur=99.9
            99950000,    app;dur=100.0
            150000000,   app;dur=150.0
            3600000000000, app;dur=3600000.0
            """)
    void formatsEveryDurationAlikeWhetherItsHeaderIsKeptOrNot(long nanos, String expected) {
        ServerTiming timing = (ServerTiming) ServerTiming.of().wrap(TestBodies.app(200, Body.of("x")));
        for (long other : new long[] {nanos, 0, 1_234_567, nanos}) { // kept headers must not answer for others
            timing.timed(Headers.of("Content-Type", "text/plain"), other);
        }
        List<Header> out = timing.timed(Headers.of("Content-Type", "text/plain"), nanos);
        assertEquals(expected, Headers.get(out, "Server-Timing"));
    }
}
