// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.testing.TestClient;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CookiesTest {

    @Nested
    class Parsing {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
            "a=1                  | {a=1}",
            "a=1; b=2             | {a=1, b=2}",
            "a=1;b=2              | {a=1, b=2}",
            "a=1; a=2             | {a=1}",
            "  a = 1 ;  b=2  ;    | {a=1, b=2}",
            "a=\"quoted\"         | {a=quoted}",
            "a=\"                 | {a=\"}",
            "novalue; b=2         | {b=2}",
            "=orphan; b=2         | {b=2}",
            "a=x=y                | {a=x=y}",
            "a=                   | {a=}",
        })
        void acceptsWhatBrowsersSendAndIgnoresJunk(String header, String expected) {
            assertEquals(expected, Cookies.parse(header).toString());
        }

        @Test
        void utf8BytesInAValueAreDecoded() {
            String latin1 = new String("thé".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            assertEquals("thé", Cookies.parse("drink=" + latin1).get("drink"));
        }

        @Test
        void repeatedCookieHeadersAreAllRead() {
            Application app = (environ, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return Body.of(Cookies.parse(environ).toString());
            };
            String text = TestClient.of(app).get("/").header("Cookie", "a=1").header("Cookie", "b=2").send().text();
            assertEquals("{a=1, b=2}", text);
        }
    }

    @Nested
    class FromTheEnviron {
        @Test
        void aRequestWithoutCookiesHasNone() {
            Environ environ = new Environ();
            assertEquals(Map.of(), Cookies.parse(environ));
            assertNull(Cookies.get(environ, "a"));
        }

        @Test
        void theParseIsCachedUntilTheHeaderChanges() {
            Environ environ = new Environ();
            environ.put("HTTP_COOKIE", "a=1");
            assertSame(Cookies.parse(environ), Cookies.parse(environ));
            environ.put("HTTP_COOKIE", "a=2");
            assertEquals("2", Cookies.get(environ, "a"));
        }
    }
}
