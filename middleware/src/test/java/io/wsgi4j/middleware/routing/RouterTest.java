// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.NotFound;
import io.wsgi4j.handler.EnvironBuilder;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouterTest {

    /** Answers "label routeName args", and the label in X-Label (for HEAD, which has no body). */
    private static Application show(String label) {
        return Application.named(label, (environ, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain", "X-Label", label));
            return Body.of(label + " " + environ.get(Router.ROUTE) + " " + Router.args(environ));
        });
    }

    private static final Router WIKI = Router.builder()
            .get("home", "/", show("home"))
            .get("page", "/projects/{project}/wiki/{page}", show("show"))
            .post("save", "/projects/{project}/wiki/{page}", show("save"))
            .get("new", "/projects/{project}/wiki/new", show("new"))
            .get("ticket", "/projects/{project}/tickets/{id:int}", show("ticket"))
            .get("file", "/files/{path:path}", show("file"))
            .build();

    @Nested
    class Matching {
        @ParameterizedTest(name = "{0} {1}")
        @CsvSource(delimiter = '|', textBlock = """
            GET  | /                          | home home {}
            GET  | /projects/p1/wiki/Home     | show page {project=p1, page=Home}
            POST | /projects/p1/wiki/Home     | save save {project=p1, page=Home}
            GET  | /projects/p1/wiki/new      | new new {project=p1}
            GET  | /projects/p1/tickets/42    | ticket ticket {project=p1, id=42}
            GET  | /files/a/b/c.txt           | file file {path=a/b/c.txt}
            GET  | /projects/a%20b/wiki/X%3FY | show page {project=a b, page=X?Y}
            """)
        void dispatchesByMethodAndTemplate(String method, String path, String expected) {
            assertEquals(expected, TestClient.of(WIKI).request(method, path).send().text());
        }

        @Test
        void prefersLiteralSegmentsWhateverTheOrderAdded() {
            // "new" was added after {page} yet wins for /wiki/new
            assertEquals("new new {project=p1}", TestClient.of(WIKI).get("/projects/p1/wiki/new").send().text());
        }

        @Test
        void keepsAnEncodedSlashInsideItsSegment() {
            TestResponse r = TestClient.of(WIKI).get("/projects/p1/wiki/a%2Fb").send();
            assertEquals("show page {project=p1, page=a/b}", r.text());
        }

        @Test
        void keepsAnEncodedSlashWhenMountedUnderAScriptName() throws Exception {
            Environ env = new EnvironBuilder().target("/site%20x/projects/p1/wiki/a%2Fb").build();
            env.put(Environ.SCRIPT_NAME, "/site x");
            env.put(Environ.PATH_INFO, "/projects/p1/wiki/a/b");
            Body.close(WIKI.call(env, (s, h, e) -> null));
            assertEquals(Map.of("project", "p1", "page", "a/b"), Router.args(env));
        }

        @Test
        void keepsAnEncodedSlashInAnAbsoluteFormTarget() throws Exception {
            // the same resource as /projects/p1/wiki/a%2Fb (RFC 9112 section 3.2.2), which was a 404 this way
            Environ env = new EnvironBuilder().target("http://example.com/projects/p1/wiki/a%2Fb?x=1").build();
            Body.close(WIKI.call(env, (s, h, e) -> null));
            assertEquals(Map.of("project", "p1", "page", "a/b"), Router.args(env));
        }

        @Test
        void trustsPathInfoWhenAMiddlewareRewroteIt() throws Exception {
            Environ env = new EnvironBuilder().target("/old/a%2Fb").build();
            env.put(Environ.PATH_INFO, "/projects/p1/wiki/Home");
            Body.close(WIKI.call(env, (s, h, e) -> null));
            assertEquals(Map.of("project", "p1", "page", "Home"), Router.args(env));
        }

        @Test
        void putsUnmodifiableArgsInTheEnviron() throws Exception {
            Environ env = new EnvironBuilder().target("/projects/p1/wiki/Home").build();
            Body.close(WIKI.call(env, (s, h, e) -> null));
            assertThrows(UnsupportedOperationException.class, () -> Router.args(env).put("x", "y"));
            assertEquals("page", env.get(Router.ROUTE));
        }

        @Test
        void answersANotMine404ForUnknownPaths() throws Exception {
            assertEquals(404, TestClient.of(WIKI).get("/projects/p1/tickets/abc").send().status());
            Environ env = new EnvironBuilder().target("/nowhere").build();
            Body.close(WIKI.call(env, (s, h, e) -> null));
            assertTrue(NotFound.isNotMine(env));
        }

        @Test
        void sendsUnmatchedPathsToTheFallback() {
            Router r = Router.builder().get("a", "/a", show("a")).fallback(show("fallback")).build();
            assertEquals("fallback null {}", TestClient.of(r).get("/b").send().text());
        }
    }

    @Nested
    class Methods {
        @Test
        void answersHeadWithTheGetRoute() {
            TestResponse r = TestClient.of(WIKI).head("/projects/p1/wiki/Home").send();
            assertEquals(200, r.status());
            assertEquals("", r.text());
        }

        @Test
        void prefersARouteThatNamesHeadOverTheGetRoute() {
            Router r = Router.builder().get("show", "/a/{x}", show("get")).route("peek", List.of("HEAD"), "/a/{x}",
                    (environ, sr) -> {
                        sr.start("200 OK", Headers.of("Content-Type", "text/plain", "X-Peek", Router.args(environ)
                                .get("x")));
                        return Body.empty();
                    }).build();
            assertEquals("1", TestClient.of(r).head("/a/1").send().header("X-Peek"));
            assertEquals("get show {x=1}", TestClient.of(r).get("/a/1").send().text());
        }

        @Test
        void sendsHeadWhereGetGoesEvenWhenALessSpecificRouteTakesEveryMethodOrHead() {
            // RFC 9110 section 9.3.2: HEAD is GET without the content, so the same route must answer it
            Router r = Router.builder().get("index", "/files/index", show("index"))
                    .any("file", "/files/{name}", show("file"))
                    .route("peek", List.of("HEAD"), "/p/{name}", show("peek")).get("top", "/p/top", show("top"))
                    .build();
            TestClient c = TestClient.of(r);
            assertEquals("index", c.head("/files/index").send().header("X-Label"));
            assertEquals("file", c.head("/files/other").send().header("X-Label"));
            assertEquals("top", c.head("/p/top").send().header("X-Label"));
            assertEquals("peek", c.head("/p/other").send().header("X-Label"));
        }

        @Test
        void patchRoutesAPatchRequestAndNamesItInAllow() {
            Router r = Router.builder().get("show", "/p/{page}", show("Show")).patch("edit", "/p/{page}", show("Edit"))
                    .build();
            TestClient c = TestClient.of(r);
            assertEquals("Edit", c.patch("/p/home").send().header("X-Label"));
            TestResponse wrong = c.delete("/p/home").send();
            assertEquals(405, wrong.status());
            assertEquals("GET, HEAD, OPTIONS, PATCH", wrong.header("Allow"));
        }

        @Test
        void answers405WithAllowWhenOnlyTheMethodIsWrong() {
            TestResponse r = TestClient.of(WIKI).delete("/projects/p1/wiki/Home").send();
            assertEquals(405, r.status());
            assertEquals("GET, HEAD, OPTIONS, POST", r.header("Allow"));
        }

        @Test
        void answersOptionsWithAllow() {
            TestResponse r = TestClient.of(WIKI).options("/projects/p1/tickets/7").send();
            assertEquals(200, r.status());
            assertEquals("GET, HEAD, OPTIONS", r.header("Allow"));
            assertEquals("", r.text());
        }

        @Test
        void letsARouteHandleOptionsItself() {
            Router r = Router.builder().get("a", "/a", show("a")).route("opt", List.of("OPTIONS"), "/a", show("opt"))
                    .build();
            assertEquals("opt opt {}", TestClient.of(r).options("/a").send().text());
        }

        @Test
        void letsAnAnyRouteTakeEveryMethod() {
            Router r = Router.builder().any("all", "/x", show("all")).build();
            assertEquals("all all {}", TestClient.of(r).request("PATCH", "/x").send().text());
        }
    }

    @Nested
    class TrailingSlashes {
        private final Router strict = Router.builder().get("list", "/projects/", show("list"))
                .get("one", "/projects/{p}", show("one")).post("make", "/make", show("make")).build();
        private final Router permanent = Router.builder().get("list", "/projects/", show("list"))
                .get("one", "/projects/{p}", show("one")).post("make", "/make", show("make"))
                .redirectTrailingSlash(301).build();
        private final Router keepMethod = Router.builder().post("make", "/make", show("make"))
                .get("root", "/{a:[a]*}/{b}", show("root")).redirectTrailingSlash(308).build();

        @Test
        void treatsTheSlashAsSignificantByDefault() {
            assertEquals(404, TestClient.of(strict).get("/projects").send().status());
        }

        @Test
        void redirectsGetWith301KeepingTheQuery() {
            TestResponse r = TestClient.of(permanent).get("/projects?sort=name").send();
            assertEquals(301, r.status());
            assertEquals("/projects/?sort=name", r.header("Location"));
            TestResponse back = TestClient.of(permanent).get("/projects/p1/").send();
            assertEquals("/projects/p1", back.header("Location"));
        }

        @Test
        void doesNotRedirectAPostWith301() {
            assertEquals(404, TestClient.of(permanent).post("/make/").send().status());
        }

        @Test
        void redirectsAnyMethodWith308() {
            TestResponse r = TestClient.of(keepMethod).post("/make/").send();
            assertEquals(308, r.status());
            assertEquals("/make", r.header("Location"));
        }

        /**
         * A gateway (nginx's $query_string) passes a query as the client sent it: UTF-8 bytes, a DEL. The
         * Location is a URI (RFC 9110 section 10.2.2), so they go out %-encoded, decoding to the same bytes;
         * they went out raw, and a control character made the router throw (a 500).
         */
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "q=caf\u00c3\u00a9&page=2|/projects/?q=caf%C3%A9&page=2",
            "q=a\u007fb|/projects/?q=a%7Fb",
        })
        void keepsAQueryWithBytesBeyondAsciiOrControlsEncoded(String query, String location) {
            TestResponse r = TestClient.of((env, sr) -> {
                env.put(Environ.QUERY_STRING, query);
                return permanent.call(env, sr);
            }).get("/projects").send();
            assertEquals(301, r.status());
            assertEquals(location, r.header("Location"));
        }

        @Test
        void neverRedirectsToAnotherHost() {
            assertEquals(404, TestClient.of(keepMethod).get("//evil.example/").send().status());
        }

        @Test
        void rejectsOtherStatuses() {
            assertThrows(IllegalArgumentException.class, () -> Router.builder().redirectTrailingSlash(302));
        }
    }

    @Nested
    class UrlBuilding {
        private Environ mountedAt(String scriptName) {
            Environ env = new EnvironBuilder().target("/").build();
            env.put(Environ.SCRIPT_NAME, scriptName);
            return env;
        }

        @Test
        void buildsUnderScriptNameAndPercentEncodesArgs() {
            assertEquals("/my%20app/projects/p1/wiki/Front%20Page%2F2",
                    WIKI.urlFor(mountedAt("/my app"), "page", Map.of("project", "p1", "page", "Front Page/2")));
        }

        @Test
        void buildsUrlsUnderAPipelineMount() {
            Router[] self = new Router[1];
            self[0] = Router.builder().get("page", "/{page}", (environ, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return Body.of(self[0].urlFor(environ, "page", Map.of("page", "Other Page")));
            }).build();
            Application site = io.wsgi4j.Pipeline.builder().map("/wiki", self[0]).run(NotFound.INSTANCE);
            assertEquals("/wiki/Other%20Page", TestClient.of(site).get("/wiki/Home").send().text());
        }

        @Test
        void buildsAUrlThatLeadsBackToAPathValueWithALeadingSlash() {
            Router r = Router.builder().get("file", "/{p:path}", show("file")).build();
            String url = r.urlFor(mountedAt(""), "file", Map.of("p", "/evil.example/x"));
            assertTrue(url.startsWith("/") && !url.startsWith("//"), url);
            assertEquals("file file {p=/evil.example/x}", TestClient.of(r).get(url).send().text());
        }

        @Test
        void encodesLineBreaksSoTheyCannotSplitAHeader() {
            String url = WIKI.urlFor(mountedAt(""), "page", Map.of("project", "p1", "page", "x\r\nSet-Cookie: a=1"));
            assertEquals("/projects/p1/wiki/x%0D%0ASet-Cookie:%20a=1", url);
        }

        @Test
        void putsExtraArgsInTheQueryString() {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("project", "p1");
            args.put("id", 42);
            args.put("q", "a&b=c d");
            assertEquals("/projects/p1/tickets/42?q=a%26b%3Dc%20d", WIKI.urlFor(mountedAt(""), "ticket", args));
        }

        @Test
        void rejectsUnknownRoutesAndBadArgs() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WIKI.urlFor(mountedAt(""), "nope", Map.of()));
            assertTrue(e.getMessage().contains("home, new, ticket, page, save, file"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> WIKI.urlFor(mountedAt(""), "ticket", Map.of("project", "p1", "id", "x")));
        }
    }

    @Nested
    class Configuration {
        @Test
        void rejectsMalformedTemplatesNamingThem() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Router.builder().get("x", "/a/{b", show("x")));
            assertTrue(e.getMessage().contains("\"/a/{b\""), e.getMessage());
        }

        @Test
        void rejectsDuplicateNamesUnreachableRoutesAndBadMethods() {
            Router.Builder b = Router.builder().get("a", "/a", show("a"));
            assertThrows(IllegalArgumentException.class, () -> b.get("a", "/b", show("b")));
            assertThrows(IllegalArgumentException.class, () -> b.get("b", "/a", show("b")));
            assertThrows(IllegalArgumentException.class, () -> b.any("c", "/a", show("c")));
            assertThrows(IllegalArgumentException.class, () -> b.route("d", List.of("get"), "/d", show("d")));
            assertThrows(IllegalArgumentException.class, () -> b.route("d", List.of("GE T"), "/d", show("d")));
            b.post("e", "/a", show("e")); // same template, other method: fine
        }

        @Test
        void printsTheBuilderCodeOneRoutePerLineInTheOrderAdded() {
            Router r = Router.builder().any("x", "/x", show("X")).get("page", "/p/{page}", show("Show"))
                    .post("save", "/p/{page}", show("Save")).put("put", "/p/{page}", show("Put"))
                    .delete("del", "/p/{page}", show("Del")).patch("edit", "/p/{page}", show("Edit"))
                    .route("multi", List.of("PATCH", "GET"), "/m", show("M"))
                    .redirectTrailingSlash(308).fallback(show("Home")).build();
            assertEquals("""
                    Router.builder()
                        .any("x", "/x", X)
                        .get("page", "/p/{page}", Show)
                        .post("save", "/p/{page}", Save)
                        .put("put", "/p/{page}", Put)
                        .delete("del", "/p/{page}", Del)
                        .patch("edit", "/p/{page}", Edit)
                        .route("multi", List.of("GET", "PATCH"), "/m", M)
                        .redirectTrailingSlash(308)
                        .fallback(Home)
                        .build()""", r.toString());
        }

        @Test
        void printsNoDefaultOptions() {
            assertEquals("Router.builder()\n    .build()", Router.builder().build().toString());
            assertEquals("Router.builder()\n    .route(\"p\", List.of(\"OPTIONS\"), \"/\", X)\n    .build()",
                    Router.builder().route("p", List.of("OPTIONS"), "/", show("X")).fallback(NotFound.INSTANCE).build()
                            .toString());
        }
    }
}
