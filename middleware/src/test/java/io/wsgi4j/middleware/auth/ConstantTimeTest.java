// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConstantTimeTest {
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
        "secret,  secret,  true",
        "secret,  Secret,  false",
        "secret,  secret1, false",
        "'',      '',      true",
        "'',      x,       false",
        "null,    x,       false",
        "x,       null,    false",
        "null,    null,    false",
        "pässword,pässword,true",
    })
    void comparesLikeEqualsButNullNeverMatches(String a, String b, boolean expected) {
        assertEquals(expected, ConstantTime.equals(a, b));
    }
}
