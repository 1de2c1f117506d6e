// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.NotFound;
import io.wsgi4j.UrlMap;
import io.wsgi4j.handler.EnvironBuilder;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CascadeTest {
    private final List<String> calls = new ArrayList<>();

    private Application answers(String label) {
        return Application.named(label, (environ, sr) -> {
            calls.add(label);
            sr.start("200 OK", Headers.of("Content-Type", "text/plain", "X-From", label));
            return Body.of(label + " " + environ.scriptName() + "|" + environ.pathInfo());
        });
    }

    /** Says "not mine" with a closeable body, counting closes, after setting a header that must not leak. */
    private Application notMine(String label, AtomicInteger closed) {
        return Application.named(label, (environ, sr) -> {
            calls.add(label);
            environ.shiftPathInfo(); // misbehaves: does not restore the path
            Iterable<byte[]> body = NotFound.INSTANCE.call(environ, (s, h, e) -> sr.start(s,
                    Headers.with(h, "X-From", label), e));
            return Body.onClose(body, closed::incrementAndGet);
        });
    }

    /** Reads the whole request body, then says "not mine" or answers with what it read. */
    private Application reads(String label, boolean mine) {
        return Application.named(label, (environ, sr) -> {
            String got = new String(environ.input().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(label + ":" + got);
            if (!mine) {
                return NotFound.INSTANCE.call(environ, sr);
            }
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            return Body.of(label + " read " + got);
        });
    }

    @Nested
    class Trying {
        @Test
        void triesTheNextAppWhileTheAnswerIsNotMineAndClosesRejectedBodies() {
            AtomicInteger closed = new AtomicInteger();
            Application c = Cascade.of(notMine("a", closed), notMine("b", closed), answers("c"));
            TestResponse r = TestClient.of(c).get("/x/y").send();
            assertEquals(200, r.status());
            assertEquals("c |/x/y", r.text());
            assertEquals(List.of("c"), r.headers("X-From"));
            assertEquals(List.of("a", "b", "c"), calls);
            assertEquals(2, closed.get());
        }

        @Test
        void stopsAtAPlain404ThatIsNotMarkedNotMine() {
            Application real404 = (environ, sr) -> {
                sr.start("404 Not Found", Headers.of("Content-Type", "text/plain"));
                return Body.of("no such ticket");
            };
            TestResponse r = TestClient.of(Cascade.of(real404, answers("b"))).get("/").send();
            assertEquals("no such ticket", r.text());
            assertEquals(List.of(), calls);
        }

        @Test
        void keepsTheLastAnswerAndItsMarkWhenEveryAppDeclines() throws Exception {
            AtomicInteger closed = new AtomicInteger();
            Cascade c = Cascade.of(notMine("a", closed), notMine("b", closed));
            assertEquals(404, TestClient.of(c).get("/").send().status());
            Environ env = new EnvironBuilder().target("/").build();
            Body.close(c.call(env, (s, h, e) -> null));
            assertTrue(NotFound.isNotMine(env));
        }

        // the access log and the metrics name the route that answered, not one of an app that declined
        @Test
        void leavesNoRouteOfAnAppThatDeclined() throws Exception {
            AtomicInteger closed = new AtomicInteger();
            Application routed = io.wsgi4j.middleware.routing.Router.builder()
                    .get("files", "/{name}", notMine("files", closed)).build();
            Cascade c = Cascade.of(routed, answers("site"));
            Environ env = new EnvironBuilder().target("/about").build();

            Body.close(c.call(env, (s, h, e) -> null));

            assertEquals(List.of("files", "site"), calls);
            assertNull(env.get(io.wsgi4j.middleware.routing.Router.ROUTE));
            assertNull(env.get(io.wsgi4j.observe.RequestRecord.ROUTE_TEMPLATE));
            assertNull(env.get(io.wsgi4j.middleware.routing.Router.ARGS));
        }

        // the next app must not take the request for one a front controller dispatched to a project
        @Test
        void leavesNoTargetOfAFrontControllerWhoseTargetDeclined() {
            AtomicInteger closed = new AtomicInteger();
            Application projects = io.wsgi4j.middleware.dispatch.FrontController.builder()
                    .route("project", "/projects/{project}", args -> notMine("project", closed)).build();
            Application site = (environ, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return Body.of("target " + io.wsgi4j.middleware.dispatch.FrontController.target(environ) + ", base "
                        + environ.get(io.wsgi4j.middleware.dispatch.FrontController.BASE));
            };
            TestResponse r = TestClient.of(Cascade.of(projects, site)).get("/projects/p1").send();
            assertEquals("target null, base null", r.text());
        }

        @Test
        void worksWithAUrlMapWhoseFallbackIsNotMine() {
            Application map = UrlMap.builder().mount("/api", answers("api")).build();
            Application c = Cascade.of(map, answers("site"));
            assertEquals("api /api|/v1", TestClient.of(c).get("/api/v1").send().text());
            assertEquals("site |/about", TestClient.of(c).get("/about").send().text());
        }

        @Test
        void acceptsAnAppThatStartsItsResponseDuringIteration() {
            Application lazy = (environ, sr) -> () -> new Iterator<byte[]>() {
                boolean done;

                @Override
                public boolean hasNext() {
                    return !done;
                }

                @Override
                public byte[] next() {
                    done = true;
                    sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                    return "lazy".getBytes(StandardCharsets.UTF_8);
                }
            };
            assertEquals("lazy", TestClient.of(Cascade.of(lazy, answers("b"))).get("/").send().text());
        }

        @Test
        void treatsAnAppThatWroteAsHavingAnswered() {
            Application writes404 = (environ, sr) -> {
                sr.start("404 Not Found", Headers.of("Content-Type", "text/plain")).write("gone".getBytes());
                environ.put(Environ.NOT_MINE, Boolean.TRUE);
                return Body.empty();
            };
            TestResponse r = TestClient.of(Cascade.of(writes404, answers("b"))).get("/").send();
            assertEquals("gone", r.text());
        }

        @Test
        void letsExceptionsThroughWithoutTryingFurther() {
            Application fails = (environ, sr) -> {
                throw new IllegalStateException("boom");
            };
            TestResponse r = TestClient.of(Cascade.of(fails, answers("b"))).allowErrors().get("/").send();
            assertEquals(500, r.status());
            assertEquals(List.of(), calls);
        }
    }

    @Nested
    class RequestBodies {
        @Test
        void replaysTheBodyToEachApp() {
            Application c = Cascade.of(reads("a", false), reads("b", false), reads("c", true));
            TestResponse r = TestClient.of(c).post("/").body("name=ann", "application/x-www-form-urlencoded").send();
            assertEquals("c read name=ann", r.text());
            assertEquals(List.of("a:name=ann", "b:name=ann", "c:name=ann"), calls);
        }

        @Test
        void answers413BeforeAnyAppRunsWhenTheBodyIsOverTheLimit() {
            Application c = Cascade.builder(reads("a", false), reads("b", true)).replayLimit(4).build();
            TestResponse r = TestClient.of(c).post("/").body("12345", "text/plain").send();
            assertEquals(413, r.status());
            assertTrue(r.text().contains("up to 4 bytes"), r.text());
            assertEquals(List.of(), calls);
        }

        @Test
        void acceptsABodyExactlyAtTheLimit() {
            Application c = Cascade.builder(reads("a", false), reads("b", true)).replayLimit(4).build();
            assertEquals("b read 1234", TestClient.of(c).post("/").body("1234", "text/plain").send().text());
        }

        @Test
        void limitsAChunkedBodyOfUnknownLength() throws Exception {
            Cascade c = Cascade.builder(reads("a", false), reads("b", true)).replayLimit(4).build();
            Environ env = new EnvironBuilder().method("POST").target("/").header("Transfer-Encoding", "chunked")
                    .input(new ByteArrayInputStream("123456789".getBytes())).build();
            Environ small = new EnvironBuilder().method("POST").target("/").header("Transfer-Encoding", "chunked")
                    .input(new ByteArrayInputStream("123".getBytes())).build();
            int[] status = new int[1];
            Body.close(c.call(env, (s, h, e) -> {
                status[0] = s.code();
                return null;
            }));
            assertEquals(413, status[0]);
            assertEquals("b read 123", new String(Body.toBytes(c.call(small, (s, h, e) -> null))));
        }

        @Test
        void neverReplaysABodyCutToWhatOneArrayHolds() throws Exception {
            // replayLimit(Long.MAX_VALUE), "no limit", let a 4 GiB + 10 byte body through, read into an array
            // of (int) 4294967306 = 10 bytes: the applications saw 10 bytes as the whole body
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Cascade.builder(reads("a", false), reads("b", true)).replayLimit(Long.MAX_VALUE));
            assertTrue(e.getMessage().contains(Long.toString(Cascade.MAX_REPLAY_LIMIT)), e.getMessage());
            Cascade c = Cascade.builder(reads("a", false), reads("b", true)).replayLimit(Cascade.MAX_REPLAY_LIMIT)
                    .build();
            Environ env = new EnvironBuilder().method("POST").target("/").header("Content-Length", "4294967306")
                    .input(new ByteArrayInputStream(new byte[10])).build();
            int[] status = new int[1];
            Body.close(c.call(env, (s, h, x) -> {
                status[0] = s.code();
                return null;
            }));
            assertEquals(413, status[0]);
            assertEquals(List.of(), calls);
        }

        @Test
        void doesNotTouchTheInputOfARequestWithoutABody() throws Exception {
            Environ env = new EnvironBuilder().target("/").build();
            Object input = env.get(Environ.WSGI_INPUT);
            Body.close(Cascade.of(answers("a"), answers("b")).call(env, (s, h, e) -> null));
            assertEquals(input, env.get(Environ.WSGI_INPUT));
        }
    }

    @Nested
    class Configuration {
        @Test
        void printsLikeTheBuilderCode() {
            Application a = Application.named("A", NotFound.INSTANCE);
            assertEquals("Cascade.of(A, NotFound)", Cascade.of(a, NotFound.INSTANCE).toString());
            assertEquals("Cascade.builder(A).replayLimit(10).build()",
                    Cascade.builder(a).replayLimit(10).build().toString());
        }

        @Test
        @SuppressWarnings("removal")
        void theOldReplayLimitCopyBuildsWhatTheBuilderPrints() {
            Application a = Application.named("A", NotFound.INSTANCE);
            assertEquals("Cascade.builder(A, NotFound).replayLimit(10).build()",
                    Cascade.of(a, NotFound.INSTANCE).replayLimit(10).toString());
        }

        @Test
        void rejectsBadConfiguration() {
            assertThrows(IllegalArgumentException.class, Cascade::of);
            assertThrows(NullPointerException.class, () -> Cascade.of(NotFound.INSTANCE, null));
            assertThrows(IllegalArgumentException.class, () -> Cascade.builder(NotFound.INSTANCE).replayLimit(-1));
            assertThrows(IllegalArgumentException.class, Cascade::builder);
        }

        @Test
        void passesASingleAppStraightThrough() throws Exception {
            Environ env = new EnvironBuilder().target("/").build();
            Body.close(Cascade.of(NotFound.INSTANCE).call(env, (s, h, e) -> null));
            assertTrue(NotFound.isNotMine(env));
            assertNull(env.get(Environ.ERROR));
        }
    }
}
