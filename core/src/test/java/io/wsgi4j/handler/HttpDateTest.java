// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpDateTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "784111777000  | Sun, 06 Nov 1994 08:49:37 GMT",
        "0             | Thu, 01 Jan 1970 00:00:00 GMT",
        "951782400999  | Tue, 29 Feb 2000 00:00:00 GMT",
    })
    void formatsAsImfFixdate(long millis, String text) {
        assertEquals(text, HttpDate.format(millis));
    }

    @Test
    void nowIsTheCurrentSecondAndParsesBack() {
        long before = System.currentTimeMillis() / 1000;
        String now = HttpDate.now();
        long after = System.currentTimeMillis() / 1000;
        long parsed = ZonedDateTime.parse(now, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
        assertTrue(parsed >= before && parsed <= after, now);
    }
}
