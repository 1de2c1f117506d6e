// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.observe.RequestRecord;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test client tells its observer about each request as a server would, as transport "test". */
class TestClientObserverTest {
    /** Reads the body, records a route template as a router would, answers 12 bytes. */
    static final Application ROUTED = (env, sr) -> {
        env.input().readAllBytes();
        env.put(RequestRecord.ROUTE_TEMPLATE, "/items/{id}");
        sr.start("201 Created", Headers.of("Content-Type", "text/plain"));
        return Body.of("hello world!");
    };

    private final BlockingQueue<RequestRecord> seen = new LinkedBlockingQueue<>();

    /** The record of the request just sent: the test client tells the observer before send() returns. */
    private RequestRecord next() {
        RequestRecord r = seen.poll();
        assertNotNull(r, "the observer was not called");
        return r;
    }

    @Test
    void reportsMethodPathRouteStatusAndBytes() {
        TestClient.of(ROUTED).observer(seen::add).post("/items/7").body("abc".getBytes()).send();
        RequestRecord r = next();
        assertEquals(new RequestRecord("test", "POST", "/items/7", "/items/{id}", 201, 3, 12, r.durationNanos(),
                false), r);
        assertTrue(seen.isEmpty(), "told once");
    }

    @Test
    void reportsThe500PageThatReplacedAFailedApplication() {
        Application failing = (env, sr) -> {
            throw new IllegalStateException("boom");
        };
        TestClient.of(failing).allowErrors().observer(seen::add).get("/x").send();
        RequestRecord r = next();
        assertEquals(500, r.status());
        assertEquals("SERVER_ERROR", r.outcome());
        assertNull(r.route());
        assertEquals(-1, r.bytesIn(), "no Content-Length was declared");
    }

    @Test
    void countsNoBodyBytesForHead() {
        TestClient.of(ROUTED).observer(seen::add).head("/items/7").send();
        RequestRecord r = next();
        assertEquals("HEAD", r.method());
        assertEquals(0, r.bytesOut());
    }

    @ParameterizedTest(name = "status {0}")
    @ValueSource(ints = {204, 205, 304})
    void countsNoBodyBytesForAStatusWhoseBodyTheServerDrops(int status) {
        Application bodyAnyway = (env, sr) -> {
            sr.start(io.wsgi4j.Status.of(status), Headers.of());
            return Body.of("hello world!");
        };
        // unvalidated: the validator would stop the application; a server drops the bytes and goes on
        TestClient.unvalidated(bodyAnyway).observer(seen::add).get("/x").send();
        RequestRecord r = next();
        assertEquals(status, r.status());
        assertEquals(0, r.bytesOut(), "the body was not sent");
    }

    @Test
    void reportsAStreamedResponseClosedEarlyAsAborted() {
        Application stream = (env, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            return java.util.stream.Stream.generate(() -> "x".getBytes())::iterator;
        };
        try (var response = TestClient.of(stream).observer(seen::add).get("/s").stream()) {
            response.nextChunk();
        }
        RequestRecord r = next();
        assertTrue(r.aborted());
        assertEquals(200, r.status());
    }

    @Test
    void aFailingObserverDoesNotAffectTheRequest() {
        var response = TestClient.of(ROUTED).observer(r -> {
            throw new IllegalStateException("metrics backend down");
        }).get("/items/1").send();
        assertEquals(201, response.status());
    }
}
