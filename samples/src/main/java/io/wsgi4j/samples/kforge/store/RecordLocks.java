// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.store;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Locks on the records of one directory that hold across threads and across processes, so several
 * KForge processes can share one data directory.
 *
 * <p>{@code RecordLocks.of(dir).withRecord("alice", () -> AtomicFiles.write(dir.resolve("alice.json"), json));}
 *
 * <p>How: a record's id falls into one of {@value #SLOTS} slots; the slot is one byte of the
 * directory's {@value #LOCK_FILE} file. A writer takes the slot's {@link ReentrantLock} (threads of
 * this JVM), then an exclusive {@link FileLock} on that byte (other processes: POSIX record locks on
 * Linux). Two ids in one slot just wait for each other. The in-JVM lock comes first because Java
 * refuses two overlapping file locks in one JVM instead of waiting. {@link #withEverything} takes
 * every slot, for work that must see no write in progress anywhere (removing a crash's temporary
 * files). There is one instance per directory per JVM, and its channel stays open for the JVM's
 * life: on Linux, closing any channel of the file would drop every lock this process holds on it.
 *
 * @since 0.2
 */
public final class RecordLocks {
    /** How many slots a directory's ids are spread over. */
    static final int SLOTS = 1024;
    /** The file in each directory whose bytes are the slots; its name is never a valid id. */
    public static final String LOCK_FILE = ".lock";

    private static final Map<Path, RecordLocks> OPEN = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantLock[] slots = new ReentrantLock[SLOTS];
    private FileChannel channel;

    private RecordLocks(Path file) {
        this.file = file;
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new ReentrantLock();
        }
    }

    /**
     * Returns the locks of a directory, the same instance for every caller in this JVM.
     *
     * @param dir an existing directory
     * @return its locks
     * @throws IOException when the directory does not exist or cannot be resolved
     * @since 0.2
     */
    public static RecordLocks of(Path dir) throws IOException {
        return OPEN.computeIfAbsent(dir.toRealPath(), d -> new RecordLocks(d.resolve(LOCK_FILE)));
    }

    /** Work done under a lock; it may write files. @param <R> its result @since 0.2 */
    @FunctionalInterface
    public interface Locked<R> {
        /** Does the work. @return its result @throws IOException when it fails @since 0.2 */
        R run() throws IOException;
    }

    /**
     * Runs work while no other thread or process holds the lock of the id's slot.
     *
     * @param id the record id
     * @param work what to do
     * @param <R> its result
     * @return what {@code work} returned
     * @throws IOException when the work or the lock file fails
     * @since 0.2
     */
    public <R> R withRecord(String id, Locked<R> work) throws IOException {
        int slot = Math.floorMod(id.hashCode(), SLOTS);
        slots[slot].lock();
        try (FileLock held = lock(slot, 1)) {
            return work.run();
        } finally {
            slots[slot].unlock();
        }
    }

    /**
     * Runs work while this thread holds every slot, so no write of this directory is in progress in
     * any process.
     *
     * @param work what to do
     * @param <R> its result
     * @return what {@code work} returned
     * @throws IOException when the work or the lock file fails
     * @since 0.2
     */
    public <R> R withEverything(Locked<R> work) throws IOException {
        int taken = 0;
        try {
            for (; taken < SLOTS; taken++) {
                slots[taken].lock(); // in ascending order; a writer holds one slot only, so no deadlock
            }
            try (FileLock held = lock(0, SLOTS)) {
                return work.run();
            }
        } finally {
            for (int i = taken - 1; i >= 0; i--) {
                slots[i].unlock();
            }
        }
    }

    private FileLock lock(int position, int size) throws IOException {
        FileChannel ch = channel();
        try {
            return ch.lock(position, size, false);
        } catch (ClosedChannelException e) {
            // an interrupt closed the channel (FileChannel is interruptible): open it again for the next writer
            synchronized (this) {
                channel = null;
            }
            throw e;
        } catch (FileLockInterruptionException e) {
            throw e;
        } catch (IOException e) {
            // Linux checks a waiting lock for deadlock per process, not per thread: when a thread here waits
            // for a slot another process holds while a thread there waits for a slot this process holds, the
            // kernel sees a cycle and refuses with EDEADLK ("Resource deadlock avoided"). It is no deadlock:
            // a writer waits while holding no file lock, so both holders finish. Wait without the check.
            return poll(ch, position, size, e);
        }
    }

    /** Takes the lock with non-blocking attempts (never refused as a deadlock), backing off up to 1 ms. */
    private static FileLock poll(FileChannel ch, int position, int size, IOException refused) throws IOException {
        long pauseNanos = 20_000;
        while (true) {
            FileLock lock;
            try {
                lock = ch.tryLock(position, size, false);
            } catch (IOException e) {
                e.addSuppressed(refused);
                throw e;
            }
            if (lock != null) {
                return lock;
            }
            LockSupport.parkNanos(pauseNanos);
            if (Thread.currentThread().isInterrupted()) {
                throw new FileLockInterruptionException(); // the interrupt stays set, as for a blocking lock
            }
            pauseNanos = Math.min(2 * pauseNanos, 1_000_000);
        }
    }

    private synchronized FileChannel channel() throws IOException {
        if (channel == null || !channel.isOpen()) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        return channel;
    }

    @Override
    public String toString() {
        return "RecordLocks[" + file + ", " + SLOTS + " slots]";
    }
}
