// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadTest {
    @TempDir
    Path tmp;

    private static final byte[] DATA = "hello".getBytes(StandardCharsets.UTF_8);

    @Test
    void anInMemoryUploadCopiesToAFile() throws IOException {
        Upload u = new Upload("f", "a.txt", "text/plain", DATA.length, DATA, null);
        Path target = tmp.resolve("out.txt");
        u.transferTo(target);
        assertArrayEquals(DATA, Files.readAllBytes(target));
        assertThrows(FileAlreadyExistsException.class, () -> u.transferTo(target));
        u.transferTo(target, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aSpooledUploadReadsFromItsFile() throws IOException {
        Path file = Files.write(tmp.resolve("spool"), DATA);
        Upload u = new Upload("f", "a.txt", "text/plain", DATA.length, null, file);
        assertEquals("hello", u.text());
        Path target = tmp.resolve("copy");
        u.transferTo(target);
        assertArrayEquals(DATA, Files.readAllBytes(target));
    }

    @Test
    void readingAfterTheFileWasDeletedSaysWhy() throws IOException {
        Path file = Files.write(tmp.resolve("spool"), DATA);
        Upload u = new Upload("f", "a.txt", "text/plain", DATA.length, null, file);
        Files.delete(file);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, u::open);
        assertEquals("cannot read upload f (was the request already over?)", e.getMessage());
    }

    @Test
    void toStringQuotesTheClientFilename() {
        Upload u = new Upload("f", "evil\r\n.txt", "text/plain", 0, new byte[0], null);
        assertEquals("Upload[f, \"evil\\r\\n.txt\", text/plain, 0 bytes]", u.toString());
    }
}
