// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.handler.EnvironBuilder;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte buffer the access log formats into: its fast path must write what the character path wrote. */
class LogLineTest {

    /** {@code s} through the line's escaping, read back as text. */
    private static String escaped(String s, boolean json) {
        return new LogLine(4).appendEscaped(s, json).toString();
    }

    /**
     * {@code s} through the character escapers the line falls back to (the 0.1 path), as UTF-8 carries it
     * (the one difference: a lone surrogate, which UTF-8 cannot encode, is {@code ?} in every sink).
     */
    private static String reference(String s, boolean json) {
        StringBuilder b = new StringBuilder();
        if (json) {
            JsonText.appendEscaped(b, s);
        } else {
            io.wsgi4j.LogEscape.append(b, s, true);
        }
        return new String(b.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    @Nested
    class Escaping {
        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"", "plain/ascii 1.0", "say \"hi\"", "back\\slash", "tab\there", "del\u007fete",
            "caf\u00e9", "\u00e9 first", "snow \u2603 man", "emoji \ud83d\ude00!", "lone \ud83d surrogate",
            "mixed \"\u00e9\"\r\n\u0001",
            // characters past U+00FF whose low byte is plain ASCII ('A', 'a', ' '): the bulk copy's bytes must not pass
            "\u0141\u00f3d\u017a", "x\u4e41y", "\u0161", "end \u0120"})
        void escapesEveryStringAsTheCharacterEscapersDo(String s) {
            assertEquals(reference(s, false), escaped(s, false), "text format");
            assertEquals(reference(s, true), escaped(s, true), "JSON");
        }

        @Test
        void escapesEveryCharacterBelow0x100AsTheCharacterEscapersDo() {
            for (char c = 0; c < 0x100; c++) {
                String s = "a" + c + "b";
                assertEquals(reference(s, false), escaped(s, false), "text, char " + (int) c);
                assertEquals(reference(s, true), escaped(s, true), "JSON, char " + (int) c);
            }
        }

        @Test
        void copiesARawFieldUnescapedButEncoded() {
            assertEquals("1.2.3.4 \"x\" \u00e9", new LogLine(4).append("1.2.3.4 \"x\" \u00e9").toString());
        }
    }

    @Nested
    class Numbers {
        @ParameterizedTest(name = "{0}")
        @ValueSource(longs = {0, 7, 9, 10, 99, 100, 999_999_999, 1_000_000_000, 1234567890, Integer.MAX_VALUE,
            Integer.MAX_VALUE + 1L, Long.MAX_VALUE, -1, Long.MIN_VALUE})
        void writesDecimalDigitsAsLongToStringDoes(long n) {
            assertEquals(Long.toString(n), new LogLine(1).appendDecimal(n).toString());
        }

        /** Two digits per step from the right: odd and even widths, zero padding, the nine of a nanosecond. */
        @ParameterizedTest(name = "{0} in {1} digits")
        @CsvSource(textBlock = """
            0,         1, 0
            7,         1, 7
            7,         3, 007
            42,        2, 42
            42,        5, 00042
            100,       3, 100
            999,       3, 999
            1,         9, 000000001
            120000000, 9, 120000000
            123456789, 9, 123456789
            999999999, 9, 999999999
            """)
        void writesExactlyTheWidthZeroPadded(int value, int width, String expected) {
            assertEquals("x" + expected + "y", new LogLine(1).append('x').appendDigits(value, width).append('y').toString());
        }

        /** The table of three digits (statuses, the groups of a time fraction): every entry, and its padding overwritten. */
        @Test
        void writesEveryTripleAsThreeZeroPaddedDigits() {
            for (int v = 0; v < 1000; v++) {
                String expected = String.format("x%03dy", v);
                assertEquals(expected, new LogLine(1).append('x').appendTriple(v).append('y').toString());
                assertEquals(expected.length(), new LogLine(1).append('x').appendTriple(v).append('y').length());
            }
        }
    }

    @Nested
    class AsCharacters {
        @Test
        void readsAnAsciiLineCharacterByCharacter() {
            LogLine line = new LogLine(2).append("GET /").append(' ').appendDecimal(200);
            assertTrue(line.isAscii());
            assertEquals(9, line.length());
            assertEquals('/', line.charAt(4));
            assertEquals("/ 2", line.subSequence(4, 7).toString());
            assertThrows(IndexOutOfBoundsException.class, () -> line.charAt(9));
        }

