// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "Content-Type     | text/plain",
        "X-Weird!#$%&*+.^_`~| v",
        "Set-Cookie       | a=1; Path=/",
        "X-Empty          | ''",
        "X-Tab            | 'a\tb'",
        "X-Latin1         | caf\u00e9",
    })
    void acceptsTokenNamesAndLatin1Values(String name, String value) {
        Header h = Header.of(name, value);
        assertEquals(name, h.name());
        assertEquals(value, h.value());
        assertEquals(name + ": " + value, h.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Content Type", "X:Y", "Caf\u00e9", "X\r\nY", "(x)"})
    void rejectsNamesThatAreNotTokensQuotingThem(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Header.of(name, "v"));
        assertTrue(e.getMessage().contains("header name must be a token"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nSet-Cookie: x", "a\nb", "nul\0", "bell\u0007", "del\u007f", "euro\u20ac"})
    void rejectsValuesThatCouldSplitTheResponse(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Header.of("X", value));
        assertTrue(e.getMessage().startsWith("header X: value must be Latin-1"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "the rejected value is shown escaped");
    }

    @Test
    void nullsAreRejected() {
        assertThrows(NullPointerException.class, () -> Header.of(null, "v"));
        assertThrows(NullPointerException.class, () -> Header.of("X", null));
    }

    @Test
    void isComparesNamesIgnoringCase() {
        assertTrue(Header.of("Content-Type", "x").is("content-type"));
        assertFalse(Header.of("Content-Type", "x").is("Content-Length"));
        assertFalse(Header.of("Content-Type", "x").is("X-Request-Id"), "same length, another name");
        assertTrue(Header.of("x-request-id", "x").is("X-REQUEST-ID"));
        assertFalse(Header.of("Vary", "x").is(null));
    }

    @Test
    void withValueCopiesAndValidates() {
        Header h = Header.of("X", "1");
        assertEquals(Header.of("X", "2"), h.withValue("2"));
        assertEquals("1", h.value());
        assertThrows(IllegalArgumentException.class, () -> h.withValue("\r"));
    }

    @Test
    void equalityKeepsTheNameCase() {
        assertEquals(Header.of("X", "1").hashCode(), Header.of("X", "1").hashCode());
        assertNotEquals(Header.of("X", "1"), Header.of("x", "1"));
    }

    @ParameterizedTest
    @CsvSource({"Accept, true", "a1-b_c, true", "'', false", "a b, false", "é, false"})
    void isTokenSaysWhetherANameIsValid(String name, boolean token) {
        assertEquals(token, Header.isToken(name));
        assertFalse(Header.isToken(null));
    }
}
