// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Environ;
import io.wsgi4j.FileWrapper;
import io.wsgi4j.LogStream;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironBuilderTest {

    @Test
    void theDefaultsDescribeAGetOfTheRootOverHttp11() {
        Environ env = new EnvironBuilder().build();
        assertEquals("GET", env.requestMethod());
        assertEquals("", env.scriptName());
        assertEquals("/", env.pathInfo());
        assertEquals("", env.queryString());
        assertEquals("HTTP/1.1", env.serverProtocol());
        assertEquals("localhost", env.serverName());
        assertEquals("80", env.serverPort());
        assertEquals(EnvironBuilder.SERVER_SOFTWARE, env.get(Environ.SERVER_SOFTWARE));
        assertEquals(List.of(1, 0), env.get(Environ.WSGI_VERSION));
        assertEquals("http", env.get(Environ.WSGI_URL_SCHEME));
        assertTrue(env.multithread());
        assertFalse(env.multiprocess() || env.runOnce());
        assertSame(FileWrapper.DEFAULT, env.get(Environ.WSGI_FILE_WRAPPER));
        assertSame(LogStream.wsgiErrors(), env.get(Environ.WSGI_ERRORS));
    }

    @Nested
    class Targets {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "/a%20b?x=1&y=%20          | /a b       | x=1&y=%20 | ''",
            "/files/a%2Fb              | /files/a/b | ''        | ''",
            "/p??q                     | /p         | ?q        | ''",
            "*                         | *          | ''        | ''",
            "http://example.com:8080/x?q | /x       | q         | example.com:8080",
            "http://example.com        | /          | ''        | example.com",
            "http://example.com?q=1    | /          | q=1       | example.com",
            "https://[::1]:8443/v6     | /v6        | ''        | [::1]:8443",
        })
        void theTargetGivesPathQueryAndForAbsoluteFormTheHost(String target, String path, String query, String host) {
            Environ env = new EnvironBuilder().target(target).header("Host", "ignored.example").build();
            assertEquals(path, env.pathInfo());
            assertEquals(query, env.queryString());
            assertEquals(target, env.rawTarget());
            assertEquals(host.isEmpty() ? "ignored.example" : host, env.header("Host"));
        }
    }

    @Nested
    class Mount {
        @ParameterizedTest(name = "{0} under {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "/shop/items/a%2Fb?x=1 | /shop     | /items/a/b",
            "/sh%6Fp/items         | /shop     | /items",
            "/shop                 | /shop     | ''",
            "/a%20b/c              | '/a b'    | /c",
            "/x/y                  | ''        | /x/y",
            "http://h.example/m/n  | /m        | /n",
        })
        void theRawPrefixThatDecodesToTheMountPointBecomesScriptName(String target, String script, String pathInfo) {
            EnvironBuilder b = new EnvironBuilder().target(target);
            assertTrue(b.mount(script));
            Environ env = b.build();
            assertEquals(script, env.scriptName());
            assertEquals(pathInfo, env.pathInfo());
            assertEquals(target, env.rawTarget(), "the raw target is kept as received");
        }

        @ParameterizedTest(name = "{0} under {1}")
        @CsvSource(delimiter = '|', value = {
            "/shopping/x | /shop",
            "/other/x    | /shop",
            "/sho        | /shop",
        })
        void aPathThatDoesNotStartWithTheMountPointAtASegmentBoundaryChangesNothing(String target, String script) {
            EnvironBuilder b = new EnvironBuilder().target(target);
            assertFalse(b.mount(script));
            Environ env = b.build();
            assertEquals("", env.scriptName());
            assertEquals(target, env.pathInfo());
        }

        @Test
        void aSlashInTheQueryOfAnAbsoluteTargetWithoutAPathIsNoPath() {
            // "http://h?a=/m/x": the path is empty (so "/"), and "/m/x" belongs to the query
            EnvironBuilder b = new EnvironBuilder().target("http://h.example?a=/m/x");
            assertFalse(b.mount("/m"));
            Environ env = b.build();
            assertEquals("", env.scriptName());
            assertEquals("/", env.pathInfo());
            assertEquals("a=/m/x", env.queryString());
        }

        @Test
        void mountBeforeTargetIsAnError() {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new EnvironBuilder().mount("/a"));
            assertTrue(e.getMessage().contains("call target() first"), e.getMessage());
        }
    }

    @Nested
    class ServerNameAndPort {
        @ParameterizedTest(name = "Host {0} ({1}) -> {2}:{3}")
        @CsvSource(quoteCharacter = '\'', value = {
            "example.com,        http,  example.com,  80",
            "example.com,        https, example.com,  443",
            "example.com:8080,   http,  example.com,  8080",
            "example.com:,       https, example.com,  443",
            "'[::1]',            http,  '[::1]',      80",
            "'[::1]:9000',       http,  '[::1]',      9000",
            "'[2001:db8::7]:81', http,  '[2001:db8::7]', 81",
            // RFC 3986 lets a port have leading zeros; SERVER_PORT is the number (R2.10: decimal, 0 to 65535)
            "example.com:0000080, http, example.com,  80",
            "example.com:00,     http,  example.com,  0",
        })
        void comeFromTheHostHeader(String host, String scheme, String name, String port) {
            Environ env = new EnvironBuilder().scheme(scheme).header("Host", host).server("0.0.0.0", 8000).build();
            assertEquals(name, env.serverName());
            assertEquals(port, env.serverPort());
        }

        @Test
        void fallBackToTheBoundAddressWithoutHost() {
            Environ env = new EnvironBuilder().server("10.0.0.2", 8000).build();
            assertEquals("10.0.0.2", env.serverName());
            assertEquals("8000", env.serverPort());
        }

        @Test
        void anAbsoluteTargetWinsOverTheHostHeader() {
            Environ env = new EnvironBuilder().target("http://a.example:81/").header("Host", "b.example").build();
            assertEquals("a.example", env.serverName());
            assertEquals("81", env.serverPort());
        }
    }

    @Nested
    class Headers {
        @Test
        void repeatedHeadersAreJoinedWithCommaAndCookiesWithSemicolon() {
            Environ env = new EnvironBuilder().header("Accept", "a").header("accept", "b")
                    .header("Cookie", "x=1").header("Cookie", "y=2").build();
            assertEquals("a, b", env.get("HTTP_ACCEPT"));
            assertEquals("x=1; y=2", env.get("HTTP_COOKIE"));
        }

        @Test
        void aHeaderNameWithAnUnderscoreIsDroppedSoItCannotPassForTheDashedOne() {
            // a proxy that sets X-Forwarded-For would pass X_Forwarded_For through untouched
            Environ env = new EnvironBuilder().header("X_Forwarded_For", "6.6.6.6")
                    .header("X-Forwarded-For", "10.0.0.1").header("Remote_User", "admin").build();
            assertEquals("10.0.0.1", env.get("HTTP_X_FORWARDED_FOR"));
            assertFalse(env.containsKey("HTTP_REMOTE_USER"));
        }

        @Test
        void contentTypeAndLengthGoToTheirCgiKeysOnly() {
            Environ env = new EnvironBuilder().header("Content-Type", "text/plain").header("content-length", "3")
                    .build();
            assertEquals("text/plain", env.get(Environ.CONTENT_TYPE));
            assertEquals("3", env.get(Environ.CONTENT_LENGTH));
            assertFalse(env.containsKey("HTTP_CONTENT_TYPE") || env.containsKey("HTTP_CONTENT_LENGTH"));
        }

        @Test
        void uncommonNamesAreTranslatedToo() {
            assertEquals("1", new EnvironBuilder().header("X-My-Header", "1").build().get("HTTP_X_MY_HEADER"));
        }
    }

    @Test
    void theOtherSettersSetTheirKeys() {
        ByteArrayInputStream in = new ByteArrayInputStream(new byte[0]);
        PrintStream err = new PrintStream(System.out);
        Environ env = new EnvironBuilder().method("PUT").protocol("HTTP/1.0").remote("10.1.1.1", 4321).input(in)
                .errors(err).concurrency(false, true, true).put("myapp.flag", Boolean.TRUE).build();
        assertEquals("PUT", env.requestMethod());
        assertEquals("HTTP/1.0", env.serverProtocol());
        assertEquals("10.1.1.1", env.remoteAddr());
        assertEquals("4321", env.get(Environ.REMOTE_PORT));
        assertSame(in, env.input());
        assertSame(err, env.errors());
        assertTrue(env.multiprocess() && env.runOnce() && !env.multithread());
        assertEquals(Boolean.TRUE, env.get("myapp.flag"));
    }

    @Test
    void nullsAreRejected() {
        assertThrows(NullPointerException.class, () -> new EnvironBuilder().method(null));
        assertThrows(NullPointerException.class, () -> new EnvironBuilder().target(null));
        assertThrows(NullPointerException.class, () -> new EnvironBuilder().input(null));
    }
}
