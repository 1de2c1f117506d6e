// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives each connection its thread: a new virtual thread on Java 21+ (found by reflection, so this
 * compiles for Java 17), or a thread from a bounded pool of platform threads. With platform threads the
 * acceptor waits for a free permit before taking the next connection, so excess clients wait in the
 * listen backlog instead of piling up in memory.
 */
final class Workers {
    private static final ThreadFactory VIRTUAL = virtualFactory();

    private final Executor executor;
    private final Semaphore permits;
    private final int size;

    private Workers(Executor executor, int size) {
        this.executor = executor;
        this.size = size;
        this.permits = size > 0 ? new Semaphore(size) : null;
    }

    static boolean virtualAvailable() {
        return VIRTUAL != null;
    }

    /**
     * @throws IllegalStateException if virtual threads were asked for on a JVM without them
     */
    static Workers of(ThreadMode mode, int workers) {
        boolean virtual = mode == ThreadMode.VIRTUAL || mode == ThreadMode.AUTO && VIRTUAL != null;
        if (virtual) {
            if (VIRTUAL == null) {
                throw new IllegalStateException("ThreadMode.VIRTUAL needs Java 21 or later, this is Java "
                        + Runtime.version().feature() + "; use ThreadMode.AUTO or PLATFORM");
            }
            return new Workers(r -> VIRTUAL.newThread(r).start(), 0);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "wsgi4j-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true); // an idle server holds no threads
        return new Workers(pool, workers);
    }

    /** Waits for a free platform thread (no wait with virtual threads). */
    void acquire() throws InterruptedException {
        if (permits != null) {
            permits.acquire();
        }
    }

    /** Returns a permit taken by {@link #acquire} that no task will use. */
    void release() {
        if (permits != null) {
            permits.release();
        }
    }

    /** Runs {@code task} on its own thread; the permit taken by {@link #acquire} is returned when it ends. */
    void start(Runnable task) {
        Runnable body = permits == null ? task : () -> {
            try {
                task.run();
            } finally {
                permits.release();
            }
        };
        try {
            executor.execute(body);
        } catch (RuntimeException | Error e) {
            if (permits != null) {
                permits.release();
            }
            throw e;
        }
    }

    /** Whether most platform threads are taken: connections then close after each response. */
    boolean nearlyFull() {
        return permits != null && permits.availablePermits() < Math.max(1, size / 8);
    }

    /** Whether connections run on virtual threads. */
    boolean virtual() {
        return permits == null;
    }

    /** For the start line: {@code virtual threads} or {@code 200 platform threads}. */
    String describe() {
        return permits == null ? "virtual threads" : size + " platform threads";
    }

    private static ThreadFactory virtualFactory() {
        try {
            Method ofVirtual = Thread.class.getMethod("ofVirtual");
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Object b = ofVirtual.invoke(null);
            b = builder.getMethod("name", String.class, long.class).invoke(b, "wsgi4j-conn-", 0L);
            return (ThreadFactory) builder.getMethod("factory").invoke(b);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // Java 17-20: no virtual threads
        }
    }
}
