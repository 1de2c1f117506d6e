// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small lock-free pool of equal-sized byte arrays. Connections take a write buffer when a response
 * starts and give it back before they block waiting for the next request, so an idle keep-alive
 * connection holds no write buffer at all. When the pool is empty a new array is made; when it is
 * full a returned array is left to the garbage collector.
 */
final class BufferPool {
    private final AtomicReferenceArray<byte[]> slots;
    private final int size;

    BufferPool(int slots, int size) {
        this.slots = new AtomicReferenceArray<>(slots);
        this.size = size;
    }

    byte[] take() {
        int start = probe();
        for (int i = 0, n = slots.length(); i < n; i++) {
            int at = (start + i) & (n - 1);
            if (slots.get(at) != null) {
                byte[] b = slots.getAndSet(at, null);
                if (b != null) {
                    return b;
                }
            }
            if (i == 3) {
                break; // a short probe is enough; allocating beats scanning a contended pool
            }
        }
        return new byte[size];
    }

    void give(byte[] b) {
        if (b.length != size) {
            return;
        }
        int start = probe();
        for (int i = 0, n = slots.length(); i < 4; i++) {
            int at = (start + i) & (n - 1);
            if (slots.get(at) == null && slots.compareAndSet(at, null, b)) {
                return;
            }
        }
    }

    /** Spreads threads over the slots (the pool size is a power of two). */
    private int probe() {
        return (int) Thread.currentThread().getId() * 0x9E3779B9 >>> 16;
    }
}
