// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeadersTest {
    private final List<Header> headers = Headers.of("Content-Type", "text/plain", "Set-Cookie", "a=1",
            "Set-Cookie", "b=2");

    @Nested
    class Building {
        @Test
        void ofKeepsOrderAndRepeatedNames() {
            assertEquals(List.of("Content-Type", "Set-Cookie", "Set-Cookie"),
                    headers.stream().map(Header::name).toList());
        }

        @Test
        void ofRejectsAnOddCountAndInvalidHeaders() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Headers.of("A"));
            assertTrue(e.getMessage().contains("odd count 1"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Headers.of("A", "x\ny"));
        }

        @Test
        void theListIsImmutable() {
            assertThrows(UnsupportedOperationException.class, () -> headers.add(Header.of("X", "1")));
        }
    }

    @Nested
    class Reading {
        @Test
        void getReturnsTheFirstValueIgnoringCase() {
            assertEquals("a=1", Headers.get(headers, "set-cookie"));
            assertNull(Headers.get(headers, "Location"));
        }

        @Test
        void getAllReturnsEveryValueInOrder() {
            assertEquals(List.of("a=1", "b=2"), Headers.getAll(headers, "SET-COOKIE"));
            assertEquals(List.of(), Headers.getAll(headers, "Location"));
        }

        @Test
        void containsIgnoresCase() {
            assertTrue(Headers.contains(headers, "content-type"));
            assertFalse(Headers.contains(headers, "Content-Length"));
        }
    }

    @Nested
    class Changing {
        @Test
        void withReplacesEveryHeaderOfTheNameAndLeavesTheOriginal() {
            List<Header> changed = Headers.with(headers, "set-cookie", "c=3");
            assertEquals(List.of(Header.of("Content-Type", "text/plain"), Header.of("set-cookie", "c=3")), changed);
            assertEquals(3, headers.size());
        }

        @Test
        void withoutRemovesEveryHeaderOfTheName() {
            assertEquals(List.of(Header.of("Content-Type", "text/plain")), Headers.without(headers, "Set-Cookie"));
        }
    }

    @ParameterizedTest
    @CsvSource({"Connection, true", "keep-alive, true", "TE, true", "Trailer, true", "transfer-encoding, true",
        "Upgrade, true", "Proxy-Authenticate, true", "Proxy-Authorization, true", "Content-Length, false",
        "Set-Cookie, false", "tE, true", "KEEP-ALIVE, true", "Keep-Alivx, false", "Tracker, false", "TF, false",
        "Transfer-Encodinh, false", "Upgrade-Insecure-Requests, false", "Connections, false", "Accept-Encoding, false"})
    void hopByHopHeadersAreThoseOfRfc9110(String name, boolean hop) {
        assertEquals(hop, Headers.isHopByHop(name));
    }

    @Test
    void noNameIsNotHopByHop() {
        assertFalse(Headers.isHopByHop(null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "plain     | '\"plain\"'",
        "'a\r\nb'  | '\"a\\r\\nb\"'",
        "'q\"'     | '\"q\\\"\"'",
        "'\u20ac'  | '\"\\u20ac\"'",
    })
    void describeQuotesAndEscapesStrings(String value, String shown) {
        assertEquals(shown, Headers.describe(value));
    }

    @Test
    void describeShowsOtherValuesAsTheyPrintAndCutsLongText() {
        assertEquals("42", Headers.describe(42));
        assertEquals("null", Headers.describe(null));
        assertTrue(Headers.describe("x".repeat(300)).endsWith("...(300 chars)\""));
    }
}
