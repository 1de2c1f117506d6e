// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wsgi4j.middleware.files.ByteRanges.Range;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangesTest {

    private static String show(List<Range> ranges) {
        StringBuilder b = new StringBuilder();
        for (Range r : ranges) {
            b.append(b.length() == 0 ? "" : " ").append(r.first()).append('-').append(r.last());
        }
        return b.toString();
    }

    @Nested
    class Satisfiable {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
            "bytes=0-99                 | 0-99",
            "bytes=0-                   | 0-999",
            "bytes=-100                 | 900-999",
            "bytes=-5000                | 0-999",
            "bytes=990-5000             | 990-999",
            "BYTES=1-2                  | 1-2",
            "bytes= 1-2 ,  5-6          | 1-2 5-6",
            "bytes=1-2,,5-6             | 1-2 5-6",
            "bytes=500-600,0-10         | 500-600 0-10",
            "bytes=500-600,0-10,5-20    | 500-600 0-20",
            "bytes=500-600,5-20,0-10    | 500-600 0-20",
            "bytes=9-9,4-5,0-1,7-8      | 7-9 4-5 0-1",
            "bytes=9-9,5-6,0-1,7-8      | 5-9 0-1",
            "bytes=0-10,5-20            | 0-20",
            "bytes=0-10,11-20           | 0-20",
            "bytes=0-10,12-20           | 0-10 12-20",
            "bytes=0-0,0-0,0-0          | 0-0",
            "bytes=2000-3000,5-6        | 5-6",
            "bytes=0-99999999999999999999 | 0-999",
        })
        void parsesAndCoalescesKeepingTheOrderAskedFor(String header, String expected) {
            assertEquals(expected, show(ByteRanges.parse(header, 1000, 16)));
        }

        @Test
        void knowsItsLengthAndContentRange() {
            Range r = ByteRanges.parse("bytes=10-19", 1000, 1).get(0);
            assertEquals(10, r.length());
            assertEquals("bytes 10-19/1000", r.contentRange(1000));
        }
    }

    @Nested
    class Unsatisfiable {
        @ParameterizedTest
        @ValueSource(strings = {"bytes=1000-", "bytes=5000-6000", "bytes=-0", "bytes=99999999999999999999999-"})
        void returnsUnsatisfiable(String header) {
            assertSame(ByteRanges.UNSATISFIABLE, ByteRanges.parse(header, 1000, 16));
        }

        @Test
        void aRangeFromAPositionOfAnEmptyFileIsUnsatisfiable() {
            assertSame(ByteRanges.UNSATISFIABLE, ByteRanges.parse("bytes=0-", 0, 16));
            assertSame(ByteRanges.UNSATISFIABLE, ByteRanges.parse("bytes=-0", 0, 16));
        }
    }

    @Nested
    class Ignored {
        @ParameterizedTest
        @ValueSource(strings = {"", "bytes=", "bytes=,", "items=0-1", "bytes 0-1", "bytes=5-1", "bytes=-", "bytes=a-b",
            "bytes=1-2-3", "bytes=0x10-20", "bytes=+1-2", "bytes=1", "bytes=0 - 5"})
        void ignoresMalformedHeaders(String header) {
            assertNull(ByteRanges.parse(header, 1000, 16));
        }

        @Test
        void ignoresASuffixRangeOfAnEmptyFileWhichIsSatisfiableButHasNoPartToSend() {
            // RFC 9110 section 14.1.1: a non-zero suffix-length is satisfiable even at length 0
            assertNull(ByteRanges.parse("bytes=-10", 0, 16));
            assertNull(ByteRanges.parse("bytes=0-,-1", 0, 16));
        }

        @Test
        void ignoresAbsentHeader() {
            assertNull(ByteRanges.parse(null, 1000, 16));
        }

        @Test
        void ignoresMoreRangesThanTheLimitEvenWhenTheyWouldCoalesce() {
            assertNull(ByteRanges.parse("bytes=0-0,0-0,0-0", 1000, 2));
        }

        @Test
        void stopsParsingAFloodAtTheLimit() {
            String flood = "bytes=" + "1-1,".repeat(100_000);
            assertNull(ByteRanges.parse(flood, 1000, 16));
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> ByteRanges.parse("bytes=0-1", -1, 16));
        assertThrows(IllegalArgumentException.class, () -> ByteRanges.parse("bytes=0-1", 10, 0));
    }
}
