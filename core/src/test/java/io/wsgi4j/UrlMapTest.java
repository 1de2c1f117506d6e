// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.handler.EnvironBuilder;
import io.wsgi4j.testing.TestClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlMapTest {

    /** Answers "label SCRIPT_NAME|PATH_INFO". */
    private static Application where(String label) {
        return Application.named(label, (environ, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            return Body.of(label + " [" + environ.scriptName() + "] [" + environ.pathInfo() + "]");
        });
    }

    private static final UrlMap MAP = UrlMap.builder()
            .mount("/", where("root"))
            .mount("/api", where("api"))
            .mount("/api/v2", where("v2"))
            .mount("api.example.com", "/", where("host"))
            .build();

    @Nested
    class Matching {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
            /api/x        | api [/api] [/x]
            /api          | api [/api] []
            /api/v2/users | v2 [/api/v2] [/users]
            /api/v2       | v2 [/api/v2] []
            /apix         | root [] [/apix]
            /api/v20      | api [/api] [/v20]
            /             | root [] [/]
            """)
        void triesTheLongestWholeSegmentPrefixFirst(String path, String expected) {
            assertEquals(expected, TestClient.of(MAP).get(path).send().text());
        }

        @Test
        void triesHostMountsBeforeHostlessOnesIgnoringCaseAndPort() {
            assertEquals("host [] [/api/x]",
                    TestClient.of(MAP).get("/api/x").header("Host", "API.Example.com:8080").send().text());
        }

        @Test
        void restoresScriptNameAndPathInfo() throws Exception {
            Environ env = new EnvironBuilder().target("/api/v2/x").build();
            env.put(Environ.SCRIPT_NAME, "/site");
            Body.close(MAP.call(env, (s, h, e) -> null));
            assertEquals("/site", env.scriptName());
            assertEquals("/api/v2/x", env.pathInfo());
        }

        @Test
        void answersNotMineWithoutAMatch() throws Exception {
            UrlMap map = UrlMap.builder().mount("/a", where("a")).build();
            Environ env = new EnvironBuilder().target("/b").build();
            Body.close(map.call(env, (s, h, e) -> null));
            assertTrue(NotFound.isNotMine(env));
        }
    }

    @Nested
    class Configuration {
        @Test
        void rejectsBadPrefixesHostsAndDuplicates() {
            assertThrows(IllegalArgumentException.class, () -> UrlMap.builder().mount("api", where("x")));
            assertThrows(IllegalArgumentException.class, () -> UrlMap.builder().mount("a/b", "/", where("x")));
            assertThrows(IllegalArgumentException.class, () -> UrlMap.builder().mount("", "/", where("x")));
            IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                    () -> UrlMap.builder().mount("api.example.com:8080", "/", where("x")));
            assertTrue(port.getMessage().contains("drop \":8080\""), port.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> UrlMap.builder().mount("/a", where("x")).mount("/a/", where("y")));
        }

        @Test
        void printsTheMountsInTheOrderTried() {
            assertEquals("UrlMap[api.example.com/ -> host, /api/v2 -> v2, /api -> api, / -> root, * -> NotFound]",
                    MAP.toString());
        }
    }
}
