// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Chunked request bodies decoded from bytes in memory. */
class ChunkedInputTest {
    SocketInput src;

    ChunkedInput input(String raw, long maxBody) {
        src = new SocketInput(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), null, 4096);
        return new ChunkedInput(src, maxBody, 64, 4096, null);
    }

    @Test
    void decodesChunksAndStopsAfterTheTrailers() throws IOException {
        ChunkedInput in = input("3\r\nabc\r\nA;ext=\"v\"\r\n0123456789\r\n0\r\nT: 1\r\n\r\nNEXT", 100);
        assertEquals("abc0123456789", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        assertTrue(in.finished());
        assertEquals(-1, in.read());
        byte[] rest = new byte[4];
        assertEquals(4, src.read(rest, 0, 4));
        assertArrayEquals("NEXT".getBytes(), rest);
    }

    /** A source whose buffer may grow to 64 KiB, so a long line can sit in it whole. */
    ChunkedInput roomyInput(String raw) {
        src = new SocketInput(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), null, 64 * 1024);
        return new ChunkedInput(src, 1 << 20, 64, 64 * 1024, null);
    }

    @Test
    void refusesAChunkSizeLineOver4KiBEvenWhenTheWholeLineIsBuffered() {
        ChunkedInput in = roomyInput("1;" + "x".repeat(5000) + "\r\na\r\n0\r\n\r\n");
        HttpException e = assertThrows(HttpException.class, in::readAllBytes);
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("longer than 4096 bytes"), e.getMessage());
    }

    @Test
    void acceptsAChunkSizeLineOfExactly4KiB() throws IOException {
        String line = "1;" + "x".repeat(4096 - 3) + "\r"; // 4096 bytes before the LF
        assertEquals("a", new String(roomyInput(line + "\na\r\n0\r\n\r\n").readAllBytes(), StandardCharsets.US_ASCII));
    }

    @Test
    void capsTheChunkExtensionsOfOneBodyAt16KiB() throws IOException {
        String chunk = "1;" + "x".repeat(1023) + "\r\na\r\n"; // 1,024 extension bytes each
        assertEquals(16, new String(roomyInput(chunk.repeat(16) + "0\r\n\r\n").readAllBytes(),
                StandardCharsets.US_ASCII).length(), "16 KiB of extensions are accepted");
        HttpException e = assertThrows(HttpException.class, roomyInput(chunk.repeat(17) + "0\r\n\r\n")::readAllBytes);
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("exceed " + ChunkedInput.MAX_EXTENSION_BYTES + " bytes"), e.getMessage());
    }

    @Test
    void acceptsLeadingZerosInAChunkSizeRfc9112Section7_1() throws IOException {
        // chunk-size = 1*HEXDIG: leading zeros add no value, so only the significant digits count towards the cap
        ChunkedInput in = input("0000000000000000003\r\nabc\r\n00000000000000000000\r\n\r\n", 100);
        assertEquals("abc", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        assertTrue(in.finished());
    }

    @Test
    void countsZerosPaddingChunkSizesPast16DigitsAgainstTheSameCapAsExtensions() throws IOException {
        // leading zeros are valid, but like extensions they carry no body: without the cap a client could send
        // 4 KiB of zeros per body byte (64 GiB of lines for a 16 MiB body, 256 MiB for a 64 KiB drain)
        String padded = "0".repeat(4000) + "1\r\na\r\n"; // 3,985 padding bytes past the 16 digits any size needs
        assertEquals(4, new String(roomyInput(padded.repeat(4) + "0\r\n\r\n").readAllBytes(),
                StandardCharsets.US_ASCII).length(), "15,940 bytes of padding are accepted");
        HttpException e = assertThrows(HttpException.class, roomyInput(padded.repeat(5) + "0\r\n\r\n")::readAllBytes);
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("exceed " + ChunkedInput.MAX_EXTENSION_BYTES + " bytes"), e.getMessage());
        String fixedWidth = "0000000000000400\r\n" + "a".repeat(1024) + "\r\n"; // 16 digits: free, however many chunks
        assertEquals(40 * 1024, roomyInput(fixedWidth.repeat(40) + "0\r\n\r\n").readAllBytes().length);
    }

    @Test
    void readsByteByByte() throws IOException {
        ChunkedInput in = input("2\r\nab\r\n0\r\n\r\n", 100);
        assertEquals('a', in.read());
        assertEquals('b', in.read());
        assertEquals(-1, in.read());
    }

    @Test
    void refusesABodyOverTheLimitWith413() {
        ChunkedInput in = input("5\r\nabcde\r\n5\r\nfghij\r\n0\r\n\r\n", 8);
        assertEquals(413, assertThrows(HttpException.class, in::readAllBytes).status());
        assertTrue(in.failed());
    }

    @Test
    void failsWhenTheStreamEndsInsideAChunk() {
        ChunkedInput in = input("5\r\nab", 100);
        assertThrows(EOFException.class, in::readAllBytes);
        assertFalse(in.finished());
    }

    @Test
    void refusesReadsAfterAFailure() throws IOException {
        ChunkedInput in = input("zz\r\n", 100);
        assertThrows(HttpException.class, in::read);
        assertThrows(IOException.class, in::read);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            zz~abc~0~~                    | non-hex size
            ~abc~0~~                      | empty size line
            3 ~abc~0~~                    | space without an extension
            3~abcd~0~~                    | data longer than its size
            3~abc0~~                      | no CRLF after the data
            1234567890123456~x~0~~        | size with too many digits
            3;a\u0001b~abc~0~~            | control character in an extension
            0~Bad Trailer~~               | trailer without a colon
            0~ folded: x~~                | trailer starting with whitespace
            0~X : ab~~                    | whitespace between trailer name and colon
            0~X T: 1~~                    | space inside a trailer name
            0~X(A): 1~~                   | a delimiter in a trailer name
            0~é: 1~~                      | a non-token byte in a trailer name
            """)
    void refusesMalformedFramingWith400(String raw, String why) {
        InputStream in = input(raw.strip().replace("~", "\r\n"), 1L << 40);
        assertEquals(400, assertThrows(HttpException.class, in::readAllBytes).status(), why);
    }

    @Test
    void refusesABareLfInTheFraming() {
        InputStream in = input("3\nabc\r\n0\r\n\r\n", 100);
        assertEquals(400, assertThrows(HttpException.class, in::readAllBytes).status());
    }

    @Test
    void refusesTrailersOverTheLimitWith431() {
        InputStream in = input("0\r\nT: " + "x".repeat(100) + "\r\n\r\n", 100);
        assertEquals(431, assertThrows(HttpException.class, in::readAllBytes).status());
    }
}
