// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathTemplateTest {

    /** PATH_INFO carries UTF-8 bytes as Latin-1 chars. */
    private static String pathInfo(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Nested
    class Matching {
        @ParameterizedTest(name = "{0} on {1}")
        @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            /                               | /                      | {}
            /                               | ''                     | {}
            /projects                       | /projects              | {}
            /projects                       | /projects/             | NULL
            /projects/                      | /projects/             | {}
            /projects/{project}/wiki/{page} | /projects/p1/wiki/Home | {project=p1, page=Home}
            /projects/{project}/wiki/{page} | /projects/p1/wiki/     | NULL
            /projects/{project}/wiki/{page} | /projects/p1/wiki      | NULL
            /tickets/{id:int}               | /tickets/42            | {id=42}
            /tickets/{id:int}               | /tickets/-1            | NULL
            /tickets/{id:int}               | /tickets/4x            | NULL
            /tickets/{id:int}               | /tickets/1234567890123456789 | NULL
            /t/{slug:[a-z-]+}               | /t/hello-world         | {slug=hello-world}
            /t/{slug:[a-z-]+}               | /t/Hello               | NULL
            /y/{year:[0-9]{4}}              | /y/2024                | {year=2024}
            /y/{year:[0-9]{4}}              | /y/202                 | NULL
            /y/{v:[ab]{1,}}                 | /y/abba                | {v=abba}
            /o/{v:[ab]*}                    | /o/                    | {v=}
            /u/{id:uuid}                    | /u/123e4567-e89b-12d3-a456-426614174000 | {id=123e4567-e89b-12d3-a456-426614174000}
            /u/{id:uuid}                    | /u/123e4567-e89b-12d3-a456-42661417400g | NULL
            /files/{path:path}              | /files/a/b/c.txt       | {path=a/b/c.txt}
            /files/{path:path}              | /files/a/              | {path=a/}
            /files/{path:path}              | /files/                | NULL
            /api/v{major:int}/x             | /api/v2/x              | {major=2}
            /api/v{major:int}/x             | /api/2/x               | NULL
            /docs/{name}.json               | /docs/readme.json      | {name=readme}
            /docs/{name}.json               | /docs/.json            | NULL
            /{a}/{b}                        | //x                    | NULL
            """)
        void matchesWholePaths(String template, String path, String expected) {
            Map<String, String> m = PathTemplate.parse(template).match(path);
            assertEquals(expected, m == null ? null : m.toString());
        }

        @Test
        void decodesValuesAsUtf8() {
            PathTemplate t = PathTemplate.parse("/wiki/{page}");
            assertEquals(Map.of("page", "Jürgen"), t.match(pathInfo("/wiki/Jürgen")));
        }

        @Test
        void rejectsSegmentsThatAreNotUtf8() {
            assertNull(PathTemplate.parse("/wiki/{page}").match("/wiki/\u00ff\u00fe"));
        }

        @Test
        void givesNoVariableButAPathADotSegment() {
            // "/files/.." from a client that did not resolve it (RFC 3986 section 5.2.4): crafted
            assertNull(PathTemplate.parse("/files/{name}").match("/files/.."));
            assertNull(PathTemplate.parse("/files/{name}").match("/files/."));
            assertNull(PathTemplate.parse("/p/{project}/{service}").matchPrefix("/p/../wiki/x"));
            assertNull(PathTemplate.parse("/files/{n:[a-z.]+}").match("/files/.."));
            assertEquals(Map.of("name", "..."), PathTemplate.parse("/files/{name}").match("/files/..."));
            assertEquals(Map.of("name", "."), PathTemplate.parse("/files/{name}.json").match("/files/..json"));
            assertEquals(Map.of("p", "a/../b"), PathTemplate.parse("/files/{p:path}").match("/files/a/../b"));
        }

        @Test
        void matchesNonAsciiLiterals() {
            assertEquals(Map.of(), PathTemplate.parse("/café").match(pathInfo("/café")));
            assertNull(PathTemplate.parse("/café").match("/café")); // Latin-1 é alone is not UTF-8
        }

        @Test
        void returnsAnUnmodifiableMap() {
            Map<String, String> m = PathTemplate.parse("/{a}").match("/x");
            assertThrows(UnsupportedOperationException.class, () -> m.put("b", "y"));
        }

        @Test
        void matchesAHostileSegmentInLinearTime() {
            // the classic catastrophic-backtracking input for (a+)+b regexes: here one pass, no match
            String evil = "/t/" + "a".repeat(100_000) + "!";
            assertNull(PathTemplate.parse("/t/{slug:[a]+}").match(evil));
        }
    }

    @Nested
    class PrefixMatching {
        @ParameterizedTest(name = "{1}")
        @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            /projects/{project}/{service} | /projects/p1/wiki/Home/Edit | /projects/p1/wiki | /Home/Edit
            /projects/{project}/{service} | /projects/p1/wiki          | /projects/p1/wiki | ''
            /projects/{project}/{service} | /projects/p1/wiki/         | /projects/p1/wiki | /
            /projects/{project}/{service} | /projects/p1               | NULL              | NULL
            """)
        void splitsThePathIntoMountPointAndRest(String template, String path, String matched, String rest) {
            PathTemplate.Match m = PathTemplate.parse(template).matchPrefix(path);
            assertEquals(matched, m == null ? null : m.matched());
            assertEquals(rest, m == null ? null : m.rest());
        }

        @Test
        void refusesATemplateThatEndsInACatchAll() {
            assertThrows(IllegalStateException.class, () -> PathTemplate.parse("/f/{p:path}").matchPrefix("/f/x"));
        }
    }

    @Nested
    class Expanding {
        @Test
        void percentEncodesValuesIncludingSlashesAndLineBreaks() {
            PathTemplate t = PathTemplate.parse("/projects/{project}/wiki/{page}");
            assertEquals("/projects/a%20b/wiki/x%2Fy%0D%0Az",
                    t.expand(Map.of("project", "a b", "page", "x/y\r\nz")));
        }

        @Test
        void keepsSlashesInAPathVariable() {
            assertEquals("/files/a/b%3Fc", PathTemplate.parse("/files/{p:path}").expand(Map.of("p", "a/b?c")));
        }

        @Test
        void encodesUnicodeAsUtf8AndAcceptsNonStringValues() {
            PathTemplate t = PathTemplate.parse("/t/{id:int}/{name}.json");
            assertEquals("/t/7/J%C3%BCrgen%F0%9F%98%80.json", t.expand(Map.of("id", 7, "name", "Jürgen😀")));
        }

        @Test
        void roundTripsThroughMatch() {
            PathTemplate t = PathTemplate.parse("/w/{page}");
            String url = t.expand(Map.of("page", "Ünï cödé"));
            assertEquals(Map.of("page", "Ünï cödé"), t.match(pathInfo("/w/Ünï cödé")));
            assertEquals("/w/%C3%9Cn%C3%AF%20c%C3%B6d%C3%A9", url);
        }

        @ParameterizedTest(name = "{0} with {1}")
        @CsvSource(delimiter = '|', textBlock = """
            /w/{page}       | .
            /w/{page}       | ..
            /w/.{page}      | .
            /files/{p:path} | ..
            /files/{p:path} | a/../b
            /files/{p:path} | ./a
            /files/{p:path} | a/.
            """)
        void refusesValuesThatMakeADotSegment(String template, String value) {
            // a client resolves /w/.. to / (RFC 3986 section 5.2.4), so no URL can lead back to such a value
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PathTemplate.parse(template).expand(Map.of(template.contains(":path") ? "p" : "page", value)));
            assertTrue(e.getMessage().contains("dot segment") && e.getMessage().contains(template), e.getMessage());
        }

        @Test
        void keepsDotsThatAreNoDotSegment() {
            assertEquals("/w/..json/...", PathTemplate.parse("/w/{name}.json/{more}").expand(Map.of("name", ".",
                    "more", "...")));
            assertEquals("/files/a/.b/..c", PathTemplate.parse("/files/{p:path}").expand(Map.of("p", "a/.b/..c")));
        }

        @Test
        void neverBuildsAPathThatReadsAsAnotherHost() {
            // "//evil.example/x" would be a network-path reference (RFC 3986 section 4.2): the leading slash
            // of the value is encoded, and the path still matches back to the value
            PathTemplate t = PathTemplate.parse("/{p:path}");
            String url = t.expand(Map.of("p", "/evil.example/x"));
            assertEquals("/%2Fevil.example/x", url);
            assertEquals(Map.of("p", "/evil.example/x"), t.match("//evil.example/x"));
            assertEquals("/files//x", PathTemplate.parse("/files/{p:path}").expand(Map.of("p", "/x")));
        }

        @Test
        void rejectsMissingArgumentsAndValuesOfTheWrongType() {
            PathTemplate t = PathTemplate.parse("/tickets/{id:int}");
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> t.expand(Map.of()));
            assertTrue(missing.getMessage().contains("\"id\""), missing.getMessage());
            IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                    () -> t.expand(Map.of("id", "4x")));
            assertTrue(wrong.getMessage().contains("is not a int") && wrong.getMessage().contains("\"4x\""),
                    wrong.getMessage());
        }

        @Test
        void listsVariablesInOrder() {
            assertEquals(List.of("project", "page"), PathTemplate.parse("/p/{project}/w/{page}").variables());
        }
    }

    @Nested
    class Parsing {
        @ParameterizedTest
        @ValueSource(strings = {
            "projects/{p}", "/a/{", "/a/}", "/a/{x}{y}", "/a/{1x}", "/a/{}", "/a/{x}/{x}", "/a/{x:float}",
            "/a/{x:[a-z}", "/a/{x:[]}", "/a/{x:[z-a]+}", "/a/{x:[a]?}", "/a/{x:[a]{2,1}}", "/a/{x:[\\d]+}",
            "/a/{p:path}/b", "/a/x{p:path}", "/a?b", "/a#b", "/a/{x:[a/b]+}",
        })
        void rejectsMalformedTemplatesNamingThem(String template) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PathTemplate.parse(template));
            assertTrue(e.getMessage().contains("\"" + template + "\""), e.getMessage());
        }

        @Test
        void printsTheTemplateAsWritten() {
            assertEquals("/p/{id:int}", PathTemplate.parse("/p/{id:int}").toString());
            assertEquals(PathTemplate.parse("/x"), PathTemplate.parse("/x"));
        }
    }
}
