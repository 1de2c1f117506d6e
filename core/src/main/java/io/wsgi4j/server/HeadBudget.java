// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory that the read buffers of all of a server's connections may hold beyond their small
 * size ({@link SocketInput#SMALL}) at once: a quarter of the heap. The limits of one request head
 * (a request line and a header section) are small, but a client may send an almost complete large
 * head on each of {@link ServerConfig#maxConnections()} connections and stop: at the defaults
 * 16384 x 24 KiB, 400 MiB, enough to exhaust a smaller heap, and then every thread's allocations
 * fail and the server dies. Past the budget a buffer does not grow: that connection's request is
 * refused (503) and the others, and the server, go on.
 */
final class HeadBudget {
    private final AtomicLong used = new AtomicLong();
    private volatile long limit;

    HeadBudget(long limit) {
        this.limit = limit;
    }

    /** A quarter of the largest heap this JVM may have. */
    static HeadBudget ofHeap() {
        return new HeadBudget(Runtime.getRuntime().maxMemory() / 4);
    }

    /** Takes {@code bytes} for a growing buffer: false, taking nothing, when that would pass the limit. */
    boolean take(long bytes) {
        while (true) {
            long u = used.get();
            if (u + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(u, u + bytes)) {
                return true;
            }
        }
    }

    /** Gives back what {@link #take} took. */
    void give(long bytes) {
        used.addAndGet(-bytes);
    }

    /** The 503 for a connection whose buffer may not grow. */
    HttpException refusal() {
        return new HttpException(503, "too many large request heads are arriving at once (the server holds at most "
                + limit + " bytes of them); try again shortly");
    }

    /** Sets the limit (tests). */
    void limit(long bytes) {
        limit = bytes;
    }

    /** Bytes taken now (tests and diagnostics). */
    long used() {
        return used.get();
    }
}
