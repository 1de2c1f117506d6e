// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One table for the project's one HTTP-date class: what parses to what, and what formats back. */
class HttpDateTest {
    /** 2026-12-08T00:00:00Z, the "now" the table is read at. */
    private static final long TODAY = 1796688000000L;

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
        // two-digit RFC 850 years (RFC 9110 5.6.7), read on 2026-12-08: in this century unless that is more
        // than 50 years ahead, else in the one before
        "'Thursday, 01-Jan-60 00:00:00 GMT'                            | 2840140800000 | ''",
        "'Wednesday, 01-Jan-70 00:00:00 GMT'                           | 3155760000000 | ''",
        "'Tuesday, 08-Dec-76 00:00:00 GMT'                             | 3374611200000 | ''",
        "'Wednesday, 08-Dec-76 00:00:01 GMT'                           | 218851201000  | ''",
        "'Saturday, 01-Jan-77 00:00:00 GMT'                            | 220924800000  | ''",
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
        assertEquals(millis, HttpDate.parse(text, TODAY));
        if (!formatted.isEmpty()) {
            assertEquals(formatted, HttpDate.format(millis));
            assertEquals(formatted, HttpDate.format(millis + 999), "milliseconds are dropped, not rounded");
        }
    }

    /** Without a given time, a two-digit year is placed relative to the clock: 50 years on from now is still ahead. */
    @Test
    void aTwoDigitYearIsReadRelativeToTheCurrentYear() {
        int year = java.time.LocalDate.now(java.time.ZoneOffset.UTC).getYear();
        int ahead = year + 10; // within 50 years: read ahead, not a century back
        String text = String.format("Monday, 01-Jan-%02d 00:00:00 GMT", ahead % 100);
        long parsed = HttpDate.parse(text);
        assertEquals(ahead, java.time.Instant.ofEpochMilli(parsed).atZone(java.time.ZoneOffset.UTC).getYear(), text);
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
