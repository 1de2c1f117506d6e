// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A FIFO pool of at most {@code limit} platform threads that starts a thread only when none is
 * idle. ({@code ThreadPoolExecutor} with a queue starts a new thread for every task until it has
 * its core size, so a limit of 1024 would mean a thread per request for the first thousand
 * requests, and a thousand threads kept.) Idle threads end after 30 s.
 */
final class PlatformPool {
    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Queued by {@link #shutdown()} to wake an idle thread; never run. */
    private static final Runnable WAKE = () -> { };

    private final int limit;
    private final String name;
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final AtomicInteger threads = new AtomicInteger();
    private final AtomicInteger idle = new AtomicInteger();
    private final AtomicInteger serial = new AtomicInteger();
    private volatile boolean shutdown;

    PlatformPool(int limit, String name) {
        this.limit = limit;
        this.name = name;
    }

    void execute(Runnable task) {
        tasks.add(task);
        ensureThread();
    }

    /** Starts a thread when tasks wait, no thread is idle to take them and the limit allows one more. */
    private void ensureThread() {
        while (idle.get() == 0 && !tasks.isEmpty()) {
            int n = threads.get();
            if (n >= limit) {
                return; // every thread is busy: tasks wait their turn in the queue
            }
            if (threads.compareAndSet(n, n + 1)) {
                Thread t = new Thread(this::work, name + "-" + serial.incrementAndGet());
                t.setDaemon(true);
                t.start();
                return;
            }
        }
    }

    private void work() {
        try {
            Runnable task;
            while ((task = next()) != null) {
                // two tasks may have counted on the one idle thread that took this one: pass it on
                ensureThread();
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    Workers.LOG.log(System.Logger.Level.ERROR, "a worker task failed", e);
                }
            }
        } finally {
            threads.decrementAndGet();
            ensureThread(); // a task queued while this thread was leaving
        }
    }

    /** The next task, waiting idle for it up to the keep-alive time; null when this thread should end. */
    private Runnable next() {
        Runnable task = tasks.poll();
        if (task == null && !shutdown) {
            idle.incrementAndGet();
            try {
                task = tasks.poll(KEEP_ALIVE_NANOS, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return null;
            } finally {
                idle.decrementAndGet();
            }
        }
        return task == WAKE ? null : task; // woken by shutdown(), after every task queued before it
    }

    /**
     * Threads end once the queue is empty; those waiting idle for work are woken to end now, so that a
     * stopped server keeps no thread for the keep-alive time.
     */
    synchronized void shutdown() {
        if (shutdown) {
            return; // woken already
        }
        shutdown = true;
        // one for each thread, behind the tasks queued already, which still run first; a thread that
        // takes one ends, and one that finds the queue empty ends without waiting
        for (int i = threads.get(); i > 0; i--) {
            tasks.add(WAKE);
        }
    }
}
