// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.CloseableBody;
import io.wsgi4j.DemoApp;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.handler.EnvironBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestClientTest {

    /** The seed's function app. */
    static Iterable<byte[]> simpleApp(Environ environ, StartResponse startResponse) {
        startResponse.start("200 OK", Headers.of("Content-type", "text/plain"));
        return Body.of("My Own Hello World!\n");
    }

    /** The seed's class-based app: constructed with the request, calls start_response while iterated. */
    static final class SimpleApp implements Iterable<byte[]> {
        private final StartResponse start;

        SimpleApp(Environ environ, StartResponse start) {
            this.start = start;
        }

        @Override
        public Iterator<byte[]> iterator() {
            start.start("200 OK", Headers.of("Content-type", "text/plain"));
            return List.of("My Own Hello world!\n".getBytes(StandardCharsets.UTF_8)).iterator();
        }
    }

    /** Answers with the environ's string values, one KEY=value per line, sorted. */
    static final Application ECHO = (env, sr) -> {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(env).forEach((k, v) -> {
            if (v instanceof String) {
                b.append(k).append('=').append(v).append('\n');
            }
        });
        b.append("body=").append(new String(env.input().readAllBytes(), StandardCharsets.UTF_8)).append('\n');
        sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
        return Body.of(b.toString());
    };

    private static String line(TestResponse r, String key) {
        return r.text().lines().filter(l -> l.startsWith(key + "=")).findFirst()
                .map(l -> l.substring(key.length() + 1)).orElse(null);
    }

    @Nested
    class SeedApplications {
        @Test
        void theFunctionAppAnswersItsGreeting() {
            TestResponse r = TestClient.of(TestClientTest::simpleApp).get("/").send();
            assertEquals(200, r.status());
            assertEquals("text/plain", r.header("content-type"));
            assertEquals("My Own Hello World!\n", r.text());
        }

        @Test
        void theClassBasedAppStartsTheResponseFromInsideItsIteration() {
            TestResponse r = TestClient.of(SimpleApp::new).get("/").send();
            assertEquals(200, r.status());
            assertEquals("My Own Hello world!\n", r.text());
        }

        @Test
        void theDemoAppPrintsHelloWorldAndTheEnvironSorted() {
            TestResponse r = TestClient.of(DemoApp.INSTANCE).get("/x?y=1").send();
            List<String> lines = r.text().lines().toList();
            assertEquals("Hello world!", lines.get(0));
            assertTrue(lines.contains("PATH_INFO=/x"));
            assertTrue(lines.contains("QUERY_STRING=y=1"));
            List<String> keys = lines.subList(2, lines.size()).stream().map(l -> l.substring(0, l.indexOf('='))).toList();
            assertEquals(keys.stream().sorted().toList(), keys);
        }
    }

    @Nested
    class Requests {
        @ParameterizedTest
        @CsvSource({"get, GET", "post, POST", "put, PUT", "delete, DELETE", "options, OPTIONS"})
        void eachVerbSetsTheRequestMethod(String verb, String method) throws Exception {
            TestClient c = TestClient.of(ECHO);
            TestRequest req = (TestRequest) TestClient.class.getMethod(verb, String.class).invoke(c, "/");
            assertEquals(method, line(req.send(), "REQUEST_METHOD"));
        }

        @Test
        void headSendsHeadersOnlyWithTheLengthGetWouldHave() {
            TestResponse r = TestClient.of(ECHO).head("/").send();
            assertEquals(200, r.status());
            assertEquals("", r.text());
            assertTrue(Long.parseLong(r.header("Content-Length")) > 0);
        }

        @Test
        void requestTakesAnyMethod() {
            assertEquals("PATCH", line(TestClient.of(ECHO).request("PATCH", "/").send(), "REQUEST_METHOD"));
        }

        @Test
        void aTargetThatIsNotAPathIsRejected() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TestClient.of(ECHO).get("hello"));
            assertTrue(e.getMessage().contains("\"hello\""), e.getMessage());
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "/p      | q    | a b        | q=a%20b",
            "/p      | q    | a&b=c      | q=a%26b%3Dc",
            "/p      | name | Zoë        | name=Zo%C3%AB",
            "/p?x=1  | q    | +          | x=1&q=%2B",
            "/p      | e    | ''         | e=",
        })
        void queryParametersArePercentEncodedAsUtf8(String target, String name, String value, String query) {
            TestResponse r = TestClient.of(ECHO).get(target).query(name, value).send();
            assertEquals(query, line(r, "QUERY_STRING"));
            assertEquals("/p", line(r, "PATH_INFO"));
        }

        @Test
        void headersBecomeHttpKeysWithSurroundingSpacesStripped() {
            TestResponse r = TestClient.of(ECHO).get("/").header("X-Trace", "  abc ").header("Accept", "a")
                    .header("Accept", "b").send();
            assertEquals("abc", line(r, "HTTP_X_TRACE"));
            assertEquals("a, b", line(r, "HTTP_ACCEPT"));
        }

        @Test
        void aHostHeaderSetsServerNameAndPort() {
            TestResponse r = TestClient.of(ECHO).get("/").header("Host", "example.com:8080").send();
            assertEquals("example.com", line(r, "SERVER_NAME"));
            assertEquals("8080", line(r, "SERVER_PORT"));
        }

        @Test
        void formFieldsMakeAnUrlEncodedBody() {
            TestResponse r = TestClient.of(ECHO).post("/login").form("user", "ada lovelace").form("tag", "a", "b&c")
                    .send();
            assertEquals("application/x-www-form-urlencoded", line(r, "CONTENT_TYPE"));
            assertEquals("user=ada+lovelace&tag=a&tag=b%26c", line(r, "body"));
            assertEquals("33", line(r, "CONTENT_LENGTH"));
        }

        @Test
        void jsonBodiesAreWrittenByJacksonWithTheirContentType() {
            TestResponse r = TestClient.of(ECHO).put("/items/7").json(Map.of("name", "pen")).send();
            assertEquals("application/json", line(r, "CONTENT_TYPE"));
            assertEquals("{\"name\":\"pen\"}", line(r, "body"));
        }

        @Test
        void rawBytesAreTheBodyWithTheirLength() {
            TestResponse r = TestClient.of(ECHO).post("/").body(new byte[] {'h', 'i'}, "application/octet-stream")
                    .send();
            assertEquals("hi", line(r, "body"));
            assertEquals("2", line(r, "CONTENT_LENGTH"));
            assertEquals("application/octet-stream", line(r, "CONTENT_TYPE"));
        }

        @Test
        void formAndRawBodyCannotBeMixed() {
            TestRequest req = TestClient.of(ECHO).post("/").body(new byte[1]);
            assertThrows(IllegalStateException.class, () -> req.form("a", "b"));
            TestRequest other = TestClient.of(ECHO).post("/").form("a", "b");
            assertThrows(IllegalStateException.class, () -> other.body(new byte[1]));
        }

        @Test
        void theEnvironIsTheOneTheReferenceServerBuildsForTheSameRequest() {
            Map<String, Object> seen = new TreeMap<>();
            Application capture = (env, sr) -> {
                env.forEach((k, v) -> seen.put(k, v instanceof String || v instanceof Boolean || v instanceof List
                        ? v : v.getClass()));
                sr.start(Status.OK, List.of());
                return Body.empty();
            };
            TestClient.unvalidated(capture).get("/a%20b?x=1").header("User-Agent", "t").send();
            Environ server = new EnvironBuilder().method("GET").target("/a%20b?x=1").protocol("HTTP/1.1")
                    .header("Host", "localhost").header("User-Agent", "t")
                    .server("localhost", 80).remote("127.0.0.1", 50000).build();
            Map<String, Object> expected = new TreeMap<>();
            server.forEach((k, v) -> expected.put(k, v instanceof String || v instanceof Boolean || v instanceof List
                    ? v : v.getClass()));
            expected.put(Environ.WSGI_ERRORS, seen.get(Environ.WSGI_ERRORS)); // the client captures the stream
            assertEquals(expected, seen);
        }
    }

    @Nested
    class Responses {
        @Test
        void jsonReadsTheBodyAsATreeOrIntoAType() {
            record Item(String name, int count) {}
            Application app = (env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Type", "application/json"));
                return Body.of("{\"name\":\"pen\",\"count\":3}");
            };
            TestResponse r = TestClient.of(app).get("/").send();
            assertEquals("pen", r.json().get("name").asText());
            assertEquals(new Item("pen", 3), r.json(Item.class));
        }

        @Test
        void aBodyThatIsNotJsonFailsShowingTheBody() {
            TestResponse r = TestClient.of(TestClientTest::simpleApp).get("/").send();
            AssertionError e = assertThrows(AssertionError.class, r::json);
            assertTrue(e.getMessage().contains("My Own Hello World!"), e.getMessage());
        }

        @Test
        void bytesAreACopyAndHeadersKeepTheirOrder() {
            Application app = (env, sr) -> {
                sr.start(Status.of(201), Headers.of("Set-Cookie", "a=1", "X-A", "1", "Set-Cookie", "b=2"));
                return Body.of("ok");
            };
            TestResponse r = TestClient.of(app).get("/").send();
            assertEquals(Status.of(201), r.statusLine());
            assertEquals(List.of("a=1", "b=2"), r.headers("set-cookie"));
            assertEquals(List.of("Set-Cookie", "X-A", "Set-Cookie", "Content-Length"),
                    r.headers().stream().map(h -> h.name()).toList());
            r.bytes()[0] = 'X';
            assertArrayEquals("ok".getBytes(StandardCharsets.UTF_8), r.bytes());
            assertTrue(r.toString().startsWith("201 Created"), r.toString());
        }
    }

    @Nested
    class Cookies {
        private final List<String> received = new ArrayList<>();

        private TestClient client(String... setCookies) {
            AtomicInteger calls = new AtomicInteger();
            return TestClient.of((env, sr) -> {
                received.add(env.header("Cookie"));
                List<String> hs = new ArrayList<>();
                if (calls.getAndIncrement() == 0) {
                    for (String c : setCookies) {
                        hs.add("Set-Cookie");
                        hs.add(c);
                    }
                }
                sr.start(Status.OK, Headers.of(hs.toArray(String[]::new)));
                return Body.empty();
            });
        }

        @Test
        void setCookieIsKeptAndSentBackOnTheNextRequest() {
            TestClient c = client("session=abc; Path=/; HttpOnly", "theme=dark");
            c.get("/").send();
            c.get("/page").send();
            assertNull(received.get(0));
            assertEquals("session=abc; theme=dark", received.get(1));
            assertEquals(Map.of("session", "abc", "theme", "dark"), c.cookies());
        }

        @Test
        void aCookieIsSentOnlyUnderItsPath() {
            TestClient c = client("a=1; Path=/admin");
            c.get("/").send();
            c.get("/administrator").send();
            c.get("/admin/users").send();
            assertEquals(java.util.Arrays.asList(null, null, "a=1"), received);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "gone=1; Max-Age=0",
            "gone=1; Max-Age=-5",
            "gone=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        })
        void anExpiryInThePastDeletesTheCookie(String setCookie) {
            TestClient c = client(setCookie).cookie("gone", "old");
            c.get("/").send();
            assertNull(c.cookie("gone"));
        }

        @Test
        void maxAgeInTheFutureKeepsTheCookieEvenWhenExpiresIsPast() {
            TestClient c = client("k=v; Max-Age=3600; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
            c.get("/").send();
            assertEquals("v", c.cookie("k"));
        }

        @Test
        void requestCookiesAreAddedToTheJarsForThatRequestOnly() {
            TestClient c = client().cookie("jar", "1");
            c.get("/").cookie("extra", "2").send();
            c.get("/").send();
            assertEquals(List.of("jar=1; extra=2", "jar=1"), received);
            c.clearCookies();
            assertTrue(c.cookies().isEmpty());
        }
    }

    @Nested
    class Redirects {
        private static Application redirecting(Map<String, String> locations, int status) {
            return (env, sr) -> {
                String to = locations.get(env.pathInfo());
                if (to == null) {
                    sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                    return Body.of(env.requestMethod() + " " + env.pathInfo() + " "
                            + new String(env.input().readAllBytes(), StandardCharsets.UTF_8));
                }
                sr.start(Status.of(status), Headers.of("Location", to));
                return Body.empty();
            };
        }

        @Test
        void redirectsAreReturnedAsTheyAreByDefault() {
            TestResponse r = TestClient.of(redirecting(Map.of("/a", "/b"), 302)).get("/a").send();
            assertEquals(302, r.status());
            assertEquals("/b", r.header("Location"));
        }

        @Test
        void followedRedirectsEndAtTheLastResponseWithHistory() {
            TestClient c = TestClient.of(redirecting(Map.of("/a", "/b", "/b", "c?x=1"), 302)).followRedirects();
            TestResponse r = c.get("/a").send();
            assertEquals("GET /c ", r.text());
            assertEquals(List.of(302, 302), r.history().stream().map(TestResponse::status).toList());
            assertEquals("/b", r.history().get(0).header("Location"));
        }

        @ParameterizedTest
        @CsvSource({"303, 'GET /done '", "302, 'GET /done '", "307, POST /done x=1", "308, POST /done x=1"})
        void aPostRedirectedBecomesAGetExceptFor307And308(int status, String expected) {
            TestResponse r = TestClient.of(redirecting(Map.of("/form", "/done"), status)).post("/form")
                    .form("x", "1").followRedirects().send();
            assertEquals(expected, r.text());
        }

        @Test
        void anAbsoluteLocationToAnotherHostChangesTheHostHeader() {
            Application app = (env, sr) -> {
                if (env.serverName().equals("localhost")) {
                    sr.start(Status.of(301), Headers.of("Location", "http://other.example:8080/x"));
                    return Body.empty();
                }
                sr.start(Status.OK, List.of());
                return Body.of(env.header("Host") + env.pathInfo());
            };
            assertEquals("other.example:8080/x", TestClient.of(app).get("/").followRedirects().send().text());
        }

        @Test
        void aLoopFailsNamingEveryStep() {
            TestClient c = TestClient.of(redirecting(Map.of("/a", "/b", "/b", "/a"), 302)).followRedirects();
            AssertionError e = assertThrows(AssertionError.class, () -> c.get("/a").send());
            assertTrue(e.getMessage().startsWith(
                    "redirect loop: GET http://localhost/a -> GET http://localhost/b -> GET http://localhost/a"),
                    e.getMessage());
        }
    }

    @Nested
    class ValidationAndErrors {
        private final Application startsTwice = (env, sr) -> {
            sr.start(Status.OK, List.of());
            sr.start(Status.OK, List.of());
            return Body.empty();
        };

        @Test
        void theValidatorIsOnByDefault() {
            ValidationException e = assertThrows(ValidationException.class,
                    () -> TestClient.of(startsTwice).get("/").send());
            assertEquals("R3.2", e.rule());
        }

        @Test
        void aViolationFailsTheTestEvenWhenTheApplicationCatchesIt() {
            Application swallowing = (env, sr) -> {
                try {
                    sr.start(Status.of(100), List.of());
                } catch (ValidationException ignored) {
                    // a careless app
                }
                sr.start(Status.OK, List.of());
                return Body.empty();
            };
            assertEquals("R3.3", assertThrows(ValidationException.class,
                    () -> TestClient.of(swallowing).get("/").send()).rule());
        }

        @Test
        void anUnvalidatedClientLeavesTheRulesToTheHandler() {
            TestResponse r = TestClient.unvalidated(startsTwice).allowErrors().get("/").send();
            assertEquals(500, r.status());
            assertTrue(r.errors().contains("R3.2"), r.errors());
        }

        @Test
        void aValidatorWithOtherSeveritiesCanBeChosen() {
            Application app = (env, sr) -> {
                sr.start(Status.OK, Headers.of("Connection", "close"));
                return Body.empty();
            };
            TestClient c = TestClient.of(app).validator(Validator.builder().severity("R3.6", Severity.OFF).build())
                    .allowErrors();
            assertEquals(500, c.get("/").send().status()); // the handler still refuses the header
        }

        @Test
        void textOnWsgiErrorsFailsTheRequestWithTheApplicationsExceptionAsCause() {
            Application failing = (env, sr) -> {
                throw new IOException("disk full");
            };
            AssertionError e = assertThrows(AssertionError.class, () -> TestClient.of(failing).get("/").send());
            assertTrue(e.getMessage().contains("disk full"), e.getMessage());
            assertInstanceOf(IOException.class, e.getCause());
        }

        @Test
        void allowErrorsReturnsTheResponseWithTheErrorText() {
            Application logging = (env, sr) -> {
                env.errors().println("cache miss");
                sr.start(Status.OK, List.of());
                return Body.empty();
            };
            TestResponse r = TestClient.of(logging).allowErrors().get("/").send();
            assertEquals(200, r.status());
            assertEquals("cache miss" + System.lineSeparator(), r.errors());
        }
    }

    @Nested
    class Streaming {
        private final AtomicInteger produced = new AtomicInteger();
        private final AtomicInteger closed = new AtomicInteger();

        private final Application ticker = (env, sr) -> {
            sr.start(Status.OK, Headers.of("Content-Type", "text/event-stream"));
            return new CloseableBody() {
                @Override
                public Iterator<byte[]> iterator() {
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return produced.get() < 3;
                        }

                        @Override
                        public byte[] next() {
                            return ("data: " + produced.incrementAndGet() + "\n\n").getBytes(StandardCharsets.UTF_8);
                        }
                    };
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        };

        @Test
        void eachChunkIsProducedOnlyWhenTheTestAsksForIt() {
            try (StreamingResponse r = TestClient.of(ticker).get("/events").stream()) {
                assertEquals(200, r.status());
                assertEquals("text/event-stream", r.header("Content-Type"));
                assertEquals(1, produced.get());
                assertEquals("data: 1\n\n", r.nextText());
                assertEquals("data: 2\n\n", r.nextText());
                assertEquals(2, produced.get());
                assertEquals("data: 3\n\n", r.nextText());
                assertNull(r.nextChunk());
                assertTrue(r.isComplete());
            }
            assertEquals(1, closed.get());
        }

        @Test
        void closingMidwayClosesTheApplicationsBodyOnce() {
            StreamingResponse r = TestClient.of(ticker).get("/events").stream();
            assertEquals("data: 1\n\n", r.nextText());
            r.close();
            r.close();
            assertEquals(1, closed.get());
            assertEquals(1, produced.get());
            assertNull(r.nextChunk());
        }

        @Test
        void theClassBasedAppStreamsToo() {
            try (StreamingResponse r = TestClient.of(SimpleApp::new).get("/").stream()) {
                assertEquals("text/plain", r.header("Content-type"));
                assertEquals("My Own Hello world!\n", r.remainingText());
                assertFalse(r.toString().isEmpty());
            }
        }

        @Test
        void aFailureMidStreamIsReportedWhenTheStreamEnds() {
            Application failing = (env, sr) -> {
                sr.start(Status.OK, List.of());
                return () -> new Iterator<>() {
                    int n;

                    @Override
                    public boolean hasNext() {
                        if (n == 1) {
                            throw new IllegalStateException("backend went away");
                        }
                        return true;
                    }

                    @Override
                    public byte[] next() {
                        n++;
                        return "x".getBytes(StandardCharsets.UTF_8);
                    }
                };
            };
            StreamingResponse r = TestClient.of(failing).get("/").stream();
            assertEquals("x", r.nextText());
            AssertionError e = assertThrows(AssertionError.class, r::nextChunk);
            assertTrue(e.getMessage().contains("backend went away"), e.getMessage());
        }
    }
}
