// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatusTest {

    @Nested
    class Parsing {
        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "200 OK                 | 200 | OK",
            "404 Not Found          | 404 | Not Found",
            "299 Custom             | 299 | Custom",
            "'200 '                 | 200 | ''",
            "200 Fine Thanks        | 200 | Fine Thanks",
            "'599 caf\u00e9'        | 599 | caf\u00e9",
        })
        void acceptsThreeDigitsASpaceAndAReason(String text, int code, String reason) {
            Status s = Status.parse(text);
            assertEquals(code, s.code());
            assertEquals(reason, s.reason());
            assertEquals(text, s.toString());
        }

        @ParameterizedTest
        @ValueSource(strings = {"200", "200OK", "20 OK", "OK 200", "099 Low", "600 High", "2x0 OK", "200 A\r\nB",
            "200 \u20ac"})
        void rejectsAnythingElseQuotingTheText(String text) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Status.parse(text));
            assertTrue(e.getMessage().contains("\""), e.getMessage());
        }

        @Test
        void theCommonStatusesAreSharedConstants() {
            assertSame(Status.OK, Status.parse("200 OK"));
            assertSame(Status.NOT_FOUND, Status.of(404));
        }
    }

    @Nested
    class Factories {
        @Test
        void ofGivesTheStandardReasonOrUnknown() {
            assertEquals("418 Unknown", Status.of(418).toString());
            assertEquals("503 Service Unavailable", Status.of(503).toString());
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 99, 600, -200})
        void codesOutside100To599AreRejected(int code) {
            assertThrows(IllegalArgumentException.class, () -> Status.of(code));
        }

        @Test
        void withReasonCopiesAndValidates() {
            Status s = Status.of(200).withReason("Fine");
            assertEquals("200 Fine", s.toString());
            assertEquals("200 OK", Status.OK.toString());
            assertThrows(IllegalArgumentException.class, () -> Status.OK.withReason("a\nb"));
        }

        @Test
        void equalityIsCodeAndReason() {
            assertEquals(Status.of(200, "OK"), Status.OK);
            assertEquals(Status.of(200, "OK").hashCode(), Status.OK.hashCode());
            assertNotEquals(Status.of(200, "Fine"), Status.OK);
        }
    }

    @ParameterizedTest
    @CsvSource({"100, true", "101, true", "200, false", "204, true", "205, false", "304, true", "404, false"})
    void forbidsBodyFor1xx204And304(int code, boolean forbids) {
        assertEquals(forbids, Status.of(code).forbidsBody());
    }

    @Test
    void aReasonMayHoldATab() {
        assertFalse(Status.parse("200 a\tb").forbidsBody());
    }
}
