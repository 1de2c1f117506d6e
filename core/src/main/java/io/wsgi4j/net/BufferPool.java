// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small lock-free pool of equal-sized byte arrays. Connections take a read or write buffer, and a
 * request its response head's, when they need one and give it back before they wait for the next
 * request, so an idle keep-alive connection holds none. When the pool is empty a new array is made;
 * when it is full, or an array of another size comes back, it is left to the garbage collector.
 */
public final class BufferPool {
    private final AtomicReferenceArray<byte[]> slots;
    private final int size;

    /** A pool of up to {@code slots} arrays (a power of two) of {@code size} bytes. */
    public BufferPool(int slots, int size) {
        this.slots = new AtomicReferenceArray<>(slots);
        this.size = size;
    }

    /** An array of the pool's size: a pooled one, else a new one. */
    public byte[] take() {
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

    /** Gives {@code b} back; an array of another size is ignored. */
    public void give(byte[] b) {
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
