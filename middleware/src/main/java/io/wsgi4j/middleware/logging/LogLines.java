// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Reusable {@link LogLine}s, so a line costs no buffer of its own. A small striped pool rather
 * than a thread-local: on virtual threads (one per connection) a thread-local would be a new buffer
 * per connection. A thread takes from and returns to the slot its identity hashes to; an empty slot
 * means a new line, a full one on return means the line is dropped (both rare and harmless).
 */
final class LogLines {
    private static final int SLOTS = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 4);
    /** A line grown past this many bytes (one very long target) is not kept, so it cannot pin its memory. */
    private static final int MAX_KEPT = 4096;
    private static final AtomicReferenceArray<LogLine> FREE = new AtomicReferenceArray<>(SLOTS);

    private LogLines() {}

    /** An empty line, taken from the pool or new. */
    static LogLine take() {
        int i = slot();
        LogLine b = FREE.get(i);
        if (b != null && FREE.compareAndSet(i, b, null)) {
            b.clear();
            return b;
        }
        return new LogLine(256);
    }

    /** Returns {@code b} to the pool; the caller no longer uses it. */
    static void give(LogLine b) {
        if (b.capacity() <= MAX_KEPT) {
            FREE.lazySet(slot(), b);
        }
    }

    private static int slot() {
        return System.identityHashCode(Thread.currentThread()) & (SLOTS - 1);
    }
}
