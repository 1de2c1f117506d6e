// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.caching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.handler.EnvironBuilder;
import io.wsgi4j.handler.HttpDate;
import io.wsgi4j.middleware.response.TestBodies;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionalGetTest {
    private static final String DATE = "Sun, 06 Nov 1994 08:49:37 GMT";
    private static final String EARLIER = "Sat, 05 Nov 1994 08:49:37 GMT";

    private static TestBodies.Tracked body;

    private static TestClient client(String... headers) {
        body = new TestBodies.Tracked("hello");
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "text/plain";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return TestClient.of(ConditionalGet.of().wrap(TestBodies.app(200, body, all)));
    }

    @Nested
    class NotModified {
        @Test
        void returns304WhenEtagMatches() {
            TestResponse r = client("ETag", "\"v1\"", "Cache-Control", "max-age=60").get("/")
                    .header("If-None-Match", "\"v1\"").send();
            assertEquals(304, r.status());
            assertEquals("\"v1\"", r.header("ETag"));
            assertEquals("max-age=60", r.header("Cache-Control"));
            assertNull(r.header("Content-Type"));
            assertEquals("", r.text());
        }

        @Test
        void closesTheOriginalBodyUnread() {
            client("ETag", "\"v1\"").get("/").header("If-None-Match", "\"v1\"").send();
            assertEquals(0, body.pulled);
            assertEquals(1, body.closes);
        }

        @Test
        void returns304WhenNotModifiedSince() {
            assertEquals(304, client("Last-Modified", DATE).get("/").header("If-Modified-Since", DATE).send().status());
        }

        @Test
        void returns304ForHeadToo() {
            assertEquals(304, client("ETag", "\"v1\"").head("/").header("If-None-Match", "W/\"v1\"").send().status());
        }

        @Test
        void answersALateStartingApplication() {
            Application late = TestBodies.lateStart(200, "late", "ETag", "\"v1\"");
            TestResponse r = TestClient.of(ConditionalGet.of().wrap(late)).get("/")
                    .header("If-None-Match", "\"v1\"").send();
            assertEquals(304, r.status());
            assertEquals("", r.text());
        }
    }

    @Nested
    class Unchanged {
        @Test
        void sendsTheBodyWhenTheEtagDiffers() {
            TestResponse r = client("ETag", "\"v2\"").get("/").header("If-None-Match", "\"v1\"").send();
            assertEquals(200, r.status());
            assertEquals("hello", r.text());
            assertEquals(1, body.closes);
        }

        @Test
        void ignoresIfModifiedSinceWhenIfNoneMatchIsPresent() {
            TestResponse r = client("ETag", "\"v2\"", "Last-Modified", DATE).get("/")
                    .header("If-None-Match", "\"v1\"").header("If-Modified-Since", DATE).send();
            assertEquals(200, r.status());
        }

        @Test
        void sendsTheBodyWhenModifiedSince() {
            assertEquals(200, client("Last-Modified", DATE).get("/").header("If-Modified-Since", EARLIER).send().status());
        }

        @Test
        void passesOtherStatusesThrough() {
            Application app = TestBodies.app(404, Body.of("no"), "ETag", "\"v1\"");
            TestResponse r = TestClient.of(ConditionalGet.of().wrap(app)).get("/")
                    .header("If-None-Match", "\"v1\"").send();
            assertEquals(404, r.status());
        }

        @Test
        void leavesUnsafeMethodsAlone() {
            assertEquals(200, client("ETag", "\"v1\"").post("/").header("If-None-Match", "\"v1\"").send().status());
        }

        @Test
        void returnsTheApplicationsBodyItselfWithoutConditions() throws Exception {
            TestBodies.Tracked b = new TestBodies.Tracked("x");
            Application app = ConditionalGet.of().wrap(TestBodies.app(200, b, "ETag", "\"v1\""));
            assertTrue(app.call(new EnvironBuilder().build(), (s, h, e) -> data -> {}) == b);
        }
    }

    @Nested
    class PreconditionFailed {
        @Test
        void returns412WhenIfMatchFails() {
            TestBodies.Tracked b;
            TestResponse r = client("ETag", "\"v2\"").get("/").header("If-Match", "\"v1\"").send();
            b = body;
            assertEquals(412, r.status());
            assertEquals(1, b.closes);
        }

        @Test
        void returns412WhenModifiedAfterIfUnmodifiedSince() {
            assertEquals(412, client("Last-Modified", DATE).get("/").header("If-Unmodified-Since", EARLIER).send().status());
        }

        /**
         * RFC 9111 section 3: a shared cache may store a final response with explicit freshness under the URL
         * alone and serve it to every later GET; the 412 is not the resource, so it goes without the 200's
         * freshness (412 is not cacheable by default, section 4.2.2), while its validators stay.
         */
        @Test
        void doesNotGiveThe412TheFreshnessOfThe200() {
            TestResponse r = client("ETag", "\"v2\"", "Cache-Control", "public, max-age=3600",
                    "Expires", "Thu, 01 Dec 2094 16:00:00 GMT", "Cache-Control", "s-maxage=600")
                    .get("/").header("If-Match", "\"v1\"").send();
            assertEquals(412, r.status());
            assertEquals(List.of(), r.headers("Cache-Control"));
            assertNull(r.header("Expires"));
            assertEquals("\"v2\"", r.header("ETag"));
        }
    }

    @Nested
    class Evaluate {
        @ParameterizedTest(name = "{0} {1}: {2} -> {5}")
        @CsvSource(delimiter = '|', nullValues = "-", value = {
            // method | header              | value                            | etag     | lastModified                   | result
            "GET      | If-None-Match       | '\"a\"'                          | '\"a\"'  | -                              | 304",
            "GET      | If-None-Match       | '*'                              | '\"a\"'  | -                              | 304",
            "GET      | If-None-Match       | '\"b\"'                          | '\"a\"'  | -                              | 0",
            "PUT      | If-None-Match       | '\"a\"'                          | '\"a\"'  | -                              | 412",
            "PUT      | If-None-Match       | '*'                              | '\"a\"'  | -                              | 412",
            "GET      | If-Match            | '\"a\"'                          | '\"a\"'  | -                              | 0",
            "GET      | If-Match            | 'W/\"a\"'                        | 'W/\"a\"'| -                              | 412",
            "PUT      | If-Match            | '*'                              | '\"a\"'  | -                              | 0",
            "GET      | If-Modified-Since   | 'Sun, 06 Nov 1994 08:49:37 GMT'  | -        | 'Sun, 06 Nov 1994 08:49:37 GMT'| 304",
            "GET      | If-Modified-Since   | 'Sat, 05 Nov 1994 08:49:37 GMT'  | -        | 'Sun, 06 Nov 1994 08:49:37 GMT'| 0",
            "GET      | If-Modified-Since   | 'garbage'                        | -        | 'Sun, 06 Nov 1994 08:49:37 GMT'| 0",
            "GET      | If-Modified-Since   | 'Sun, 06 Nov 1994 08:49:37 GMT'  | -        | -                              | 0",
            "POST     | If-Modified-Since   | 'Sun, 06 Nov 1994 08:49:37 GMT'  | -        | 'Sun, 06 Nov 1994 08:49:37 GMT'| 0",
            "PUT      | If-Unmodified-Since | 'Sat, 05 Nov 1994 08:49:37 GMT'  | -        | 'Sun, 06 Nov 1994 08:49:37 GMT'| 412",
            "PUT      | If-Unmodified-Since | 'Sun, 06 Nov 1994 08:49:37 GMT'  | -        | 'Sun, 06 Nov 1994 08:49:37 GMT'| 0",
            "PUT      | If-Unmodified-Since | 'garbage'                        | -        | 'Sun, 06 Nov 1994 08:49:37 GMT'| 0",
        })
        void followsRfc9110Order(String method, String header, String value, String etag, String lastModified,
                int result) {
            Environ env = new EnvironBuilder().method(method).header(header, value).build();
            assertEquals(result, ConditionalGet.evaluate(env, etag, HttpDate.parse(lastModified)));
        }

        @Test
        void ifMatchTakesPrecedenceOverIfUnmodifiedSince() {
            Environ env = new EnvironBuilder().method("PUT").header("If-Match", "\"a\"")
                    .header("If-Unmodified-Since", EARLIER).build();
            assertEquals(0, ConditionalGet.evaluate(env, "\"a\"", HttpDate.parse(DATE)));
        }

        @Test
        void isFreshReadsTheResponseHeaders() {
            Environ env = new EnvironBuilder().header("If-None-Match", "\"a\"").build();
            assertTrue(ConditionalGet.isFresh(env, Headers.of("ETag", "\"a\"")));
            assertFalse(ConditionalGet.isFresh(env, Headers.of("ETag", "\"b\"")));
        }
    }

    @Test
    void printsAsTheBuilderCode() {
        assertEquals("ConditionalGet.of()", ConditionalGet.of().toString());
        assertEquals("ConditionalGet.of().wrap(hi)",
                ConditionalGet.of().wrap(Application.named("hi", (e, s) -> Body.empty())).toString());
    }
}
