// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class BufferPoolTest {
    @Test
    void handsBackAReturnedBuffer() {
        BufferPool pool = new BufferPool(4, 16);
        byte[] b = pool.take();
        assertEquals(16, b.length);
        pool.give(b);
        assertSame(b, pool.take());
    }

    @Test
    void makesANewBufferWhenEmptyAndIgnoresForeignSizes() {
        BufferPool pool = new BufferPool(4, 16);
        pool.give(new byte[8]);
        byte[] a = pool.take();
        assertEquals(16, a.length);
        assertNotSame(a, pool.take());
    }
}
