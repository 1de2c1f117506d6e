// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgi4j.Application;
import io.wsgi4j.handler.EnvironBuilder;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorPagesTest {
    private static final Application FAILS = (environ, sr) -> {
        throw new IllegalStateException("bad <b>input</b> & \"quotes\"");
    };

    private static TestResponse fail(ErrorPages pages, String accept) {
        return TestClient.of(ErrorCatcher.builder().page(pages).build().wrap(FAILS)).allowErrors().get("/p?q=<x>")
                .header("Accept", accept).header("Cookie", "session=secret").send();
    }

    @Nested
    class Standard {
        @Test
        void answersHtmlToABrowserWithoutDetails() {
            TestResponse r = fail(ErrorPages.of(), "text/html,*/*;q=0.8");
            assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
            assertTrue(r.text().contains("<h1>500 Internal Server Error</h1>"), r.text());
            assertFalse(r.text().contains("IllegalStateException"), r.text());
        }

        @Test
        void answersJsonToAnApiClient() throws Exception {
            TestResponse r = fail(ErrorPages.of(), "application/json");
            assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
            JsonNode json = new ObjectMapper().readTree(r.text());
            assertEquals(500, json.get("status").asInt());
            assertFalse(json.has("trace"));
        }

        @Test
        void answersPlainTextOtherwise() {
            TestResponse r = fail(ErrorPages.of(), "image/png");
            assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
            assertEquals("500 Internal Server Error\n", r.text());
        }
    }

    @Nested
    class Debug {
        @Test
        void showsTheTraceAndEnvironHtmlEscaped() {
            String html = fail(ErrorPages.builder().debug(true).build(), "text/html").text();
            assertTrue(html.contains("bad &lt;b&gt;input&lt;/b&gt; &amp; &quot;quotes&quot;"), html);
            assertTrue(html.contains("<th>QUERY_STRING</th><td>q=&lt;x&gt;</td>"), html);
            assertFalse(html.contains("<b>input"), html);
        }

        @Test
        void hidesCredentials() {
            String text = fail(ErrorPages.builder().debug(true).build(), "text/plain").text();
            assertTrue(text.contains("HTTP_COOKIE=(hidden)"), text);
            assertFalse(text.contains("secret"), text);
        }

        @Test
        void hidesCookiesTheApplicationParsedToo() throws Exception {
            // Sessions and every cookie reader leave the parsed Cookie header in the environ: shown, it
            // would hand an HttpOnly session cookie to any script that can make a request fail
            Application readsCookies = (environ, sr) -> {
                io.wsgi4j.middleware.request.Cookies.get(environ, "session");
                throw new IllegalStateException("bad");
            };
            ErrorPages debug = ErrorPages.builder().debug(true).build();
            for (String accept : new String[] {"text/plain", "text/html", "application/json"}) {
                String page = TestClient.of(ErrorCatcher.builder().page(debug).build().wrap(readsCookies)).allowErrors()
                        .get("/").header("Accept", accept).header("Cookie", "session=secret").send().text();
                assertTrue(page.contains(io.wsgi4j.middleware.request.Cookies.KEY), page);
                assertFalse(page.contains("secret"), accept + ": " + page);
            }
        }

        @Test
        void givesTheTraceAsJsonLines() throws Exception {
            JsonNode json = new ObjectMapper().readTree(fail(ErrorPages.builder().debug(true).build(), "application/json").text());
            assertTrue(json.get("exception").asText().startsWith("java.lang.IllegalStateException: bad <b>"));
            assertTrue(json.get("trace").get(1).asText().startsWith("at "), json.toString());
            assertEquals("/p", json.get("environ").get("PATH_INFO").asText());
        }

        @Test
        void survivesACycleOfCauses() throws Exception {
            IllegalStateException a = new IllegalStateException("a");
            IllegalArgumentException b = new IllegalArgumentException("b", a);
            a.initCause(b);
            io.wsgi4j.Application cyclic = (environ, sr) -> {
                throw a;
            };
            String text = TestClient.of(ErrorCatcher.builder().page(ErrorPages.builder().debug(true).build()).build().wrap(cyclic)).allowErrors().get("/")
                    .header("Accept", "application/json").send().text();
            JsonNode trace = new ObjectMapper().readTree(text).get("trace");
            assertTrue(trace.toString().contains("Caused by: java.lang.IllegalArgumentException: b"), text);
        }

        @Test
        void saysSoWhenNoErrorWasRecorded() {
            TestResponse r = TestClient.of(ErrorPages.builder().debug(true).build()).get("/").send();
            assertEquals(500, r.status());
            assertTrue(r.text().contains("no exception recorded under wsgi4j.error"), r.text());
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
        NULL                                                            | text/plain
        */*                                                             | text/plain
        text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | text/html
        application/json                                                | application/json
        application/json;q=0.5, text/html;q=0.4                         | application/json
        text/*, text/plain;q=0                                          | text/html
        image/png                                                       | text/plain
        application/json;q=bogus, text/html;q=0.1                       | text/html
        """)
    void picksTheFormatByAccept(String accept, String expected) {
        EnvironBuilder b = new EnvironBuilder().target("/");
        if (accept != null) {
            b.header("Accept", accept);
        }
        assertEquals(expected, ErrorPages.format(b.build()));
    }

    @Test
    void printsItsName() {
        assertEquals("ErrorPages.of()", ErrorPages.of().toString());
        assertEquals("ErrorPages.builder().debug(true).build()", ErrorPages.builder().debug(true).build().toString());
    }
}
