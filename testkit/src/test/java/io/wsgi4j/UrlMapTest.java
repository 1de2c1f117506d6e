// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.testing.TestClient;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlMapTest {
    /** Answers "name SCRIPT_NAME:PATH_INFO". */
    private static Application echo(String name) {
        return Application.named(name, (env, sr) -> {
            sr.start(Status.OK, List.of());
            return Body.of(name + " " + env.scriptName() + ":" + env.pathInfo());
        });
    }

    private final UrlMap map = UrlMap.builder()
            .mount("/api", echo("api"))
            .mount("/api/v2", echo("v2"))
            .mount("/static/", echo("static"))
            .mount("admin.example.com", "/", echo("admin"))
            .fallback(echo("home"))
            .build();

    private String get(String path, String host) {
        return TestClient.of(map).get(path).header("Host", host).send().text();
    }

    @Nested
    class Matching {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
            "/api          | api /api:",
            "/api/x        | api /api:/x",
            "/api/v2/x     | v2 /api/v2:/x",
            "/api/v2x      | api /api:/v2x",
            "/apix         | home :/apix",
            "/static/a.css | static /static:/a.css",
            "/             | home :/",
        })
        void theLongestWholeSegmentPrefixWinsAndIsShiftedToScriptName(String path, String answer) {
            assertEquals(answer, get(path, "www.example.com"));
        }

        @Test
        void hostMountsComeBeforeHostlessOnesIgnoringCaseAndPort() {
            assertEquals("admin :/api/x", get("/api/x", "ADMIN.example.com:8080"));
            assertEquals("api /api:/x", get("/api/x", "other.example.com"));
        }

        @Test
        void withoutAMatchOrFallbackTheAnswerIsANotMine404() {
            UrlMap bare = UrlMap.builder().mount("/a", echo("a")).build();
            assertEquals(404, TestClient.of(bare).get("/b").send().status());
        }

        @Test
        void aNonAsciiPrefixMatchesItsUtf8BytesAsTheRouterDoes() {
            // PATH_INFO holds the request's bytes one char each (SPEC.md R2.3): "/café" arrives as "/caf\u00c3\u00a9"
            UrlMap unicode = UrlMap.builder().mount("/café", echo("cafe")).mount("/日本", echo("nihon")).build();
            assertEquals("cafe /caf\u00c3\u00a9:/menu", TestClient.of(unicode).get("/caf%C3%A9/menu").send().text());
            assertEquals(200, TestClient.of(unicode).get("/%E6%97%A5%E6%9C%AC").send().status());
            assertEquals(404, TestClient.of(unicode).get("/caf%E9/menu").send().status());
            assertTrue(unicode.toString().contains(".mount(\"/caf\\u00e9\", cafe)"), unicode.toString()); // as written
        }

        @Test
        void aHostMountMatchesAHostWithATrailingDotAndAnInternationalisedNameInItsAsciiForm() {
            UrlMap hosts = UrlMap.builder().mount("bücher.example", "/", echo("books"))
                    .mount("shop.example.", "/", echo("shop")).fallback(echo("home")).build();
            assertEquals("books :/x", TestClient.of(hosts).get("/x").header("Host", "xn--bcher-kva.example").send().text());
            assertEquals("shop :/x", TestClient.of(hosts).get("/x").header("Host", "shop.example").send().text());
            assertEquals("shop :/x", TestClient.of(hosts).get("/x").header("Host", "Shop.Example.:8080").send().text());
            assertEquals("home :/x", TestClient.of(hosts).get("/x").header("Host", "other.example").send().text());
        }

        @Test
        void theMapWorksUnderAnExistingScriptName() {
            Application outer = (env, sr) -> {
                env.shiftPathInfo();
                try {
                    return map.call(env, sr);
                } finally {
                    env.put(Environ.SCRIPT_NAME, "");
                    env.put(Environ.PATH_INFO, "/site" + env.pathInfo());
                }
            };
            assertEquals("api /site/api:/x", TestClient.of(outer).get("/site/api/x").send().text());
        }
    }

    @Nested
    class Restoring {
        @Test
        void scriptNameAndPathInfoAreRestoredAfterTheCall() throws Exception {
            Environ env = new Environ();
            env.put(Environ.SCRIPT_NAME, "");
            env.put(Environ.PATH_INFO, "/api/x");
            map.call(env, (s, h, e) -> null);
            assertEquals("", env.scriptName());
            assertEquals("/api/x", env.pathInfo());
        }

        @Test
        void theyAreRestoredEvenWhenTheMountedAppThrows() {
            UrlMap failing = UrlMap.builder().mount("/x", (env, sr) -> {
                throw new IllegalStateException("boom");
            }).build();
            Environ env = new Environ();
            env.put(Environ.PATH_INFO, "/x/y");
            assertThrows(IllegalStateException.class, () -> failing.call(env, (s, h, e) -> null));
            assertEquals("", env.scriptName());
            assertEquals("/x/y", env.pathInfo());
        }
    }

    @Nested
    class Building {
        @Test
        void aPrefixMustStartWithASlash() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> UrlMap.builder().mount("api", echo("x")));
            assertTrue(e.getMessage().contains("\"api\""), e.getMessage());
        }

        @Test
        void aPrefixWithAPercentEscapeIsRefusedWithTheDecodedSpelling() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> UrlMap.builder().mount("/my%20app", echo("x")));
            assertTrue(e.getMessage().contains("write \"/my app\""), e.getMessage());
            UrlMap percent = UrlMap.builder().mount("/100%", echo("sale")).build(); // a lone % is no escape
            assertEquals("sale /100%:/x", TestClient.of(percent).get("/100%25/x").send().text());
        }

        @Test
        void aPrefixCannotBeMountedTwice() {
            UrlMap.Builder b = UrlMap.builder().mount("/a/", echo("x"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.mount("/a", echo("y")));
            assertTrue(e.getMessage().contains("already mounted"), e.getMessage());
        }

        @Test
        void aHostMustBeAName() {
            assertThrows(IllegalArgumentException.class, () -> UrlMap.builder().mount("a/b", "/", echo("x")));
            assertThrows(IllegalArgumentException.class, () -> UrlMap.builder().mount("", "/", echo("x")));
        }

        @Test
        void aHostWithAPortIsRejectedBecauseItCouldNeverMatch() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> UrlMap.builder().mount("api.example.com:8080", "/", echo("x")));
            assertTrue(e.getMessage().contains("drop \":8080\""), e.getMessage());
        }

        @Test
        void printsTheBuilderCodeOneMountPerLineInTheOrderAdded() {
            assertEquals("""
                    UrlMap.builder()
                        .mount("/api", api)
                        .mount("/api/v2", v2)
                        .mount("/static", static)
                        .mount("admin.example.com", "/", admin)
                        .fallback(home)
                        .build()""", map.toString());
        }

        @Test
        void printsNoDefaultFallback() {
            assertEquals("UrlMap.builder()\n    .build()", UrlMap.builder().build().toString());
            assertEquals("UrlMap.builder()\n    .mount(\"/\", x)\n    .build()",
                    UrlMap.builder().mount("/", echo("x")).fallback(NotFound.INSTANCE).build().toString());
        }
    }
}
