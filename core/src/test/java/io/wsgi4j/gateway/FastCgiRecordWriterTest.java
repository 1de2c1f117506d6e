// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FastCgiRecordWriterTest {
    private static FastCgiRecordReader readerOf(FastCgiRecordWriter w) {
        return new FastCgiRecordReader(new ByteArrayInputStream(Arrays.copyOf(w.buffer(), w.length())));
    }

    @Nested
    class Records {
        @ParameterizedTest
        @CsvSource({
            // content, padding: every record ends on an 8-byte boundary
            "0,     0",
            "1,     7",
            "7,     1",
            "8,     0",
            "13,    3",
            "65528, 0",
            "65535, 1",
        })
        void padsContentToAMultipleOfEight(int content, int padding) {
            FastCgiRecordWriter w = new FastCgiRecordWriter();
            w.record(FastCgiRecord.STDOUT, 1, new byte[content], 0, content);
            assertEquals(8 + content + padding, w.length());
            assertEquals(padding, w.buffer()[6] & 0xff);
        }

        @Test
        void writesTheHeaderFieldsBigEndian() {
            FastCgiRecordWriter w = new FastCgiRecordWriter();
            w.record(FastCgiRecord.STDERR, 0x1234, new byte[300], 0, 300);
            byte[] b = w.buffer();
            assertArrayEquals(new byte[] {1, 7, 0x12, 0x34, 0x01, 0x2c, 4, 0}, Arrays.copyOf(b, 8));
        }

        @Test
        void roundTripsThroughTheReader() throws IOException {
            FastCgiRecordWriter w = new FastCgiRecordWriter();
            w.record(FastCgiRecord.STDOUT, 7, "hello".getBytes(), 0, 5);
            FastCgiRecord r = readerOf(w).read();
            assertEquals(FastCgiRecord.STDOUT, r.type());
            assertEquals(7, r.requestId());
            assertEquals("hello", new String(r.content()));
        }

        @Test
        void rejectsContentOver65535Bytes() {
            FastCgiRecordWriter w = new FastCgiRecordWriter();
            assertThrows(IllegalArgumentException.class, () -> w.record(6, 1, new byte[65536], 0, 65536));
        }
    }

    @Nested
    class OpenRecords {
        @ParameterizedTest
        @CsvSource({"0", "1", "7", "8", "13", "65528", "65535"})
        void aRecordFilledInPlaceHasTheBytesOfOneWrittenWhole(int content) {
            byte[] data = new byte[content];
            new java.util.Random(content).nextBytes(data);
            FastCgiRecordWriter whole = new FastCgiRecordWriter();
            whole.record(FastCgiRecord.STDOUT, 0x0102, data, 0, content);
            FastCgiRecordWriter inPlace = new FastCgiRecordWriter();
            inPlace.open(FastCgiRecord.STDOUT, 0x0102);
            for (int at = 0; at < content; at += 1000) { // in several appends, as a response is written
                inPlace.append(data, at, Math.min(1000, content - at));
            }
            assertEquals(content, inPlace.openLength());
            inPlace.seal();
            assertArrayEquals(Arrays.copyOf(whole.buffer(), whole.length()), Arrays.copyOf(inPlace.buffer(), inPlace.length()));
        }

        @Test
        void aWholeRecordAfterAnOpenOneSealsItFirst() throws IOException {
            FastCgiRecordWriter w = new FastCgiRecordWriter();
            w.open(FastCgiRecord.STDOUT, 5);
            w.append("body".getBytes(), 0, 4);
            w.endRequest(5, 0, FastCgiRecord.REQUEST_COMPLETE);
            FastCgiRecordReader reader = readerOf(w);
            FastCgiRecord stdout = reader.read();
            assertEquals(FastCgiRecord.STDOUT, stdout.type());
            assertEquals("body", new String(stdout.content()));
            assertEquals(FastCgiRecord.END_REQUEST, reader.read().type());
            assertEquals(null, reader.read());
        }

        @Test
        void refusesAppendingWithoutAnOpenRecordOrPast65535Bytes() {
            FastCgiRecordWriter w = new FastCgiRecordWriter();
            IllegalStateException none = assertThrows(IllegalStateException.class, () -> w.append(new byte[1], 0, 1));
            assertEquals("no FastCGI record is open; open() one first", none.getMessage());
            w.open(FastCgiRecord.STDOUT, 1);
            w.append(new byte[65535], 0, 65535);
            assertThrows(IllegalArgumentException.class, () -> w.append(new byte[1], 0, 1));
            assertThrows(IllegalStateException.class, () -> w.open(FastCgiRecord.STDOUT, 1));
        }

        @Test
        void clearForgetsAnOpenRecord() throws IOException {
            FastCgiRecordWriter w = new FastCgiRecordWriter();
            w.open(FastCgiRecord.STDOUT, 1);
            w.append(new byte[10], 0, 10);
            w.clear();
            assertEquals(false, w.isOpen());
            w.record(FastCgiRecord.STDOUT, 2, "x".getBytes(), 0, 1);
            FastCgiRecord r = readerOf(w).read();
            assertEquals(2, r.requestId());
            assertEquals("x", new String(r.content()));
        }
    }

    @Nested
    class Streams {
        @Test
        void splitsLongStreamsIntoRecordsOfAtMost65528Bytes() throws IOException {
            FastCgiRecordWriter w = new FastCgiRecordWriter();
            byte[] data = new byte[200_000];
            new java.util.Random(1).nextBytes(data);
            w.stream(FastCgiRecord.STDOUT, 3, data, 0, data.length);
            FastCgiRecordReader reader = readerOf(w);
            java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
            FastCgiRecord r;
            int records = 0;
            while ((r = reader.read()) != null) {
                records++;
                assertEquals(true, r.content().length <= 65528, "record of " + r.content().length + " bytes");
                joined.write(r.content());
            }
            assertEquals(4, records);
            assertArrayEquals(data, joined.toByteArray());
        }
    }

    @Nested
    class ManagementBodies {
        @Test
        void endRequestCarriesAppStatusAndProtocolStatus() throws IOException {
            FastCgiRecordWriter w = new FastCgiRecordWriter();
            w.endRequest(9, 0x01020304, FastCgiRecord.UNKNOWN_ROLE);
            FastCgiRecord r = readerOf(w).read();
            assertEquals(FastCgiRecord.END_REQUEST, r.type());
            assertArrayEquals(new byte[] {1, 2, 3, 4, 3, 0, 0, 0}, r.content());
        }

        @Test
        void unknownTypeNamesTheTypeOnTheNullRequestId() throws IOException {
            FastCgiRecordWriter w = new FastCgiRecordWriter();
            w.unknownType(42);
            FastCgiRecord r = readerOf(w).read();
            assertEquals(FastCgiRecord.UNKNOWN_TYPE, r.type());
            assertEquals(0, r.requestId());
            assertEquals(42, r.content()[0]);
        }
    }
}
