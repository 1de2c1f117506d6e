// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wsgi4j.Environ;
import io.wsgi4j.NotFound;
import io.wsgi4j.middleware.files.UserContent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One table for the middleware's percent-encoding (all Guava escapers, UTF-8): a path segment
 * ({@code {v}}), a path value that keeps slashes ({@code {v:path}}), a query value (RFC 3986 unreserved
 * only) and an RFC 8187 {@code filename*} value. Core's Latin-1 {@code PercentCodec} has its own test.
 */
class PercentEncodingTest {
    private static final Router ROUTER = Router.builder()
            .get("segment", "/s/{v}", NotFound.INSTANCE)
            .get("path", "/p/{v:path}", NotFound.INSTANCE)
            .build();

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\u0000', value = {
        // text      | segment             | path                | query                             | filename* (- when the name is plain)
        "plain       | plain               | plain               | plain                             | -",
        "a b         | a%20b               | a%20b               | a%20b                             | -",
        "a/b         | a%2Fb               | a/b                 | a%2Fb                             | -",
        "a?b#c       | a%3Fb%23c           | a%3Fb%23c           | a%3Fb%23c                         | -",
        "-._~        | -._~                | -._~                | -._~                              | -",
        "!$&'()*+,;= | !$&'()*+,;=         | !$&'()*+,;=         | %21%24%26%27%28%29%2A%2B%2C%3B%3D | -",
        ":@          | :@                  | :@                  | %3A%40                            | -",
        "100%        | 100%25              | 100%25              | 100%25                            | 100%25",
        "a \"b\"     | a%20%22b%22         | a%20%22b%22         | a%20%22b%22                       | a%20%22b%22",
        "x'y é       | x'y%20%C3%A9        | x'y%20%C3%A9        | x%27y%20%C3%A9                    | x%27y%20%C3%A9",
        "café        | caf%C3%A9           | caf%C3%A9           | caf%C3%A9                         | caf%C3%A9",
        "\uD83D\uDE00 | %F0%9F%98%80      | %F0%9F%98%80        | %F0%9F%98%80                      | %F0%9F%98%80",
        "!#$&+^`~ é  | !%23$&+%5E%60~%20%C3%A9 | !%23$&+%5E%60~%20%C3%A9 | %21%23%24%26%2B%5E%60~%20%C3%A9 | !#$&+^`~%20%C3%A9",
    })
    void encodesAsUtf8KeepingEachContextsSafeSet(String text, String segment, String path, String query,
            String filename) {
        Environ environ = new Environ();
        assertEquals("/s/" + segment, ROUTER.urlFor(environ, "segment", Map.of("v", text)));
        assertEquals("/p/" + path, ROUTER.urlFor(environ, "path", Map.of("v", text)));
        assertEquals("/s/x?q=" + query, ROUTER.urlFor(environ, "segment", Map.of("v", "x", "q", text)));
        String disposition = UserContent.contentDisposition(text);
        if (filename.equals("-")) {
            assertEquals("attachment; filename=\"" + text + "\"", disposition);
        } else {
            assertEquals("; filename*=UTF-8''" + filename, disposition.substring(disposition.indexOf(';', 11)));
        }
    }

    @Test
    void refusesAnUnpairedSurrogateWithAClearError() {
        assertThrows(IllegalArgumentException.class,
                () -> ROUTER.urlFor(new Environ(), "segment", Map.of("v", "a\uD800")));
    }
}
