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
        if (virtual) {
            this.pool = null;
            this.queue = new ConcurrentLinkedQueue<>();
        } else {
            this.pool = new PlatformPool(limit, name); // an idle server holds no threads after 30 s
            this.queue = null;
        }
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
        if (pool != null) {
            pool.execute(task);
            return;
        }
        queue.add(task);
        startIfRoom();
    }

    private void startIfRoom() {
        while (!queue.isEmpty()) {
            int r = running.get();
            if (r >= limit) {
                return; // a running worker takes it when it finishes
            }
            if (running.compareAndSet(r, r + 1)) {
                Runnable first = queue.poll();
                if (first == null) {
                    running.decrementAndGet();
                    continue;
                }
                VIRTUAL.newThread(() -> drain(first)).start();
                return;
            }
        }
    }

    /** Runs a task, then whatever queued meanwhile, on this virtual thread. */
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

    /** For start lines: {@code virtual threads (at most 1024 at once)} or {@code 200 platform threads}. @since 0.2 */
    public String describe() {
        return virtual ? "virtual threads, at most " + limit + " requests at once" : limit + " platform threads";
    }
}
