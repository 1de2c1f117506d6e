// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AsciiTest {
    /** Each row also checks the answer is the one of the lower-cased copy it replaces. */
    @ParameterizedTest(name = "\"{0}\" starts with \"{1}\": {2}")
    @CsvSource(delimiter = '|', value = {
        "image/png          | image/      | true",
        "IMAGE/SVG+XML      | image/svg   | true",
        "Text/Plain         | text/plain  | true",
        "text/               | text/plain | false",
        "''                 | image/      | false",
        "\u0130mage/png     | image/      | false",
        "imag               | image/      | false",
    })
    void startsWithIgnoreCaseAgreesWithLowerCasing(String s, String prefix, boolean expected) {
        assertEquals(expected, Ascii.startsWithIgnoreCase(s, prefix));
        assertEquals(expected, s.toLowerCase(Locale.ROOT).startsWith(prefix));
    }

    @ParameterizedTest(name = "\"{0}\" contains \"{1}\": {2}")
    @CsvSource(delimiter = '|', value = {
        "public, No-Transform   | no-transform | true",
        "NO-TRANSFORM           | no-transform | true",
        "no-transfor            | no-transform | false",
        "max-age=60             | no-transform | false",
        "''                     | no-transform | false",
        "x                      | ''           | true",
    })
    void containsIgnoreCaseAgreesWithLowerCasing(String s, String word, boolean expected) {
        assertEquals(expected, Ascii.containsIgnoreCase(s, word));
        assertEquals(expected, s.toLowerCase(Locale.ROOT).contains(word));
    }
}
