// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.handler.VirtualThreads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a gateway runs on. On Java 21+ every connection and every request gets a virtual
 * thread (found by reflection, so this compiles for Java 17). On Java 17, connections get platform
 * threads (their number is bounded by the connection limit) and requests run on a bounded pool.
 */
final class Workers {
    private final ExecutorService connections;
    private final ExecutorService requests;
    private final boolean virtual;

    private Workers(ExecutorService connections, ExecutorService requests, boolean virtual) {
        this.connections = connections;
        this.requests = requests;
        this.virtual = virtual;
    }

    static Workers create(String name, int poolSize) {
        if (VirtualThreads.available()) {
            return new Workers(VirtualThreads.perTaskExecutor(name + "-conn-"),
                    VirtualThreads.perTaskExecutor(name + "-req-"), true);
        }
        ExecutorService c = Executors.newCachedThreadPool(named(name + "-conn"));
        ThreadPoolExecutor r = new ThreadPoolExecutor(poolSize, poolSize, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), named(name + "-req"));
        r.allowCoreThreadTimeOut(true);
        return new Workers(c, r, false);
    }

    void connection(Runnable task) {
        connections.execute(task);
    }

    void request(Runnable task) {
        requests.execute(task);
    }

    boolean virtual() {
        return virtual;
    }

    void shutdown() {
        connections.shutdown();
        requests.shutdown();
    }

    boolean awaitTermination(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        boolean c = connections.awaitTermination(millis, TimeUnit.MILLISECONDS);
        long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        return requests.awaitTermination(left, TimeUnit.MILLISECONDS) && c;
    }

    String describe(int poolSize) {
        return virtual ? "a virtual thread per connection and per request"
                : "a platform thread per connection and a pool of " + poolSize + " request threads (Java "
                        + Runtime.version().feature() + "; Java 21+ would use virtual threads)";
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
