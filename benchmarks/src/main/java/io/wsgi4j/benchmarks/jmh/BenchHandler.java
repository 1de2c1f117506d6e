// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.jmh;

import io.wsgi4j.handler.BaseHandler;
import java.util.Arrays;

/**
 * A transport for the shared handler that writes into a reusable array, as the reference server
 * writes into its connection buffer: what remains is the cost of the request algorithm itself.
 */
final class BenchHandler extends BaseHandler {
    private byte[] out = new byte[1024];
    private int size;
    private long total;

    BenchHandler() {
        super(true);
    }

    @Override
    protected void writeBytes(byte[] b, int off, int n) {
        if (size + n > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, size + n));
        }
        System.arraycopy(b, off, out, size, n);
        size += n;
        total += n;
    }

    @Override
    protected void flushBytes() {
        size = 0; // "sent": the bytes are dropped, the buffer reused
    }

    /** Bytes written since this handler was made (checked once so a broken setup is not measured). */
    long total() {
        return total;
    }
}
