// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.handler.EnvironBuilder;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdTest {
    /** Answers the id the environ holds. */
    private static final Application ECHO = (env, sr) -> {
        sr.start(Status.OK, Headers.of("Content-Type", "text/plain", "X-Request-Id", "app-set"));
        return Body.of(RequestId.of(env));
    };

    @Test
    void keepsAValidIncomingIdAndEchoesIt() {
        TestResponse r = TestClient.of(RequestId.of().wrap(ECHO)).get("/").header("X-Request-Id", "abc-123:x/y=").send();
        assertEquals("abc-123:x/y=", r.text());
        assertEquals(java.util.List.of("abc-123:x/y="), r.headers("X-Request-Id"));
    }

    @Test
    void makesANewIdWhenNoneCame() {
        TestResponse r = TestClient.of(RequestId.of().wrap(ECHO)).get("/").send();
        assertTrue(r.text().matches("[0-9a-f]{32}"), r.text());
        assertEquals(r.text(), r.header("X-Request-Id"));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"has space", "caf\u00e9", "quote\"", "<script>", "a,b"})
    void replacesAnInvalidIncomingId(String incoming) {
        TestResponse r = TestClient.of(RequestId.of().wrap(ECHO)).get("/").header("X-Request-Id", incoming).send();
        assertTrue(r.text().matches("[0-9a-f]{32}"), r.text());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "crlf\r\nSet-Cookie: a=1", "nul\u0000", "tab\tx", "del\u007f"})
    void neverLetsControlCharactersIntoTheEnvironOrTheResponse(String incoming) {
        // the test client's validator refuses such requests, so build the environ as a lax server would
        Environ env = new EnvironBuilder().header("X-Request-Id", incoming).build();
        String id = RequestId.assign(env, true);
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        assertEquals(id, env.get(RequestId.KEY));
    }

    @Test
    void replacesAnOverlongIncomingId() {
        String longId = "a".repeat(129);
        assertNotEquals(longId, TestClient.of(RequestId.of().wrap(ECHO)).get("/").header("X-Request-Id", longId)
                .send().text());
        assertTrue(RequestId.isValid("a".repeat(128)));
    }

    @Test
    void ignoresIncomingIdsWhenNotTrusted() {
        TestResponse r = TestClient.of(RequestId.builder().trustIncoming(false).build().wrap(ECHO)).get("/").header("X-Request-Id", "abc").send();
        assertNotEquals("abc", r.text());
    }

    @Test
    void makesDifferentIds() {
        assertNotEquals(RequestId.generate(), RequestId.generate());
    }

    @Test
    void printsAsTheBuilderCode() {
        assertEquals("RequestId.of()", RequestId.of().toString());
        assertEquals("RequestId.builder().trustIncoming(false).build()", RequestId.builder().trustIncoming(false).build().toString());
    }

    @Test
    void reportsTheAssignedIdThenTheRawHeaderThenNothing() {
        Environ assigned = new EnvironBuilder().header("X-Request-Id", "from-proxy").build();
        assigned.put(RequestId.KEY, "assigned");
        assertEquals("assigned", RequestId.reported(assigned));
        assertEquals("from-proxy", RequestId.reported(new EnvironBuilder().header("X-Request-Id", "from-proxy").build()));
        assertEquals(null, RequestId.reported(new EnvironBuilder().build()));
    }
}
