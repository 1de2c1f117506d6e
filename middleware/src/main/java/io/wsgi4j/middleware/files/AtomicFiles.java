// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Set;

/**
 * Writes files so that a crash at any moment leaves either the old content or the new, never a mix.
 *
 * <p>The recipe: write a temporary file in the same directory (a rename is only atomic within one
 * file system), force it to disk, rename it over the target with {@code ATOMIC_MOVE}, then force
 * the directory so the rename itself survives a power cut. When {@link #write} returns, the data
 * is durable; that is the moment a request may be acknowledged (KForge stores its records this way;
 * {@link io.wsgi4j.middleware.session.FileSessionStore} its sessions). Temporary files start with
 * {@value #TEMP_PREFIX} so loaders skip them and {@link #deleteLeftovers} can clean up after a crash.
 * A replaced file keeps its POSIX permissions; a new one is readable and writable by its owner only.
 *
 * @since 0.2
 */
public final class AtomicFiles {
    /** Prefix of temporary files; no stored name may start with it. */
    public static final String TEMP_PREFIX = ".tmp-";

    private AtomicFiles() {}

    /**
     * Replaces a file's content atomically and durably.
     *
     * <p>{@code AtomicFiles.write(dir.resolve("alice.json"), bytes)}
     *
     * @param target the file to create or replace
     * @param data the new content
     * @throws IOException when the disk refuses; the target then still holds its old content, unless only
     *     the last step failed (forcing the directory to disk after the rename), when it holds the new
     *     content, which a power cut before the next sync may still undo
     * @since 0.2
     */
    public static void write(Path target, byte[] data) throws IOException {
        Objects.requireNonNull(data, "data");
        write(target, InputStream.nullInputStream(), data);
    }

    /**
     * Replaces a file's content atomically and durably with everything read from a stream.
     *
     * @param target the file to create or replace
     * @param in the new content, read to its end (not closed)
     * @return the number of bytes written
     * @throws IOException when reading or writing fails; the target then still holds its old content,
     *     unless only the last step (forcing the directory to disk) failed, as for {@link #write(Path, byte[])}
     * @since 0.2
     */
    public static long write(Path target, InputStream in) throws IOException {
        return write(target, in, null);
    }

    private static long write(Path target, InputStream in, byte[] data) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, TEMP_PREFIX, ".part");
        long written = 0;
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                if (data != null) {
                    ByteBuffer buf = ByteBuffer.wrap(data);
                    while (buf.hasRemaining()) {
                        written += ch.write(buf);
                    }
                } else {
                    byte[] chunk = new byte[64 * 1024];
                    for (int n; (n = in.read(chunk)) >= 0; ) {
                        ByteBuffer buf = ByteBuffer.wrap(chunk, 0, n);
                        while (buf.hasRemaining()) {
                            written += ch.write(buf);
                        }
                    }
                }
                ch.force(true);
            }
            keepPermissions(target, temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically; keep the data"
                        + " directory on a local file system", e);
            }
            forceDirectory(dir);
            return written;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Deletes the temporary files a crash left behind in a directory.
     *
     * @param dir the directory to clean
     * @return how many were deleted
     * @throws IOException when the directory cannot be listed
     * @since 0.2
     */
    public static int deleteLeftovers(Path dir) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
            for (Path f : files) {
                Files.deleteIfExists(f);
                n++;
            }
        }
        return n;
    }

    /**
     * A replaced file keeps its permissions (a file another process serves stays readable to it); a
     * new one keeps the temporary file's, readable and writable by its owner only.
     */
    private static void keepPermissions(Path target, Path temp) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        if (view == null) {
            return; // no POSIX permissions on this file system
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = view.readAttributes().permissions();
        } catch (NoSuchFileException e) {
            return; // a new file
        }
        Files.setPosixFilePermissions(temp, permissions);
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory for fsync; the rename is still atomic there
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }
}
