// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.contract;

import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** {@code /big?n=N}: N bytes where byte i is {@code i % 251} (a prime, so no power-of-two block repeats), made lazily. */
final class BigBody implements Iterable<byte[]> {
    private static final int CHUNK = 64 * 1024;

    private final long length;

    private BigBody(long length) {
        this.length = length;
    }

    static Iterable<byte[]> respond(long n, StartResponse startResponse) {
        if (n < 0) {
            return Query.badRequest("n must be a non-negative number of bytes", startResponse);
        }
        startResponse.start(Status.OK, Headers.of("Content-Type", "application/octet-stream",
                "Content-Length", Long.toString(n)));
        return new BigBody(n);
    }

    /** Byte {@code i} of any {@code /big} body; tests check against it. */
    static byte at(long i) {
        return (byte) (i % 251);
    }

    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private long offset;

            @Override
            public boolean hasNext() {
                return offset < length;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                byte[] chunk = new byte[(int) Math.min(CHUNK, length - offset)];
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = at(offset + i);
                }
                offset += chunk.length;
                return chunk;
            }
        };
    }
}
