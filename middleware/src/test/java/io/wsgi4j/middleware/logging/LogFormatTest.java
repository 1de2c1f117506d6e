// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
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
    void escapesC1ControlCharactersInTextFormatsAsTheBytesReceived() {
        // a header byte 0x80-0x9f arrives as that character (Latin-1); written raw it would be the C1
        // control itself: CSI (0x9b) starts a terminal escape sequence, NEL (0x85) a new line to some readers
        assertEquals("10.0.0.1 - - [02/Jan/2026:03:04:05 -0700] \"POST /a?b=c HTTP/1.0\" 201 1 \"https://r/\""
                + " \"a\\x9b31mb\\x85c\\x80\u00e9\"", LogFormat.COMBINED.format(record(null, 1,
                "a\u009b31mb\u0085c\u0080\u00e9")));
    }

    @Test
    void formatsJsonWithEveryPresentField() {
        assertEquals("{\"time\":\"2026-01-02T03:04:05-07:00\",\"remoteAddr\":\"10.0.0.1\",\"method\":\"POST\","
                + "\"target\":\"/a?b=c\",\"protocol\":\"HTTP/1.0\",\"status\":201,\"bytes\":7,\"durationMicros\":2500,"
                + "\"referer\":\"https://r/\",\"userAgent\":\"a\\nb\",\"requestId\":\"id-1\",\"route\":\"save\","
                + "\"complete\":true}", LogFormat.JSON.format(record(null, 7, "a\nb")));
    }

    /**
     * A string value's closing quote is written by the constant after it, which differs when the value before
     * is absent or a number: every combination of absent string fields must still be the JSON Jackson writes.
     */
    @Test
    void writesJsonEqualToJacksonsForEveryCombinationOfAbsentStrings() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (int absent = 0; absent < 1 << 8; absent++) {
            String[] v = {"10.0.0.1", "ann", "https://r/", "ua/1", "id-1", "save", "trace-1", "/a?b=c"};
            for (int i = 0; i < v.length; i++) {
                v[i] = (absent & 1 << i) != 0 ? null : v[i];
            }
            AccessRecord r = new AccessRecord(v[0], v[1], TIME, "POST", v[7], "HTTP/1.0", 201, 7, 2_500_000, v[2], v[3],
                    v[4], v[5], (absent & 1) == 0, v[6]);
            java.util.Map<String, Object> expected = new java.util.LinkedHashMap<>();
            expected.put("time", "2026-01-02T03:04:05-07:00");
            expected.put("remoteAddr", r.remoteAddr());
            expected.put("remoteUser", r.remoteUser());
            expected.put("method", r.method());
            expected.put("target", r.target());
            expected.put("protocol", r.protocol());
            expected.put("status", r.status());
            expected.put("bytes", 7);
            expected.put("durationMicros", 2500);
            expected.put("referer", r.referer());
            expected.put("userAgent", r.userAgent());
            expected.put("requestId", r.requestId());
            expected.put("route", r.route());
            expected.put("complete", r.complete());
            expected.put("traceId", r.traceId());
            expected.values().removeIf(java.util.Objects::isNull);
            assertEquals(json.writeValueAsString(expected), LogFormat.JSON.format(r), "absent fields " + absent);
        }
    }

    /**
     * The request line's usual words, given as the literals the server's parser uses, are copied as constants:
     * the line must equal the one for an equal string built at run time (escaped as any other), in every format.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(textBlock = """
        GET,  HTTP/1.1
        POST, HTTP/1.0
        HEAD, HTTP/1.1
        PUT,  HTTP/2
        """)
    @SuppressWarnings("StringOperationCanBeSimplified") // new String: an equal string that is not the literal
    void writesKnownRequestWordsAsAnEqualStringBuiltAtRunTime(String method, String protocol) throws Exception {
        for (LogFormat format : LogFormat.values()) {
            String literal = format.format(new AccessRecord("10.0.0.1", null, TIME, method.intern(), "/a", protocol.intern(),
                    200, 7, 0, null, null, null, null, true));
            String built = format.format(new AccessRecord("10.0.0.1", null, TIME, new String(method), "/a",
                    new String(protocol), 200, 7, 0, null, null, null, null, true));
            assertEquals(built, literal, format.name());
            assertTrue(literal.contains(format == LogFormat.JSON ? "\"method\":\"" + method + "\"" : "\"" + method + " /a "
                    + protocol + "\""), literal);
        }
    }

    /** JSON lines were Jackson's; the hand-written writer must escape every character as Jackson did. */
    @Test
    void escapesJsonStringsExactlyAsJacksonDoes() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x100; c++) {
            all.append(c);
        }
        all.append("\u2028\u00e9\ud83d\ude00</script>");
        String agent = all.toString();
        String line = LogFormat.JSON.format(record(null, 7, agent));
        String expected = new ObjectMapper().writeValueAsString(agent);
        assertTrue(line.contains(",\"userAgent\":" + expected + ","), line);
        assertEquals(agent, new ObjectMapper().readTree(line).get("userAgent").asText());
    }

    /**
     * The JSON time is OffsetDateTime.toString() to the character, whatever the fraction and the second,
     * except that a zero second is printed: RFC 3339 (and strict parsers) require the seconds.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
        2026-01-02T03:04:00Z,                  +00:00
        2026-01-02T03:04:05Z,                  -07:00
        2026-01-02T03:04:00.000000001Z,        +05:30
        2026-01-02T03:04:05.120Z,              +00:00
        2026-01-02T03:04:05.000120Z,           +01:00
        2026-01-02T03:04:05.123456789Z,        -02:30
        1999-12-31T23:59:59.999999999Z,        +14:00
        """)
    void formatsJsonTimeAsRfc3339(String instant, String offset) {
        ZonedDateTime time = Instant.parse(instant).atZone(ZoneOffset.of(offset));
        AccessRecord r = new AccessRecord("10.0.0.1", null, time, "GET", "/", "HTTP/1.1", 200, 0, 0, null, null,
                null, null, true);
        String jdk = time.toOffsetDateTime().toString();
        String expected = time.getSecond() == 0 && time.getNano() == 0
                ? jdk.substring(0, 16) + ":00" + jdk.substring(16) : jdk; // yyyy-MM-ddTHH:mm, then the offset
        String line = LogFormat.JSON.format(r);
        assertTrue(line.startsWith("{\"time\":\"" + expected + "\","), line);
        assertTrue(expected.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)"), expected);
    }

    /** The cached second must not leak into a line for another zone or another second. */
    @Test
    void formatsEachZoneAndSecondFreshDespiteTheCache() {
        Instant t = Instant.parse("2026-03-29T00:59:59Z");
        for (ZoneId zone : List.of(ZoneId.of("Europe/London"), ZoneOffset.UTC, ZoneId.of("Asia/Kolkata"))) {
            for (Instant i : List.of(t, t.plusSeconds(1), t)) {
                ZonedDateTime time = i.atZone(zone);
                AccessRecord r = new AccessRecord("10.0.0.1", null, time, "GET", "/", "HTTP/1.1", 200, 0, 0, null,
                        null, null, null, true);
                String clf = java.time.format.DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z",
                        java.util.Locale.ENGLISH).format(time);
                assertTrue(LogFormat.COMMON.format(r).contains("[" + clf + "]"), LogFormat.COMMON.format(r));
            }
        }
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
