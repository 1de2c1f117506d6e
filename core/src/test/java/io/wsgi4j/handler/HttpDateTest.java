// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One table for the project's one HTTP-date class: what parses to what, and what formats back. */
class HttpDateTest {
    /**
     * {@code text} parses to {@code millis} (-1: refused); {@code formatted} is what {@code millis}
     * formats to, empty where the row is only about parsing.
     */
    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', nullValues = "null", value = {
        // text                                                        | millis        | formatted
        "'Sun, 06 Nov 1994 08:49:37 GMT'                               | 784111777000  | 'Sun, 06 Nov 1994 08:49:37 GMT'",
        "'Thu, 01 Jan 1970 00:00:00 GMT'                               | 0             | 'Thu, 01 Jan 1970 00:00:00 GMT'",
        "'Tue, 29 Feb 2000 00:00:00 GMT'                               | 951782400000  | 'Tue, 29 Feb 2000 00:00:00 GMT'",
        "'Sunday, 06-Nov-94 08:49:37 GMT'                              | 784111777000  | ''",
        "'Sun Nov  6 08:49:37 1994'                                    | 784111777000  | ''",
        "' Sun, 06 Nov 1994 08:49:37 GMT '                             | 784111777000  | ''",
        // two-digit RFC 850 years are read in the window 1970..2069
        "'Thursday, 01-Jan-60 00:00:00 GMT'                            | 2840140800000 | ''",
        "'Thursday, 01-Jan-70 00:00:00 GMT'                            | 0             | ''",
        "null                                                          | -1            | ''",
        "''                                                            | -1            | ''",
        "'yesterday'                                                   | -1            | ''",
        "'Sun, 06 Nov 1994 08:49:37 PST'                               | -1            | ''",
        "'Sun, 32 Nov 1994 08:49:37 GMT'                               | -1            | ''",
        "'Sun, 06 Nov 1994 25:49:37 GMT'                               | -1            | ''",
        "'1994-11-06T08:49:37Z'                                        | -1            | ''",
        "'Sun, 06 Nov 1994 08:49:37 GMT, and then a long tail past 64 characters' | -1 | ''",
    })
    void parsesTheThreeFormsAndFormatsTheFixdate(String text, long millis, String formatted) {
        assertEquals(millis, HttpDate.parse(text));
        if (!formatted.isEmpty()) {
            assertEquals(formatted, HttpDate.format(millis));
            assertEquals(formatted, HttpDate.format(millis + 999), "milliseconds are dropped, not rounded");
        }
    }

    @Test
    void nowIsTheCurrentSecondAndParsesBack() {
        long before = System.currentTimeMillis() / 1000;
        String now = HttpDate.now();
        long after = System.currentTimeMillis() / 1000;
        long parsed = HttpDate.parse(now) / 1000;
        assertTrue(parsed >= before && parsed <= after, now);
    }
}
