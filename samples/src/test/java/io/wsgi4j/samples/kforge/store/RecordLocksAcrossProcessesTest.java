// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes whose threads wait for each other's record locks: Linux's lock deadlock check counts
 * per process, so it sees a cycle that the threads do not have; {@link RecordLocks} must wait it out
 * instead of failing the write (KForge answered 500 to one write in a three-process cluster).
 */
class RecordLocksAcrossProcessesTest {
    private static final Path PROC_LOCKS = Path.of("/proc/locks");

    @TempDir
    Path dir;

    @Test
    @DisplayName("this process holds x and wants y, another holds y and wants x: both writes go through")
    void crossedWaitsAcrossProcessesAreNoDeadlock() throws Exception {
        assumeTrue(Files.isReadable(PROC_LOCKS), "needs Linux's /proc/locks to see the other process wait");
        RecordLocks locks = RecordLocks.of(dir);
        CountDownLatch holdingX = new CountDownLatch(1);
        CountDownLatch releaseX = new CountDownLatch(1);
        ExecutorService threads = Executors.newCachedThreadPool();
        Future<?> x = threads.submit(() -> locks.withRecord("x", () -> {
            holdingX.countDown();
            return awaitUninterruptibly(releaseX);
        }));
        assertTrue(holdingX.await(30, TimeUnit.SECONDS));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrossedLocksChild.class.getName(), dir.toString()).redirectErrorStream(true).start();
        List<String> said = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            readUntil(out, "wanting x", said);
            awaitBlockedLock(child.pid(), said);

            // the child holds y and waits for x (held here): asking for y closes the per-process cycle
            AtomicReference<Thread> wanting = new AtomicReference<>();
            Future<String> y = threads.submit(() -> {
                wanting.set(Thread.currentThread());
                return locks.withRecord("y", () -> "got y");
            });
            awaitWaitingOrDone(wanting, y);
            if (y.isDone()) {
                assertEquals("got y", y.get(), "y was free only after the child let it go");
            }

            releaseX.countDown();
            x.get(30, TimeUnit.SECONDS);
            readUntil(out, "got x", said);
            try (Writer in = child.outputWriter(StandardCharsets.UTF_8)) {
                in.write("release\n");
            }
            assertEquals("got y", y.get(30, TimeUnit.SECONDS));
            readUntil(out, "done", said);
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue());
        } finally {
            releaseX.countDown();
            child.destroyForcibly();
            threads.shutdownNow();
        }
    }

    private static Void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return null;
            } catch (InterruptedException e) {
                // keep the lock until the test says so
            }
        }
    }

    private static void readUntil(BufferedReader out, String line, List<String> said) throws IOException {
        for (String l; (l = out.readLine()) != null; ) {
            said.add(l);
            if (l.equals(line)) {
                return;
            }
        }
        throw new AssertionError("the child ended before saying \"" + line + "\": " + said);
    }

    /** Waits until /proc/locks lists a blocked POSIX lock request of the child process. */
    private static void awaitBlockedLock(long pid, List<String> said) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(PROC_LOCKS)) {
                if (line.contains("->") && line.contains(" " + pid + " ")) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the child never waited for x: " + said);
    }

    /** Waits until the thread asking for y parks between attempts, or its request ended. */
    private static void awaitWaitingOrDone(AtomicReference<Thread> wanting, Future<String> y)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Thread t = wanting.get();
            if (y.isDone() || (t != null && t.getState() == Thread.State.TIMED_WAITING)) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("asking for y neither waited nor ended");
    }
}
