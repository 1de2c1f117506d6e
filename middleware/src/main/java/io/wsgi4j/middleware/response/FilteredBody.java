// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.response;

import io.wsgi4j.Body;
import io.wsgi4j.CloseableBody;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The body {@link HeldResponse#finish} returns when it must forward a late start or filter chunks.
 * It pulls one chunk at a time, so streaming is kept; closing it closes the application's body and
 * the filter, once.
 */
final class FilteredBody implements CloseableBody {
    private final HeldResponse held;
    private final Iterable<byte[]> inner;
    private boolean closed;

    FilteredBody(HeldResponse held, Iterable<byte[]> inner) {
        this.held = held;
        this.inner = inner;
    }

    @Override
    public Iterator<byte[]> iterator() {
        Iterator<byte[]> it = inner.iterator();
        return new Iterator<>() {
            private byte[] next;
            private boolean ended;

            @Override
            public boolean hasNext() {
                while (next == null && !ended) {
                    if (held.forwarded() && held.filter() == BodyFilter.DISCARD) {
                        ended = true;
                    } else if (it.hasNext()) {
                        byte[] chunk = it.next();
                        held.forward(null); // the application may have started while yielding this chunk
                        next = apply(chunk);
                    } else {
                        held.forward(null);
                        ended = true;
                        BodyFilter f = held.filter();
                        next = f == null || f == BodyFilter.DISCARD ? null : nonEmpty(f.end());
                    }
                }
                return next != null;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                byte[] out = next;
                next = null;
                return out;
            }
        };
    }

    private byte[] apply(byte[] chunk) {
        BodyFilter f = held.filter();
        if (f == BodyFilter.DISCARD) {
            return null;
        }
        return nonEmpty(f == null ? chunk : f.chunk(chunk));
    }

    private static byte[] nonEmpty(byte[] b) {
        return b.length == 0 ? null : b;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Body.close(inner);
        } finally {
            BodyFilter f = held.filter();
            if (f != null) {
                f.close();
            }
        }
    }

    @Override
    public String toString() {
        return "FilteredBody(" + inner + ")";
    }
}
