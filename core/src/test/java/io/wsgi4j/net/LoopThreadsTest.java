// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The loop threads of a reactor, driven with loops of the test's own: a loop that returns true
 * handed the selector over (its thread may wait as a spare), false means the reactor stopped.
 */
class LoopThreadsTest {
    private static final long SAFETY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final LoopThreads threads = new LoopThreads("loop-threads-test");

    @AfterEach
    void stop() {
        threads.stop();
    }

    @Test
    void aLoopHandedOnRunsOnTheParkedSpareInsteadOfANewThread() throws Exception {
        CompletableFuture<Thread> first = new CompletableFuture<>();
        threads.run(handsOver(first));
        awaitUntil(() -> threads.parked() == 1, "the first thread parks as a spare");
        CompletableFuture<Thread> second = new CompletableFuture<>();
        threads.run(handsOver(second));
        assertSame(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS), "the same thread ran both loops");
        assertEquals(1, threads.started(), "threads started");
    }

    @Test
    void atMostTwoSparesParkAndTheOtherThreadsEnd() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BooleanSupplier blocked = () -> {
            await(release);
            return true;
        };
        for (int i = 0; i < 4; i++) {
            threads.run(blocked); // no spare is parked: each starts a thread
        }
        assertEquals(4, threads.started());
        release.countDown();
        awaitUntil(() -> threads.alive() == LoopThreads.SPARES, "the threads beyond the spares end");
        assertEquals(LoopThreads.SPARES, threads.parked(), "spares parked");
    }

    @Test
    void stopEndsTheParkedSpares() {
        CountDownLatch release = new CountDownLatch(1);
        BooleanSupplier blocked = () -> {
            await(release);
            return true;
        };
        threads.run(blocked);
        threads.run(blocked);
        release.countDown();
        awaitUntil(() -> threads.parked() == 2, "both threads park as spares");
        threads.stop();
        awaitUntil(() -> threads.alive() == 0, "every loop thread ended after the stop");
        assertEquals(0, threads.parked());
    }

    @Test
    void aThreadThatHandsOverAfterTheStopEndsInsteadOfParking() {
        CountDownLatch release = new CountDownLatch(1);
        threads.run(() -> {
            await(release);
            return true;
        });
        threads.stop();
        release.countDown();
        awaitUntil(() -> threads.alive() == 0, "the thread ended");
        assertEquals(0, threads.parked());
    }

    @Test
    void aLoopThatEndsWithTheReactorEndsItsThread() {
        threads.run(() -> false);
        awaitUntil(() -> threads.alive() == 0, "the thread ended");
        assertEquals(0, threads.parked(), "it did not park as a spare");
    }

    @Test
    void aSpareLeftInterruptedAndRenamedByARequestResumesClean() throws Exception {
        threads.run(() -> {
            // what an application may do to the thread while it serves inline
            Thread.currentThread().interrupt();
            Thread.currentThread().setName("renamed-by-the-application");
            return true;
        });
        awaitUntil(() -> threads.parked() == 1, "the interrupted thread still parks as a spare");
        CompletableFuture<String> resumed = new CompletableFuture<>();
        threads.run(() -> {
            Thread t = Thread.currentThread();
            resumed.complete(t.getName() + (t.isInterrupted() ? " interrupted" : ""));
            return false;
        });
        assertEquals("loop-threads-test", resumed.get(10, TimeUnit.SECONDS));
        assertEquals(1, threads.started());
    }

    @Test
    void aSpareParkedWhileTheStopRunsStillEnds() {
        // many rounds of a thread handing over at the same moment as the stop: none may stay parked
        for (int round = 0; round < 200; round++) {
            LoopThreads racing = new LoopThreads("loop-threads-race-" + round);
            CountDownLatch release = new CountDownLatch(1);
            racing.run(() -> {
                await(release);
                return true;
            });
            release.countDown();
            racing.stop();
            awaitUntil(() -> racing.alive() == 0, "round " + round + ": every thread ended");
        }
    }

    private static BooleanSupplier handsOver(CompletableFuture<Thread> ranOn) {
        return () -> {
            ranOn.complete(Thread.currentThread());
            return true;
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("not released within the safety timeout");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitUntil(BooleanSupplier condition, String what) {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > SAFETY_NANOS) {
                fail("not within the safety timeout: " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