        @Test
        void readsANonAsciiLineAsItsDecodedText() {
            LogLine line = new LogLine(2).appendEscaped("caf\u00e9 \ud83d\ude00", true);
            assertFalse(line.isAscii());
            assertEquals("caf\u00e9 \ud83d\ude00", line.toString());
            assertEquals(7, line.length()); // UTF-16 units, not the 10 bytes it holds
            assertEquals('\u00e9', line.charAt(3));
        }

        @Test
        void readsTextAppendedAfterTheLineWasFirstRead() {
            LogLine line = new LogLine(2).appendEscaped("\u00e9", false);
            assertEquals("\u00e9", line.toString());
            line.append(" ok");
            assertEquals("\u00e9 ok", line.toString());
            assertEquals(4, line.length());
        }

        @Test
        void startsEmptyAfterClear() {
            LogLine line = new LogLine(2).appendEscaped("\u00e9", false);
            line.clear();
            line.append("ok");
            assertTrue(line.isAscii());
            assertEquals("ok", line.toString());
        }
    }

    /** The same line through the stream sink (its bytes) and the writer sink (its characters). */
    @Nested
    class ThroughTheSinks {
        private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T00:58:24.5Z"), ZoneOffset.UTC);
        private static final String AGENT = "Agent \"quoted\" back\\slash \u0001 caf\u00e9 \ud83d\ude00";

        private String viaStream(LogFormat format) throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            request(LogSink.of(out), format);
            return out.toString(StandardCharsets.UTF_8);
        }

        private String viaWriter(LogFormat format) throws Exception {
            StringWriter out = new StringWriter();
            request(LogSink.of(out), format);
            return out.toString();
        }

        private static void request(LogSink sink, LogFormat format) throws Exception {
            var app = AccessLog.builder(sink).format(format).clock(CLOCK).build().wrap((environ, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return Body.of("hello");
            });
            var environ = new EnvironBuilder().method("GET").target("/a\"b").remote("10.0.0.1", 5000).header("User-Agent", AGENT)
                    .header("Referer", "https://r.example/").build();
            Iterable<byte[]> body = app.call(environ, (status, headers, exc) -> data -> { });
            try {
                body.forEach(chunk -> { });
            } finally {
                Body.close(body);
            }
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"COMMON", "COMBINED", "EXTENDED", "JSON"})
        void writesTheSameTextToAStreamAndAWriter(LogFormat format) throws Exception {
            String stream = viaStream(format);
            assertEquals(withoutDuration(viaWriter(format)), withoutDuration(stream));
            assertTrue(stream.endsWith("\n") && stream.indexOf('\n') == stream.length() - 1, stream);
        }

        /** The two requests take different times: EXTENDED and JSON lines differ only there. */
        private static String withoutDuration(String line) {
            return line.replaceFirst("\"durationMicros\":\\d+", "").replaceFirst("\" \\d+ (\"[^\"]*\"\n)$", "\" $1");
        }

        @Test
        void writesAJsonLineThatParsesBackToTheRequestsText() throws Exception {
            var json = new ObjectMapper().readTree(viaStream(LogFormat.JSON));
            assertEquals(AGENT, json.get("userAgent").asText());
            assertEquals("https://r.example/", json.get("referer").asText());
            assertEquals("2026-11-21T00:58:24.500Z", json.get("time").asText());
            assertEquals(200, json.get("status").asInt());
            assertEquals(5, json.get("bytes").asInt());
        }

        @Test
        void escapesTheCombinedLineAsApacheDoes() throws Exception {
            assertEquals("10.0.0.1 - - [21/Nov/2026:00:58:24 +0000] \"GET /a\\\"b HTTP/1.1\" 200 5 \"https://r.example/\""
                    + " \"Agent \\\"quoted\\\" back\\\\slash \\x01 caf\u00e9 \ud83d\ude00\"\n",
                    viaStream(LogFormat.COMBINED));
        }

        @Test
        void writesTheLinesBytesAsUtf8() throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            request(LogSink.of(out), LogFormat.COMBINED);
            assertArrayEquals(out.toString(StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), out.toByteArray());
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("caf\u00e9"));
        }
    }
}
