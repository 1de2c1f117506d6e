// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesContentAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("a.json");
        AtomicFiles.write(target, bytes("old"));
        AtomicFiles.write(target, bytes("new"));

        assertEquals("new", Files.readString(target));
        assertEquals(1, count());
    }

    @Test
    void copiesAStreamAndCountsItsBytes() throws IOException {
        Path target = dir.resolve("upload.bin");

        long n = AtomicFiles.write(target, new ByteArrayInputStream(new byte[100_000]));

        assertEquals(100_000, n);
        assertArrayEquals(new byte[100_000], Files.readAllBytes(target));
    }

    @Test
    void keepsTheOldContentWhenTheNewContentFailsHalfWay() throws IOException {
        Path target = dir.resolve("a.json");
        AtomicFiles.write(target, bytes("old"));
        InputStream broken = new InputStream() {
            private int left = 10;

            @Override
            public int read() throws IOException {
                // fails on every read once the budget is spent: InputStream.read(byte[]) swallows a
                // failure after the first byte of a call, so failing only once would never end the stream
                if (left == 0) {
                    throw new IOException("client went away");
                }
                left--;
                return 'x';
            }
        };

        assertThrows(IOException.class, () -> AtomicFiles.write(target, broken));

        assertEquals("old", Files.readString(target));
        assertEquals(1, count());
    }

    @Test
    void deletesLeftoversOfACrashOnly() throws IOException {
        Files.writeString(dir.resolve(AtomicFiles.TEMP_PREFIX + "123.part"), "half");
        Files.writeString(dir.resolve("keep.json"), "{}");

        assertEquals(1, AtomicFiles.deleteLeftovers(dir));

        assertFalse(Files.exists(dir.resolve(AtomicFiles.TEMP_PREFIX + "123.part")));
        assertEquals(1, count());
    }

    private long count() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aReplacedFileKeepsItsPermissionsAndANewOneIsTheOwnersOnly() throws IOException {
        Path served = dir.resolve("site.css");
        Files.writeString(served, "old");
        Set<PosixFilePermission> readable =
                PosixFilePermissions.fromString("rw-r--r--");
        assumeTrue(
                Files.getFileAttributeView(served, PosixFileAttributeView.class) != null,
                "no POSIX permissions on this file system");
        Files.setPosixFilePermissions(served, readable);
        AtomicFiles.write(served, "new".getBytes(StandardCharsets.UTF_8));
        assertEquals("new", Files.readString(served));
        assertEquals(readable, Files.getPosixFilePermissions(served), "a web server reading the file can still read it");

        Path fresh = dir.resolve("fresh.json");
        AtomicFiles.write(fresh, "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(fresh));
    }
}
