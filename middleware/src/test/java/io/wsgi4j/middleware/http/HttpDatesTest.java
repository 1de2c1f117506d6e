// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDatesTest {
    private static final long SUNDAY = 784111777000L;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
        " Sun, 06 Nov 1994 08:49:37 GMT ",
    })
    void parsesAllThreeForms(String date) {
        assertEquals(SUNDAY, HttpDates.parse(date));
    }

    @ParameterizedTest(name = "[{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {
        "yesterday",
        "Sun, 06 Nov 1994 08:49:37 PST",
        "Sun, 32 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT",
        "1994-11-06T08:49:37Z",
        "Sun, 06 Nov 1994 08:49:37 GMT, and then a very long tail of text to make it too long",
    })
    void returnsMinusOneForAnythingElse(String date) {
        assertEquals(-1, HttpDates.parse(date));
    }

    @Test
    void readsTwoDigitYearsInAWindowAround1970() {
        assertEquals(HttpDates.parse("Thu, 01 Jan 2060 00:00:00 GMT"), HttpDates.parse("Thursday, 01-Jan-60 00:00:00 GMT"));
        assertEquals(HttpDates.parse("Thu, 01 Jan 1970 00:00:00 GMT"), HttpDates.parse("Thursday, 01-Jan-70 00:00:00 GMT"));
    }

    @Test
    void formatsAnImfFixdate() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(SUNDAY + 999));
    }
}
