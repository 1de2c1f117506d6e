// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.caching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Pipeline;
import io.wsgi4j.middleware.response.TestBodies;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import org.junit.jupiter.api.Test;

class ETagsTest {

    private static TestResponse get(Application app) {
        return TestClient.of(ETags.of().wrap(app)).get("/").send();
    }

    @Test
    void tagsAnInMemoryBodyWithAStrongDigest() {
        String tag = get(TestBodies.app(200, Body.of("hello"), "Content-Type", "text/plain")).header("ETag");
        assertTrue(EntityTags.isValid(tag) && !tag.startsWith("W/"), tag);
        assertEquals(tag, ETags.of(Body.of("hel".getBytes(), "lo".getBytes())), "chunking does not change the tag");
        assertNotEquals(tag, ETags.of(Body.of("hello!")));
    }

    @Test
    void leavesAStreamingBodyUnread() {
        TestBodies.Tracked body = new TestBodies.Tracked("stream");
        TestResponse r = get(TestBodies.app(200, body, "Content-Type", "text/plain"));
        assertNull(r.header("ETag"));
        assertEquals(1, body.closes);
    }

    @Test
    void keepsAnExistingEtag() {
        assertEquals("\"mine\"", get(TestBodies.app(200, Body.of("x"), "ETag", "\"mine\"")).header("ETag"));
    }

    @Test
    void skipsNoStoreOtherStatusesAndBigBodies() {
        assertNull(get(TestBodies.app(200, Body.of("x"), "Cache-Control", "no-store")).header("ETag"));
        assertNull(get(TestBodies.app(201, Body.of("x"))).header("ETag"));
        TestResponse big = TestClient.of(ETags.builder().maxSize(3).build().wrap(TestBodies.app(200, Body.of("four")))).get("/").send();
        assertNull(big.header("ETag"));
    }

    /** RFC 9111 section 5.2: Cache-Control is a list over all its field lines; no-store on any of them counts. */
    @Test
    void skipsNoStoreOnAnyCacheControlLine() {
        assertNull(get(TestBodies.app(200, Body.of("x"), "Cache-Control", "private", "Cache-Control", "No-Store"))
                .header("ETag"));
    }

    @Test
    void skipsMethodsOtherThanGet() {
        TestResponse r = TestClient.of(ETags.of().wrap(TestBodies.app(200, Body.of("x")))).post("/").send();
        assertNull(r.header("ETag"));
    }

    @Test
    void letsConditionalGetAnswer304() {
        Application app = Pipeline.builder().use(ConditionalGet.of()).use(ETags.of())
                .run(TestBodies.app(200, Body.of("hello"), "Content-Type", "text/plain"));
        String tag = TestClient.of(app).get("/").send().header("ETag");
        assertEquals(304, TestClient.of(app).get("/").header("If-None-Match", tag).send().status());
    }

    /** RFC 9110 section 9.3.2: a HEAD gets the GET's header fields, and a conditional HEAD its 304. */
    @Test
    void tagsAHeadAsItsGetWhenTheApplicationGivesTheGetsBody() {
        Application app = Pipeline.builder().use(ConditionalGet.of()).use(ETags.of())
                .run(TestBodies.app(200, Body.of("hello"), "Content-Type", "text/plain"));
        TestClient client = TestClient.of(app);
        String tag = client.get("/").send().header("ETag");

        assertEquals(tag, client.head("/").send().header("ETag"));
        assertEquals(304, client.head("/").header("If-None-Match", tag).send().status());
    }

    @Test
    void leavesAHeadUntaggedWhenTheApplicationSentNoBodyForIt() {
        // an application that knows HEAD sends no body: nothing tells what the GET's would hash to
        assertNull(TestClient.of(ETags.of().wrap(TestBodies.app(200, Body.empty()))).head("/").send().header("ETag"));
    }

    @Test
    void validatesAndPrintsItsConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> ETags.builder().maxSize(-1).build());
        assertEquals("ETags.of()", ETags.of().toString());
        assertEquals("ETags.builder().maxSize(100).build()", ETags.builder().maxSize(100).build().toString());
    }
}
