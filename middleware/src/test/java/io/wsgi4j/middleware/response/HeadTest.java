// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.handler.EnvironBuilder;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadTest {

    @Test
    void dropsTheBodyAndClosesItUnread() throws Exception {
        TestBodies.Tracked body = new TestBodies.Tracked("a", "b");
        Application app = Head.of().wrap(TestBodies.app(200, body, "Content-Type", "text/plain"));
        Iterable<byte[]> out = app.call(new EnvironBuilder().method("HEAD").build(), (s, h, e) -> data -> {});
        assertEquals(List.of(), out);
        assertEquals(0, body.pulled);
        assertEquals(1, body.closes);
    }

    @Test
    void keepsTheLengthAGetWouldHave() {
        TestResponse r = TestClient.of(Head.of().wrap(TestBodies.app(200, Body.of("hello"), "Content-Type",
                "text/plain"))).head("/").send();
        assertEquals("5", r.header("Content-Length"));
        assertEquals(0, r.bytes().length);
    }

    /**
     * RFC 9110 section 8.6: a HEAD response MUST NOT carry a Content-Length other than the GET's. An
     * application that answers HEAD with no body at all says nothing about the GET's length (the server
     * itself sends no length for it), so Head must not announce 0.
     */
    @Test
    void announcesNoLengthForAnEmptyHeadBody() {
        Application app = (environ, sr) -> {
            sr.start("200 OK", io.wsgi4j.Headers.of("Content-Type", "text/plain"));
            return environ.requestMethod().equals("HEAD") ? List.of() : Body.of("hello");
        };
        TestResponse r = TestClient.of(Head.of().wrap(app)).head("/").send();
        assertNull(r.header("Content-Length"));
        assertEquals(0, r.bytes().length);
        assertNull(TestClient.of(app).head("/").send().header("Content-Length"), "the server alone sends none");
    }

    @Test
    void announcesNoLengthForAStream() {
        TestResponse r = TestClient.of(Head.of().wrap(TestBodies.app(200, new TestBodies.Tracked("x"),
                "Content-Type", "text/plain"))).head("/").send();
        assertNull(r.header("Content-Length"));
    }

    @Test
    void readsALateStarterOnlyUntilItStarts() {
        TestResponse r = TestClient.of(Head.of().wrap(TestBodies.lateStart(200, "late", "X-A", "1")))
                .head("/").send();
        assertEquals("1", r.header("X-A"));
        assertEquals(0, r.bytes().length);
    }

    @Test
    void leavesOtherMethodsAlone() throws Exception {
        TestBodies.Tracked body = new TestBodies.Tracked("x");
        Application app = Head.of().wrap(TestBodies.app(200, body));
        assertTrue(app.call(new EnvironBuilder().build(), (s, h, e) -> data -> {}) == body);
        assertEquals("Head.of()", Head.of().toString());
    }
}
