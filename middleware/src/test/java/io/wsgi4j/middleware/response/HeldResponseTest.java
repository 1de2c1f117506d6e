// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HeldResponseTest {
    private static final BodyFilter UPPER = c -> new String(c, StandardCharsets.ISO_8859_1).toUpperCase()
            .getBytes(StandardCharsets.ISO_8859_1);

    /** Wraps {@code app} with a HeldResponse using {@code rewrite}. */
    private static Application held(Application app, HeldResponse.Rewrite rewrite) {
        return (env, sr) -> {
            HeldResponse held = new HeldResponse(sr, rewrite);
            return held.finish(app.call(env, held));
        };
    }

    @Nested
    class Forwarding {
        @Test
        void passesTheKnownBodyAndReturnsItUnchangedWhenNoFilterIsSet() throws Exception {
            List<byte[]> body = Body.of("x");
            List<Iterable<byte[]>> seen = new ArrayList<>();
            Application app = held(TestBodies.app(200, body, "Content-Type", "text/plain"), (start, known) -> {
                seen.add(known);
                return start.withHeader("X-Seen", "1");
            });
            var env = new io.wsgi4j.handler.EnvironBuilder().build();
            List<List<Header>> sent = new ArrayList<>();
            Iterable<byte[]> out = app.call(env, (s, h, e) -> {
                sent.add(h);
                return data -> {};
            });
            assertSame(body, out);
            assertSame(body, seen.get(0));
            assertEquals("1", Headers.get(sent.get(0), "X-Seen"));
        }

        @Test
        void rewritesALateStartWithoutAKnownBody() {
            List<Iterable<byte[]>> seen = new ArrayList<>();
            TestResponse r = TestClient.of(held(TestBodies.lateStart(200, "late", "Content-Type", "text/plain"),
                    (start, known) -> {
                        seen.add(known);
                        return start.withHeader("X-Late", "yes").withFilter(UPPER);
                    })).get("/").send();
            assertEquals("yes", r.header("X-Late"));
            assertEquals("LATE", r.text());
            assertEquals(1, seen.size());
            assertEquals(null, seen.get(0));
        }

        @Test
        void filtersWhatTheLegacyWriteCallableSends() {
            Application app = (env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Type", "text/plain")).write("abc".getBytes(StandardCharsets.UTF_8));
                return Body.of("def");
            };
            TestResponse r = TestClient.of(held(app, (start, known) -> start.withFilter(UPPER))).get("/").send();
            assertEquals("ABCDEF", r.text());
        }

        @Test
        void appendsWhatTheFilterEmitsAtTheEnd() {
            BodyFilter trailer = new BodyFilter() {
                @Override
                public byte[] chunk(byte[] chunk) {
                    return chunk;
                }

                @Override
                public byte[] end() {
                    return "!".getBytes(StandardCharsets.UTF_8);
                }
            };
            TestResponse r = TestClient.of(held(TestBodies.app(200, Body.of("hi"), "Content-Type", "text/plain"),
                    (start, known) -> start.withFilter(trailer))).get("/").send();
            assertEquals("hi!", r.text());
        }

        @Test
        void refusesASecondStartWithoutExcInfo() {
            HeldResponse held = new HeldResponse((s, h, e) -> data -> {}, (start, known) -> start);
            held.start(Status.OK, List.of());
            var e = assertThrows(IllegalStateException.class, () -> held.start(Status.of(500), List.of()));
            assertTrue(e.getMessage().startsWith("R3.2"), e.getMessage());
        }

        @Test
        void rewritesAndForwardsAReplacementStartWithExcInfo() {
            List<Status> sent = new ArrayList<>();
            HeldResponse held = new HeldResponse((s, h, e) -> {
                sent.add(s);
                return data -> {};
            }, (start, known) -> start.withHeader("X-Seen", "1"));
            held.start(Status.OK, List.of());
            held.finish(List.of());
            held.start(Status.of(500), List.of(), new RuntimeException("boom"));
            assertEquals(List.of(Status.OK, Status.of(500)), sent);
        }
    }

    @Nested
    class Discarding {
        @Test
        void closesTheBodyUnreadWhenTheStartCameBeforeReturning() {
            TestBodies.Tracked body = new TestBodies.Tracked("a", "b");
            TestResponse r = TestClient.of(held(TestBodies.app(200, body, "Content-Type", "text/plain"),
                    (start, known) -> start.withFilter(BodyFilter.DISCARD))).get("/").send();
            assertEquals("", r.text());
            assertEquals(0, body.pulled);
            assertEquals(1, body.closes);
        }

        @Test
        void readsALateStarterOnlyUpToItsStart() {
            TestResponse r = TestClient.of(held(TestBodies.lateStart(200, "body", "Content-Type", "text/plain"),
                    (start, known) -> start.withFilter(BodyFilter.DISCARD))).get("/").send();
            assertEquals(200, r.status());
            assertEquals("", r.text());
        }
    }

    @Nested
    class Closing {
        @Test
        void closesTheBodyAndTheFilterOnce() {
            int[] filterCloses = {0};
            BodyFilter counting = countingCloses(filterCloses);
            TestBodies.Tracked body = new TestBodies.Tracked("a");
            Application app = held(TestBodies.app(200, body, "Content-Type", "text/plain"),
                    (start, known) -> start.withFilter(counting));
            TestClient.of(app).get("/").send();
            assertEquals(1, body.closes);
            assertEquals(1, filterCloses[0]);
        }
    }

    /**
     * R4.3 and R6.2: once the application returned its body, the middleware is its caller; when the start
     * it forwards is refused (R3.7: a Content-Length that is no number), the body (a file, a cursor) and the
     * filter are closed before the exception goes on: no one else holds them.
     */
    @Test
    void closesTheBodyAndTheFilterWhenTheForwardedStartIsRefused() {
        int[] filterCloses = {0};
        BodyFilter counting = countingCloses(filterCloses);
        TestBodies.Tracked body = new TestBodies.Tracked("a");
        Application app = held(TestBodies.app(200, body, "Content-Type", "text/plain", "Content-Length", "one"),
                (start, known) -> start.withFilter(counting));
        var env = new io.wsgi4j.handler.EnvironBuilder().build();
        var e = assertThrows(IllegalArgumentException.class, () -> app.call(env, (s, h, x) -> {
            throw new IllegalArgumentException("R3.7 Content-Length must be a number, got \"one\"");
        }));
        assertTrue(e.getMessage().startsWith("R3.7"), e.getMessage());
        assertEquals(1, body.closes);
        assertEquals(0, body.pulled);
        assertEquals(1, filterCloses[0]);
    }

    @Nested
    class Starts {
        @Test
        void replacesAndRemovesHeaders() {
            ResponseStart s = new ResponseStart(Status.OK, Headers.of("A", "1", "B", "2", "A", "3"), null);
            assertEquals(List.of(Header.of("B", "2"), Header.of("a", "x")), s.withHeader("a", "x").headers());
            assertEquals(List.of(Header.of("B", "2")), s.without("A").headers());
            assertSame(s, s.without("C"));
        }

        @Test
        void rejectsCrlfInAHeaderValue() {
            ResponseStart s = new ResponseStart(Status.OK, List.of(), null);
            assertThrows(IllegalArgumentException.class, () -> s.withHeader("X-A", "1\r\nSet-Cookie: evil=1"));
        }
    }

    /** A filter that passes chunks on and counts its closes in {@code closes[0]}. */
    private static BodyFilter countingCloses(int[] closes) {
        return new BodyFilter() {
            @Override
            public byte[] chunk(byte[] chunk) {
                return chunk;
            }

            @Override
            public void close() {
                closes[0]++;
            }
        };
    }
}
