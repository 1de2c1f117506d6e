// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.wsgi4j.Environ;
import io.wsgi4j.handler.EnvironBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RawTargetPathTest {

    @ParameterizedTest(name = "{0} with prefix {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        /persons/M%2FX/about          | /persons/M/X    | /persons/M%2FX
        /persons/M%2fX/about          | /persons/M/X    | /persons/M%2FX
        /a%20b/M%2FX                  | /a b/M/X        | /a%20b/M%2FX
        /%2Fevil.example/x            | //evil.example  | /%2Fevil.example
        http://example.com/p/a%2Fb/c  | /p/a/b          | /p/a%2Fb
        /persons/M/X/about            | /persons/M/X    | /persons/M/X
        /persons/M%2FX/about          | /other          | /other
        /persons/M%2FX/about          | ''              | ''
        """)
    void encodesAPrefixKeepingTheSlashesTheClientSentEncoded(String target, String prefix, String expected) {
        Environ environ = new EnvironBuilder().target(target).build();
        assertEquals(expected, RawTargetPath.encode(environ, prefix));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        /a%2Fb?x=%2F          | /a%2Fb
        http://host/a%2Fb?q   | /a%2Fb
        """)
    void takesThePathOfOriginAndAbsoluteForms(String raw, String path) {
        assertEquals(path, RawTargetPath.of(raw));
    }

    @ParameterizedTest
    @CsvSource({"*", "http://host", "http://host?q", "host:443"})
    void hasNoPathForTheAsteriskAndAuthorityForms(String raw) {
        assertNull(RawTargetPath.of(raw));
    }
}
