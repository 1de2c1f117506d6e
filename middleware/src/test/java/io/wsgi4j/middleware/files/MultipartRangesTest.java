// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Body;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultipartRangesTest {
    @TempDir
    Path dir;

    private FileChannel open(String text) throws IOException {
        Path f = Files.writeString(dir.resolve("f.bin"), text);
        return FileChannel.open(f);
    }

    @Test
    void yieldsPartsWhoseLengthIsKnownBeforehand() throws IOException {
        FileChannel ch = open("0123456789");
        MultipartRanges body = new MultipartRanges(ch, List.of(new ByteRanges.Range(0, 1), new ByteRanges.Range(8, 9)),
                "XYZ", "text/plain", 10);
        String text = new String(Body.toBytes(body), StandardCharsets.ISO_8859_1);
        assertEquals("--XYZ\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/10\r\n\r\n01"
                + "\r\n--XYZ\r\nContent-Type: text/plain\r\nContent-Range: bytes 8-9/10\r\n\r\n89"
                + "\r\n--XYZ--\r\n", text);
        assertEquals(text.length(), body.length());
        assertFalse(ch.isOpen(), "toBytes closes the body, which closes the channel");
    }

    @Test
    void readsLargeRangesInBlocks() throws IOException {
        String big = "x".repeat(200_000);
        MultipartRanges body = new MultipartRanges(open(big), List.of(new ByteRanges.Range(0, 0),
                new ByteRanges.Range(10, 199_999)), "B", "application/octet-stream", big.length());
        int chunks = 0;
        long total = 0;
        for (byte[] c : body) {
            chunks++;
            total += c.length;
        }
        body.close();
        assertEquals(body.length(), total);
        assertTrue(chunks > 5, "a 190 KB range is read 64 KiB at a time, got " + chunks + " chunks");
    }

    @Test
    void failsWhenTheFileShrankUnderIt() throws IOException {
        FileChannel ch = open("0123456789");
        MultipartRanges body = new MultipartRanges(ch, List.of(new ByteRanges.Range(0, 1), new ByteRanges.Range(5, 20)),
                "B", "text/plain", 21);
        assertThrows(UncheckedIOException.class, () -> Body.toBytes(body));
        assertFalse(ch.isOpen());
    }
}
