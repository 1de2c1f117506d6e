// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.cors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Header;
import io.wsgi4j.Middleware;
import io.wsgi4j.middleware.response.TestBodies;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CorsTest {
    private static final String ORIGIN = "https://app.example.com";
    private static final Application API = TestBodies.app(200, Body.of("data"), "Content-Type", "application/json");

    private static final Middleware STRICT = Cors.builder()
            .allowOrigins(ORIGIN)
            .allowMethods("GET", "POST", "DELETE")
            .allowHeaders("Authorization", "X-Custom", "Content-Type")
            .exposeHeaders("X-Total")
            .allowCredentials(true)
            .maxAge(600)
            .build();

    private static TestClient client(Middleware cors) {
        return TestClient.of(cors.wrap(API));
    }

    @Nested
    class Preflight {
        @Test
        void answersAnAllowedPreflightItself() {
            TestResponse r = client(STRICT).options("/items").header("Origin", ORIGIN)
                    .header("Access-Control-Request-Method", "DELETE")
                    .header("Access-Control-Request-Headers", "authorization, content-type").send();
            assertEquals(204, r.status());
            assertEquals(ORIGIN, r.header("Access-Control-Allow-Origin"));
            assertEquals("GET, POST, DELETE", r.header("Access-Control-Allow-Methods"));
            assertEquals("authorization, content-type", r.header("Access-Control-Allow-Headers"));
            assertEquals("true", r.header("Access-Control-Allow-Credentials"));
            assertEquals("600", r.header("Access-Control-Max-Age"));
            assertTrue(r.header("Vary").startsWith("Origin"), r.header("Vary"));
        }

        @Test
        void refusesAnOriginNotAllowed() {
            TestResponse r = client(STRICT).options("/").header("Origin", "https://evil.example")
                    .header("Access-Control-Request-Method", "GET").send();
            assertEquals(403, r.status());
            assertNull(r.header("Access-Control-Allow-Origin"));
            assertTrue(r.text().contains("origin"), r.text());
        }

        @Test
        void refusesAMethodNotAllowed() {
            TestResponse r = client(STRICT).options("/").header("Origin", ORIGIN)
                    .header("Access-Control-Request-Method", "PUT").send();
            assertEquals(403, r.status());
            assertTrue(r.text().contains("method \"PUT\""), r.text());
        }

        @Test
        void refusesAHeaderNotAllowed() {
            TestResponse r = client(STRICT).options("/").header("Origin", ORIGIN)
                    .header("Access-Control-Request-Method", "GET")
                    .header("Access-Control-Request-Headers", "X-Custom, X-Other").send();
            assertEquals(403, r.status());
            assertTrue(r.text().contains("X-Other"), r.text());
        }

        // a browser lists Content-Type only for a value that is not safelisted, such as application/json
        @Test
        void refusesAContentTypeTheBuilderDidNotAllow() {
            TestResponse r = client(Cors.builder().allowOrigins(ORIGIN).build()).options("/").header("Origin", ORIGIN)
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type").send();
            assertEquals(403, r.status());
            assertNull(r.header("Access-Control-Allow-Headers"));
            assertTrue(r.text().contains("content-type"), r.text());
        }

        @Test
        void passesAPlainOptionsRequestToTheApplication() {
            assertEquals("data", client(STRICT).options("/").header("Origin", ORIGIN).send().text());
        }
    }

    @Nested
    class ActualRequests {
        @Test
        void addsHeadersForAnAllowedOrigin() {
            TestResponse r = client(STRICT).get("/").header("Origin", ORIGIN).send();
            assertEquals(ORIGIN, r.header("Access-Control-Allow-Origin"));
            assertEquals("true", r.header("Access-Control-Allow-Credentials"));
            assertEquals("X-Total", r.header("Access-Control-Expose-Headers"));
            assertEquals("Origin", r.header("Vary"));
            assertEquals("data", r.text());
        }

        @Test
        void addsOnlyVaryForAnotherOrigin() {
            TestResponse r = client(STRICT).get("/").header("Origin", "https://evil.example").send();
            assertNull(r.header("Access-Control-Allow-Origin"));
            assertNull(r.header("Access-Control-Allow-Credentials"));
            assertEquals("Origin", r.header("Vary"));
        }

        @Test
        void comparesOriginsIgnoringCase() {
            assertEquals("https://APP.example.com", client(STRICT).get("/").header("Origin", "https://APP.example.com")
                    .send().header("Access-Control-Allow-Origin"));
        }

        @Test
        void addsVaryWithoutOriginToo() {
            TestResponse r = client(STRICT).get("/").send();
            assertEquals("Origin", r.header("Vary"));
        }

        /** An application's own Vary (e.g. Gzip's, inside CORS) gets Origin merged in once, whatever its case. */
        @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
        @CsvSource(delimiter = '|', textBlock = """
            Accept-Encoding          | Accept-Encoding, Origin
            accept-encoding, ORIGIN  | accept-encoding, ORIGIN
            Origin                   | Origin
            ' * '                    | ' * '
            Cookie, X-Originator     | Cookie, X-Originator, Origin
            X-Original-Host          | X-Original-Host, Origin
            Origin-Agent-Cluster     | Origin-Agent-Cluster, Origin
            """)
        void mergesOriginIntoTheApplicationsVary(String appVary, String expected) {
            Application app = TestBodies.app(200, Body.of("data"), "Content-Type", "text/plain", "Vary", appVary);
            TestResponse r = TestClient.of(STRICT.wrap(app)).get("/").send();
            assertEquals(List.of(expected), r.headers("Vary"));
        }

        /**
         * A Vary member that merely contains the word (X-Original-Host) does not make a shared cache key
         * on Origin (RFC 9110 section 12.5.5 lists field names whole): without Origin merged in, a cache
         * would hand the allowed origin's response, Access-Control-Allow-Origin and all, to the next one.
         */
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"allowed", "other", "none"})
        void addsOriginBesideAVaryMemberThatOnlyContainsTheWord(String who) {
            Application app = TestBodies.app(200, Body.of("data"), "Content-Type", "text/plain",
                    "Vary", "X-Original-Host");
            var request = TestClient.of(STRICT.wrap(app)).get("/");
            if (!who.equals("none")) {
                request.header("Origin", who.equals("allowed") ? ORIGIN : "https://other.example");
            }
            assertEquals(List.of("X-Original-Host, Origin"), request.send().headers("Vary"));
        }

        /** Vary's field lines make one list (RFC 9110 section 5.3): Origin on a second line is not added again. */
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"allowed", "other"})
        void findsOriginOnAnyVaryLine(String who) {
            Application app = TestBodies.app(200, Body.of("data"), "Content-Type", "text/plain",
                    "Vary", "Cookie", "Vary", "Origin");
            TestResponse r = TestClient.of(STRICT.wrap(app)).get("/")
                    .header("Origin", who.equals("allowed") ? ORIGIN : "https://other.example").send();
            assertEquals(List.of("Cookie", "Origin"), r.headers("Vary"));
        }

        /**
         * The remembered merge is keyed by the Vary header itself: two applications under one Cors, with
         * different Vary values (and an equal value in a second header object), each get their own merge.
         */
        @Test
        void mergesEachVaryItsOwnWayWhenTheyAlternate() throws Exception {
            List<Header> varies = List.of(Header.of("Vary", "Accept-Encoding"), Header.of("Vary", "Cookie"),
                    Header.of("Vary", "Origin"), Header.of("Vary", "Accept-Encoding")); // constants, as Gzip's
            Application app = (environ, start) -> {
                start.start(io.wsgi4j.Status.OK, List.of(varies.get(Integer.parseInt(environ.queryString()))));
                return Body.of("x");
            };
            TestClient client = TestClient.of(STRICT.wrap(app));
            List<String> expected = List.of("Accept-Encoding, Origin", "Cookie, Origin", "Origin",
                    "Accept-Encoding, Origin");
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < varies.size(); i++) {
                    assertEquals(expected.get(i), client.get("/?" + i).send().header("Vary"), "Vary " + varies.get(i));
                }
            }
        }

        /**
         * The remembered Vary merge is one for every Cors instance: two policies, each over an application
         * with its own constant Vary, interleaved, each get their own merge (keyed by the header, not the policy).
         */
        @Test
        void twoCorsInstancesInterleavedEachMergeTheirOwnVary() {
            Middleware other = Cors.builder().allowOrigins("https://other.example.com").build();
            TestClient cookie = TestClient.of(STRICT.wrap(TestBodies.app(200, Body.of("a"), "Vary", "Cookie")));
            TestClient language = TestClient.of(other.wrap(TestBodies.app(200, Body.of("b"), "Vary", "Accept-Language")));
            for (int round = 0; round < 3; round++) {
                assertEquals("Cookie, Origin", cookie.get("/").send().header("Vary"), "round " + round);
                assertEquals("Accept-Language, Origin", language.get("/").send().header("Vary"), "round " + round);
            }
        }

        /** The fast path: a request without Origin gets the application's response with only Vary: Origin added. */
        @Test
        void answersARequestWithoutOriginUnchangedButForVary() {
            Application app = TestBodies.app(200, Body.of("data"), "Content-Type", "application/json",
                    "X-Total", "3", "Set-Cookie", "a=1");
            TestResponse r = TestClient.of(STRICT.wrap(app)).get("/").send();
            assertEquals(List.of("Content-Type", "X-Total", "Set-Cookie", "Vary"),
                    r.headers().stream().map(Header::name).filter(n -> !n.equals("Content-Length")).toList());
            assertEquals("Origin", r.header("Vary"));
            assertNull(r.header("Access-Control-Allow-Origin"));
            assertEquals("data", r.text());
        }

        @Test
        void withoutOriginAppendsToTheApplicationsVaryAndDropsItsAllowOrigin() {
            Application app = TestBodies.app(200, Body.of("data"), "Content-Type", "application/json",
                    "Vary", "Accept-Encoding", "Access-Control-Allow-Origin", "*");
            TestResponse r = TestClient.of(STRICT.wrap(app)).get("/").send();
            assertEquals(List.of("Accept-Encoding, Origin"), r.headers("Vary"));
            assertNull(r.header("Access-Control-Allow-Origin"));
        }

        @Test
        void sendsAStarForAnyOriginWithoutCredentialsAndNoVary() {
            TestResponse r = client(Cors.builder().allowAnyOrigin().build()).get("/").header("Origin", "https://x.example").send();
            assertEquals("*", r.header("Access-Control-Allow-Origin"));
            assertNull(r.header("Access-Control-Allow-Credentials"));
            assertNull(r.header("Vary"));
        }

        /**
         * Fetch standard, "CORS protocol and HTTP caches": a resource whose answer is {@code *} sends it to
         * requests without Origin too (a navigation, a plain {@code <img>}), since a cache stores that response
         * and serves it to later CORS requests, which would then fail for want of the header; no Vary is needed.
         */
        @Test
        void sendsTheStarToARequestWithoutOriginTooSoACachedCopyServesCorsRequests() {
            Middleware any = Cors.builder().allowAnyOrigin().exposeHeaders("X-Total").build();
            TestResponse r = client(any).get("/").send();
            assertEquals("*", r.header("Access-Control-Allow-Origin"));
            assertEquals("X-Total", r.header("Access-Control-Expose-Headers"));
            assertNull(r.header("Vary"));
            assertEquals("data", r.text());
        }

        @Test
        void replacesAnAllowOriginTheApplicationSet() {
            Application app = TestBodies.app(200, Body.of("x"), "Access-Control-Allow-Origin", "*", "Vary", "Cookie");
            TestResponse r = TestClient.of(STRICT.wrap(app)).get("/").header("Origin", ORIGIN).send();
            assertEquals(java.util.List.of(ORIGIN), r.headers("Access-Control-Allow-Origin"));
            assertEquals("Cookie, Origin", r.header("Vary"));
        }
    }

    @Nested
    class Configuration {
        @Test
        void neverCombinesAnyOriginWithCredentials() {
            var e = assertThrows(IllegalStateException.class,
                    () -> Cors.builder().allowAnyOrigin().allowCredentials(true).build());
            assertTrue(e.getMessage().contains("allowOrigins"), e.getMessage());
        }

        @Test
        void needsAnOrigin() {
            assertThrows(IllegalStateException.class, () -> Cors.builder().build());
        }

        @ParameterizedTest(name = "[{0}]")
        @ValueSource(strings = {"*", "null", "app.example.com", "https://app.example.com/", "https://a.example/path",
            "ftp://a.example", "https://", "https://a.example\r\nX-Evil: 1", "https://a b"})
        void rejectsOriginsThatAreNotSchemeHostPort(String origin) {
            assertThrows(IllegalArgumentException.class, () -> Cors.builder().allowOrigins(origin));
        }

        @ParameterizedTest(name = "[{0}]")
        @ValueSource(strings = {"", "X Custom", "X-Custom\r\n", "a,b"})
        void rejectsHeaderNamesThatAreNotTokens(String name) {
            assertThrows(IllegalArgumentException.class, () -> Cors.builder().allowHeaders(name));
            assertThrows(IllegalArgumentException.class, () -> Cors.builder().exposeHeaders(name));
        }

        @Test
        void rejectsBadMethodsAndMaxAge() {
            assertThrows(IllegalArgumentException.class, () -> Cors.builder().allowMethods());
            assertThrows(IllegalArgumentException.class, () -> Cors.builder().allowMethods("GE T"));
            assertThrows(IllegalArgumentException.class, () -> Cors.builder().maxAge(-1));
        }

        @Test
        void printsAsTheBuilderCode() {
            assertEquals("Cors.builder().allowOrigins(\"https://app.example.com\").allowMethods(\"GET\", \"POST\", \"DELETE\")"
                    + ".allowHeaders(\"authorization\", \"x-custom\", \"content-type\").exposeHeaders(\"X-Total\").allowCredentials(true)"
                    + ".maxAge(600).build()", STRICT.toString());
        }
    }
}
