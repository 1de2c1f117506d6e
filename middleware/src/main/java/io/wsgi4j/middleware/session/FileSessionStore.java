// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import com.google.common.hash.Hashing;
import com.google.common.util.concurrent.Striped;
import io.wsgi4j.middleware.files.AtomicFiles;
import io.wsgi4j.middleware.internal.BuilderCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;

/**
 * Keeps sessions as files in a directory, one per session, written atomically ({@link AtomicFiles}):
 * sessions survive a restart or a crash, and logging out deletes the file, so no copy of the cookie
 * finds it again.
 *
 * <pre>{@code
 * Sessions.builder(FileSessionStore.open(dataDir.resolve("sessions"), Duration.ofDays(14))).build()
 * }</pre>
 *
 * <p>A file is named by the SHA-256 of its session id, so a leaked listing or backup of the directory
 * holds no usable cookie. Files not written for {@code retention} are deleted when the store opens and
 * then after every 1,024 writes. One process, or several on one machine sharing the directory.
 *
 * @since 0.2
 */
public final class FileSessionStore implements SessionStore {
    private static final int PURGE_EVERY = 1024;

    private final Path dir;
    private final Duration retention;
    private final Clock clock;
    private final Striped<Lock> locks = Striped.lock(64);
    private final AtomicInteger writes = new AtomicInteger();

    private FileSessionStore(Path dir, Duration retention, Clock clock) {
        this.dir = dir;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * Opens (creating it if needed) the store in {@code dir}, removing files a crash left half-written
     * and sessions older than {@code retention}.
     *
     * @throws IOException if the directory cannot be created or read
     * @throws IllegalArgumentException if retention is under one second
     * @since 0.2
     */
    public static FileSessionStore open(Path dir, Duration retention) throws IOException {
        return open(dir, retention, Clock.systemUTC());
    }

    static FileSessionStore open(Path dir, Duration retention, Clock clock) throws IOException {
        if (retention.getSeconds() < 1) {
            throw new IllegalArgumentException("session retention must be at least one second, got " + retention);
        }
        Files.createDirectories(dir);
        AtomicFiles.deleteLeftovers(dir);
        FileSessionStore store = new FileSessionStore(dir.toAbsolutePath(), retention, clock);
        store.purge();
        return store;
    }

    /** @since 0.2 */
    @Override
    public byte[] read(String key) throws IOException {
        if (!SessionIds.isWellFormed(key)) {
            return null;
        }
        try {
            return Files.readAllBytes(file(key));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** @since 0.2 */
    @Override
    public String write(String key, byte[] data) throws IOException {
        if (key != null && update(key, data) != null) {
            return key;
        }
        countWrite();
        String id = SessionIds.next();
        AtomicFiles.write(file(id), data);
        return id;
    }

    /** @since 0.2 */
    @Override
    public String update(String key, byte[] data) throws IOException {
        if (!SessionIds.isWellFormed(key)) {
            return null;
        }
        countWrite();
        Lock lock = locks.get(key);
        lock.lock();
        try {
            if (!Files.exists(file(key))) { // under the lock, so a delete cannot slip in between
                return null;
            }
            AtomicFiles.write(file(key), data);
            return key;
        } finally {
            lock.unlock();
        }
    }

    /** Every 1,024th write (PURGE_EVERY) purges old files first. */
    private void countWrite() throws IOException {
        if (writes.incrementAndGet() % PURGE_EVERY == 0) {
            purge();
        }
    }

    /** @since 0.2 */
    @Override
    public void delete(String key) throws IOException {
        if (!SessionIds.isWellFormed(key)) {
            return;
        }
        Lock lock = locks.get(key);
        lock.lock();
        try {
            Files.deleteIfExists(file(key));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes the sessions not written for longer than the retention.
     *
     * @return how many were deleted
     * @throws IOException if the directory cannot be listed
     * @since 0.2
     */
    public int purge() throws IOException {
        long oldest = clock.millis() - retention.toMillis();
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.session")) {
            for (Path f : files) {
                try {
                    if (Files.getLastModifiedTime(f).toMillis() < oldest && Files.deleteIfExists(f)) {
                        n++;
                    }
                } catch (NoSuchFileException e) {
                    // deleted by a logout meanwhile
                }
            }
        }
        return n;
    }

    private Path file(String key) {
        return dir.resolve(Hashing.sha256().hashString(key, StandardCharsets.US_ASCII) + ".session");
    }

    /** The factory call that made it. @since 0.2 */
    @Override
    public String toString() {
        return "FileSessionStore.open(" + BuilderCode.literal(dir) + ", " + BuilderCode.literal(retention) + ")";
    }
}
