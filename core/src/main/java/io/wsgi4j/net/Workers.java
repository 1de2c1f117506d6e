// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import io.wsgi4j.handler.VirtualThreads;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads requests run on, for the server and the gateways alike: a virtual thread per task on
 * Java 21+ (found by reflection, so this compiles for Java 17), or a bounded pool of platform
 * threads. Either way at most {@code limit} tasks run at once and the surplus waits in one FIFO
 * queue, so work is admitted in the order it became ready and nobody is refused or starved.
 *
 * <p>A request that a {@link Reactor} built with these workers serves on its own thread (inline)
 * counts against the same limit:
 * it {@linkplain #tryTake() takes a place} first, or goes to the queue when none is free, and
 * {@linkplain #giveBack() gives it back} when it is done. Without that, an inline request that runs
 * long hands the selector to another thread and runs on beside the workers, and
 * {@code workers(1)} would let as many requests run at once as hand-overs happened.
 *
 * <p>Internal to wsgi4j; not an API for applications.
 *
 * @since 0.2
 */
public final class Workers {
    /** Failures of the connection machinery itself (not of requests or clients). */
    static final System.Logger LOG = System.getLogger("io.wsgi4j.net");

    private static final ThreadFactory VIRTUAL =
            VirtualThreads.available() ? VirtualThreads.factory("wsgi4j-worker-") : null;

    private final int limit;
    private final boolean virtual;
    private final PlatformPool pool;
    private final Queue<Runnable> queue;
    private final AtomicInteger running = new AtomicInteger();

    private Workers(int limit, boolean virtual, String name) {
        this.limit = limit;
        this.virtual = virtual;
        this.queue = new ConcurrentLinkedQueue<>();
        // the pool keeps an idle platform thread 30 s for the next task, so an idle server holds none
        this.pool = virtual ? null : new PlatformPool(limit, name);
    }

    /** Whether this JVM has virtual threads (Java 21+). @since 0.2 */
    public static boolean virtualAvailable() {
        return VIRTUAL != null;
    }

    /**
     * Workers running at most {@code limit} tasks at once.
     *
     * @param virtual a virtual thread per task (needs Java 21+), else a pool of {@code limit} platform threads
     * @param name the platform threads' name prefix
     * @throws IllegalStateException if virtual threads are asked for on a JVM without them
     * @throws IllegalArgumentException if limit is below 1
     * @since 0.2
     */
    public static Workers of(boolean virtual, int limit, String name) {
        if (limit < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + limit);
        }
        if (virtual && VIRTUAL == null) {
            throw new IllegalStateException("virtual threads need Java 21 or later, this is Java "
                    + Runtime.version().feature() + "; use platform threads");
        }
        return new Workers(limit, virtual, name);
    }

    /** Runs {@code task} on a worker, now or, when {@code limit} run already, after those queued before it. @since 0.2 */
    public void execute(Runnable task) {
        queue.add(task);
        startIfRoom();
    }

    /**
     * Takes a place for a task that runs on the caller's thread: true when fewer than {@code limit}
     * run and none waits (those queued go first); the caller then owes one {@link #giveBack()}.
     *
     * @since 0.2
     */
    public boolean tryTake() {
        return queue.isEmpty() && reserve();
    }

    /** Gives back a place {@link #tryTake()} took, starting a queued task in it. @since 0.2 */
    public void giveBack() {
        running.decrementAndGet();
        startIfRoom();
    }

    /** Counts one more running, unless {@code limit} run already. */
    private boolean reserve() {
        while (true) {
            int r = running.get();
            if (r >= limit) {
                return false;
            }
            if (running.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    private void startIfRoom() {
        while (!queue.isEmpty()) {
            if (!reserve()) {
                return; // a running worker takes it when it finishes
            }
            Runnable first = queue.poll();
            if (first == null) {
                running.decrementAndGet(); // another thread took it meanwhile
                continue;
            }
            Runnable drainer = () -> drain(first);
            if (pool != null) {
                pool.execute(drainer); // never more than limit at once: the pool has a thread for each
            } else {
                VIRTUAL.newThread(drainer).start();
            }
            return;
        }
    }

    /** Runs a task, then whatever queued meanwhile, on this worker thread. */
    private void drain(Runnable first) {
        try {
            for (Runnable t = first; t != null; t = queue.poll()) {
                runSafely(t);
            }
        } finally {
            running.decrementAndGet();
            startIfRoom(); // a task queued between the last poll and the decrement
        }
    }

    private static void runSafely(Runnable t) {
        try {
            t.run();
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "a worker task failed", e);
        }
    }

    /** Whether tasks run on virtual threads. @since 0.2 */
    public boolean virtual() {
        return virtual;
    }

    /** The most tasks running at once. @since 0.2 */
    public int limit() {
        return limit;
    }

    /** Stops the platform threads once the queue is empty. @since 0.2 */
    public void shutdown() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    /**
     * For start lines: {@code virtual threads, at most 1024 requests at once} or {@code 200 platform threads}.
     *
     * @since 0.2
     */
    public String describe() {
        return virtual ? "virtual threads, at most " + limit + " requests at once" : limit + " platform threads";
    }
}
