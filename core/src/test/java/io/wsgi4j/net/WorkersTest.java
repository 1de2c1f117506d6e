// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WorkersTest {
    @Test
    void knowsWhetherTheJvmHasVirtualThreads() {
        assertEquals(Runtime.version().feature() >= 21, Workers.virtualAvailable());
    }

    @Test
    void refusesVirtualThreadsBeforeJava21WithAClearMessage() {
        if (Workers.virtualAvailable()) {
            assertEquals("virtual threads, at most 1 requests at once", Workers.of(true, 1, "t").describe());
        } else {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Workers.of(true, 1, "t"));
            assertTrue(e.getMessage().contains("Java 21"), e.getMessage());
        }
    }

    @Test
    void refusesALimitBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workers.of(false, 0, "t"));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }

    /** Admission: never more than the limit at once, and the surplus runs in the order it arrived. */
    @ParameterizedTest(name = "virtual threads: {0}")
    @ValueSource(booleans = {false, true})
    void runsAtMostTheLimitAtOnceAndTheRestInArrivalOrder(boolean virtual) throws Exception {
        if (virtual && !Workers.virtualAvailable()) {
            return; // nothing to check on Java 17
        }
        Workers w = Workers.of(virtual, 2, "workers-test");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blockersRunning = new CountDownLatch(2);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            w.execute(() -> {
                most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                blockersRunning.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                concurrent.decrementAndGet();
            });
        }
        assertTrue(blockersRunning.await(30, TimeUnit.SECONDS));
        List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch queuedDone = new CountDownLatch(20);
        for (int i = 0; i < 20; i++) {
            int n = i;
            w.execute(() -> {
                most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                order.add(n);
                concurrent.decrementAndGet();
                queuedDone.countDown();
            });
        }
        assertEquals(List.of(), order, "nothing runs while both workers are taken");
        release.countDown();
        assertTrue(queuedDone.await(30, TimeUnit.SECONDS));
        assertTrue(most.get() <= 2, "at most 2 at once, saw " + most.get());
        assertEquals(20, order.size());
        w.shutdown();
    }

    @ParameterizedTest(name = "virtual threads: {0}")
    @ValueSource(booleans = {false, true})
    void queuedTasksRunInArrivalOrder(boolean virtual) throws Exception {
        if (virtual && !Workers.virtualAvailable()) {
            return; // nothing to check on Java 17
        }
        Workers w = Workers.of(virtual, 1, "workers-test");
        CountDownLatch release = new CountDownLatch(1);
        w.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(50);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            expected.add(n);
            w.execute(() -> {
                order.add(n);
                done.countDown();
            });
        }
        release.countDown();
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals(expected, order);
        w.shutdown();
    }

    /** A place taken on the caller's thread (an inline request) counts like a running task. */
    @ParameterizedTest(name = "virtual threads: {0}")
    @ValueSource(booleans = {false, true})
    void aPlaceTakenOnTheCallersThreadCountsAgainstTheLimitAndQueuedTasksGoFirst(boolean virtual)
            throws Exception {
        if (virtual && !Workers.virtualAvailable()) {
            return; // nothing to check on Java 17
        }
        Workers w = Workers.of(virtual, 1, "workers-test");
        assertTrue(w.tryTake(), "a free place");
        assertEquals(false, w.tryTake(), "the only place is taken");
        CountDownLatch ran = new CountDownLatch(1);
        w.execute(ran::countDown);
        assertEquals(1, ran.getCount(), "a task waits while the place is held");
        w.giveBack();
        assertTrue(ran.await(30, TimeUnit.SECONDS), "giving the place back starts the queued task");

        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        w.execute(() -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(running.await(30, TimeUnit.SECONDS));
        CountDownLatch queued = new CountDownLatch(1);
        w.execute(queued::countDown);
        assertEquals(false, w.tryTake(), "no place while a task runs");
        release.countDown();
        assertTrue(queued.await(30, TimeUnit.SECONDS));
        w.shutdown();
    }

    /** Unlike ThreadPoolExecutor below its core size, the platform pool reuses an idle thread instead of starting one. */
    @Test
    void thePlatformPoolReusesAnIdleThreadInsteadOfStartingAnother() throws Exception {
        Workers w = Workers.of(false, 64, "workers-reuse");
        java.util.Set<Thread> used = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 50; i++) {
            CountDownLatch done = new CountDownLatch(1);
            Thread[] ran = new Thread[1];
            w.execute(() -> {
                ran[0] = Thread.currentThread();
                used.add(ran[0]);
                done.countDown();
            });
            assertTrue(done.await(30, TimeUnit.SECONDS));
            // wait until the thread is back waiting for work (not a timing assertion: only a precondition)
            for (int spin = 0; spin < 10_000 && ran[0].getState() != Thread.State.TIMED_WAITING; spin++) {
                Thread.sleep(1);
            }
        }
        assertEquals(1, used.size(), "threads used: " + used);
        w.shutdown();
    }

    /**
     * A stopped server keeps no threads: shutdown() ends the platform threads that wait idle for work
     * at once, not when their 30 s keep-alive runs out (the join's bound is only a guard).
     */
    @Test
    void shutdownEndsTheIdlePlatformThreadsAtOnce() throws Exception {
        Workers w = Workers.of(false, 3, "workers-stop");
        java.util.Set<Thread> used = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CountDownLatch allRunning = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            w.execute(() -> {
                used.add(Thread.currentThread());
                allRunning.countDown();
                try {
                    allRunning.await(); // three at once: three threads
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertTrue(allRunning.await(30, TimeUnit.SECONDS));
        for (Thread t : used) {
            // a precondition, not a timing assertion: each thread is back waiting for work
            for (int spin = 0; spin < 10_000 && t.getState() != Thread.State.TIMED_WAITING; spin++) {
                Thread.sleep(1);
            }
        }
        w.shutdown();
        for (Thread t : used) {
            t.join(10_000);
            assertTrue(!t.isAlive(), t + " still runs after shutdown()");
        }
    }
}
