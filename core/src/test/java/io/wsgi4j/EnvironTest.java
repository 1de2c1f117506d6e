// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironTest {

    private static Environ of(String... keysAndValues) {
        Environ env = new Environ();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return env;
    }

    @Nested
    class Accessors {
        @Test
        void readTheCgiKeys() {
            Environ env = of("REQUEST_METHOD", "POST", "SCRIPT_NAME", "/app", "PATH_INFO", "/x", "QUERY_STRING", "a=1",
                    "CONTENT_TYPE", "text/plain", "CONTENT_LENGTH", "12", "SERVER_NAME", "example.com",
                    "SERVER_PORT", "8080", "SERVER_PROTOCOL", "HTTP/1.1", "REMOTE_ADDR", "10.0.0.1",
                    "REMOTE_USER", "ada");
            assertEquals("POST", env.requestMethod());
            assertEquals("/app", env.scriptName());
            assertEquals("/x", env.pathInfo());
            assertEquals("a=1", env.queryString());
            assertEquals("text/plain", env.contentType());
            assertEquals(12, env.contentLength());
            assertEquals("example.com", env.serverName());
            assertEquals("8080", env.serverPort());
            assertEquals("HTTP/1.1", env.serverProtocol());
            assertEquals("10.0.0.1", env.remoteAddr());
            assertEquals("ada", env.remoteUser());
        }

        @Test
        void giveDefaultsWhenKeysAreAbsent() throws Exception {
            Environ env = new Environ();
            assertEquals("GET", env.requestMethod());
            assertEquals("", env.scriptName());
            assertEquals("", env.pathInfo());
            assertEquals("", env.queryString());
            assertEquals(-1, env.contentLength());
            assertEquals("HTTP/1.0", env.serverProtocol());
            assertNull(env.remoteUser());
            assertEquals("http", env.urlScheme());
            assertEquals(-1, env.input().read());
            assertSame(LogStream.wsgiErrors(), env.errors());
            assertEquals(List.of(1, 0), env.version());
            assertFalse(env.multithread() || env.multiprocess() || env.runOnce());
            assertSame(FileWrapper.DEFAULT, env.fileWrapper());
            assertNull(env.rawTarget());
        }

        @Test
        void readTheWsgiKeys() {
            ByteArrayInputStream in = new ByteArrayInputStream(new byte[] {7});
            PrintStream err = new PrintStream(System.out);
            Environ env = new Environ(Map.of(Environ.WSGI_INPUT, in, Environ.WSGI_ERRORS, err,
                    Environ.WSGI_URL_SCHEME, "https", Environ.WSGI_MULTITHREAD, true, Environ.WSGI_RUN_ONCE, true,
                    Environ.RAW_TARGET, "/a%2Fb"));
            assertSame(in, env.input());
            assertSame(err, env.errors());
            assertEquals("https", env.urlScheme());
            assertTrue(env.multithread() && env.runOnce());
            assertEquals("/a%2Fb", env.rawTarget());
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "1e3", "abc", "+5", " 5"})
        void contentLengthRejectsWhatIsNotADecimalQuotingIt(String value) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> of("CONTENT_LENGTH", value).contentLength());
            assertTrue(e.getMessage().contains("\"" + value + "\""), e.getMessage());
        }

        @Test
        void aContentLengthIsReadByItsValueLeadingZerosIncluded() {
            assertEquals(3, of("CONTENT_LENGTH", "0".repeat(30) + "3").contentLength());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> of("CONTENT_LENGTH", "9".repeat(30)).contentLength());
            assertTrue(e.getMessage().contains("larger than any body can be"), e.getMessage());
            // Arabic-Indic digits are digits to Long.parseLong, not to RFC 9110's 1*DIGIT
            e = assertThrows(IllegalArgumentException.class, () -> of("CONTENT_LENGTH", "\u0661\u0662").contentLength());
            assertTrue(e.getMessage().contains("non-negative decimal number"), e.getMessage());
        }

        @Test
        void anEmptyContentLengthMeansUnknown() {
            assertEquals(-1, of("CONTENT_LENGTH", "").contentLength());
        }
    }

    @Nested
    class RequestHeaders {
        @ParameterizedTest
        @CsvSource({"User-Agent, HTTP_USER_AGENT", "x-forwarded-for, HTTP_X_FORWARDED_FOR",
            "Content-Type, CONTENT_TYPE", "content-length, CONTENT_LENGTH", "DNT, HTTP_DNT"})
        void headerKeyIsTheCgiName(String name, String key) {
            assertEquals(key, Environ.headerKey(name));
        }

        @Test
        void headerReadsByHttpName() {
            Environ env = of("HTTP_USER_AGENT", "curl", "CONTENT_TYPE", "text/plain");
            assertEquals("curl", env.header("user-agent"));
            assertEquals("text/plain", env.header("Content-Type"));
            assertNull(env.header("Accept"));
        }
    }

    @Nested
    class ShiftingThePath {
        @ParameterizedTest(name = "\"{0}\" + \"{1}\" -> {2}, \"{3}\" + \"{4}\"")
        @CsvSource(quoteCharacter = '\'', value = {
            "'',        /projects/x,  projects, /projects,      /x",
            "/app,      /projects/x,  projects, /app/projects,  /x",
            "/app,      /x,           x,        /app/x,         ''",
            "'',        /,            '',       /,              ''",
            "/app,      /x/,          x,        /app/x,         /",
            "'',        //x,          '',       /,              /x",
        })
        void movesOneSegmentKeepingTheConcatenation(String script, String path, String segment, String newScript,
                String newPath) {
            Environ env = of("SCRIPT_NAME", script, "PATH_INFO", path);
            assertEquals(segment, env.shiftPathInfo());
            assertEquals(newScript, env.scriptName());
            assertEquals(newPath, env.pathInfo());
            assertEquals(script + path, env.scriptName() + env.pathInfo());
        }

        @Test
        void returnsNullAndChangesNothingForTheAsteriskOfOptions() {
            // OPTIONS * has no path (R2.5): shifting "*" made SCRIPT_NAME "*", which must start with "/"
            Environ env = of("SCRIPT_NAME", "", "PATH_INFO", "*");
            assertNull(env.shiftPathInfo());
            assertEquals("", env.scriptName());
            assertEquals("*", env.pathInfo());
        }

        @Test
        void returnsNullAndChangesNothingWhenPathInfoIsEmpty() {
            Environ env = of("SCRIPT_NAME", "/app", "PATH_INFO", "");
            assertNull(env.shiftPathInfo());
            assertEquals("/app", env.scriptName());
        }
    }

    @Nested
    class Mounting {
        @ParameterizedTest(name = "\"{0}\" starts with \"{1}\": {2}")
        @CsvSource(quoteCharacter = '\'', value = {
            "/api,      /api,   true",
            "/api/x,    /api,   true",
            "/api/,     /api,   true",
            "/apix,     /api,   false",
            "/ap,       /api,   false",
            "'',        '',     true",
            "/x,        '',     true",
            "x,         '',     false",
        })
        void aPrefixMatchesWholeSegmentsOnly(String path, String prefix, boolean matches) {
            assertEquals(matches, of("PATH_INFO", path).pathInfoStartsWith(prefix));
        }

        @Test
        void callMountedMovesThePrefixForTheCallAndRestoresIt() throws Exception {
            Environ env = of("SCRIPT_NAME", "/app", "PATH_INFO", "/api/items");
            Iterable<byte[]> body = env.callMounted("/api", (e, sr) -> Body.of(e.scriptName() + "|" + e.pathInfo()),
                    (s, h, x) -> null);
            assertEquals("/app/api|/items", new String(Body.toBytes(body)));
            assertEquals("/app", env.scriptName());
            assertEquals("/api/items", env.pathInfo());
        }

        @Test
        void callMountedRestoresThePathWhenTheApplicationThrows() {
            Environ env = of("SCRIPT_NAME", "", "PATH_INFO", "/api/items");
            assertThrows(IllegalStateException.class, () -> env.callMounted("/api", (e, sr) -> {
                throw new IllegalStateException("boom");
            }, (s, h, x) -> null));
            assertEquals("", env.scriptName());
            assertEquals("/api/items", env.pathInfo());
        }

        @Test
        void callMountedRefusesAPrefixThatIsNotOneOfThePath() {
            Environ env = of("SCRIPT_NAME", "", "PATH_INFO", "/apix");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> env.callMounted("/api", (x, sr) -> Body.empty(), (s, h, x) -> null));
            assertTrue(e.getMessage().contains("\"/api\"") && e.getMessage().contains("\"/apix\""), e.getMessage());
            assertEquals("/apix", env.pathInfo());
        }
    }

    @Nested
    class Urls {
        @ParameterizedTest
        @CsvSource(quoteCharacter = '\'', value = {
            "http,  example.com,  '',  80,   /app,   /x y, q=1, http://example.com/app/x%20y?q=1,  http://example.com/app/",
            "https, '',  h.example,   443,   '',     /,    '',  https://h.example/,               https://h.example/",
            "http,  '',  h.example,   8080,  /a b,   '',   '',  http://h.example:8080/a%20b,      http://h.example:8080/a%20b/",
            "https, '',  h.example,   80,    '',     /x,   '',  https://h.example:80/x,           https://h.example:80/",
        })
        void requestUriAndApplicationUriRebuildTheUrl(String scheme, String host, String serverName, String port,
                String script, String path, String query, String requestUri, String applicationUri) {
            Environ env = of("wsgi.url_scheme", scheme, "SERVER_NAME", serverName, "SERVER_PORT", port,
                    "SCRIPT_NAME", script, "PATH_INFO", path, "QUERY_STRING", query);
            if (!host.isEmpty()) {
                env.put("HTTP_HOST", host);
            }
            assertEquals(requestUri, env.requestUri(true));
            assertEquals(applicationUri, env.applicationUri());
        }

        @Test
        void requestUriLeavesTheQueryOutWhenAsked() {
            Environ env = of("HTTP_HOST", "h", "PATH_INFO", "/x", "QUERY_STRING", "a=1");
            assertEquals("http://h/x", env.requestUri(false));
        }
    }

    @Nested
    class Copies {
        @Test
        void aCopyHasTheSameValuesButItsOwnMap() {
            ByteArrayInputStream in = new ByteArrayInputStream(new byte[0]);
            Environ env = of("PATH_INFO", "/x");
            env.put(Environ.WSGI_INPUT, in);
            Environ copy = env.copy();
            copy.put("PATH_INFO", "/y");
            copy.remove(Environ.WSGI_INPUT);
            assertEquals("/x", env.pathInfo());
            assertSame(in, env.input());
        }

        @Test
        void theMapOperationsWorkAsForAnyMap() {
            Environ env = new Environ();
            env.putAll(Map.of("A", "1", "B", "2"));
            assertEquals(2, env.size());
            assertTrue(env.containsKey("A") && env.keySet().contains("B") && env.values().contains("2"));
            assertEquals(Map.of("A", "1", "B", "2"), env);
            env.clear();
            assertTrue(env.isEmpty());
        }
    }
}
