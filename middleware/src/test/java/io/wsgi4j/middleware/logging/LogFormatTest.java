// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogFormatTest {
    private static final ZonedDateTime TIME = ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(-7));

    private static AccessRecord record(String user, long bytes, String agent) {
        return new AccessRecord("10.0.0.1", user, TIME, "POST", "/a?b=c", "HTTP/1.0", 201, bytes, 2_500_000,
                "https://r/", agent, "id-1", "save", true);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        COMMON   | 10.0.0.1 - ann [02/Jan/2026:03:04:05 -0700] "POST /a?b=c HTTP/1.0" 201 42
        COMBINED | 10.0.0.1 - ann [02/Jan/2026:03:04:05 -0700] "POST /a?b=c HTTP/1.0" 201 42 "https://r/" "ua/1"
        EXTENDED | 10.0.0.1 - ann [02/Jan/2026:03:04:05 -0700] "POST /a?b=c HTTP/1.0" 201 42 "https://r/" "ua/1" 2500 "id-1"
        """)
    void formatsTextLines(LogFormat format, String expected) {
        assertEquals(expected, format.format(record("ann", 42, "ua/1")));
    }

    @Test
    void printsDashesForMissingValuesAndZeroBytes() {
        assertEquals("10.0.0.1 - - [02/Jan/2026:03:04:05 -0700] \"POST /a?b=c HTTP/1.0\" 201 - \"https://r/\" \"-\"",
                LogFormat.COMBINED.format(record(null, 0, null)));
    }

    @Test
    void escapesLineBreaksInTextFormats() {
        assertEquals("10.0.0.1 - - [02/Jan/2026:03:04:05 -0700] \"POST /a?b=c HTTP/1.0\" 201 1 \"https://r/\""
                + " \"x\\x0d\\x0a1.2.3.4 - - [forged]\"", LogFormat.COMBINED.format(record(null, 1,
                "x\r\n1.2.3.4 - - [forged]")));
    }

    @Test
    void formatsJsonWithEveryPresentField() {
        assertEquals("{\"time\":\"2026-01-02T03:04:05-07:00\",\"remoteAddr\":\"10.0.0.1\",\"method\":\"POST\","
                + "\"target\":\"/a?b=c\",\"protocol\":\"HTTP/1.0\",\"status\":201,\"bytes\":7,\"durationMicros\":2500,"
                + "\"referer\":\"https://r/\",\"userAgent\":\"a\\nb\",\"requestId\":\"id-1\",\"route\":\"save\","
                + "\"complete\":true}", LogFormat.JSON.format(record(null, 7, "a\nb")));
    }

    @Test
    void jsonCarriesTheTraceIdWhenTheTraceContextMiddlewareSetOne() {
        AccessRecord r = new AccessRecord("10.0.0.1", null, TIME, "GET", "/", "HTTP/1.1", 200, 0, 1000, null, null,
                null, null, true, "4bf92f3577b34da6a3ce929d0e0e4736");
        assertEquals("{\"time\":\"2026-01-02T03:04:05-07:00\",\"remoteAddr\":\"10.0.0.1\",\"method\":\"GET\","
                + "\"target\":\"/\",\"protocol\":\"HTTP/1.1\",\"status\":200,\"bytes\":0,\"durationMicros\":1,"
                + "\"complete\":true,\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}", LogFormat.JSON.format(r));
    }
}
