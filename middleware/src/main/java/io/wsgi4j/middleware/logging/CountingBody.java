// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import io.wsgi4j.Body;
import io.wsgi4j.CloseableBody;
import java.util.Iterator;

/**
 * A streaming body that counts the bytes the server takes and logs when closed; a failure while the
 * server iterates it is told to the {@link Pending} request, whose status may then be the server's 500.
 */
final class CountingBody implements CloseableBody {
    private final Iterable<byte[]> inner;
    private final Pending pending;
    private boolean exhausted;

    CountingBody(Iterable<byte[]> inner, Pending pending) {
        this.inner = inner;
        this.pending = pending;
    }

    @Override
    public Iterator<byte[]> iterator() {
        Iterator<byte[]> it;
        try {
            it = inner.iterator();
        } catch (Throwable t) {
            pending.bodyFailed(t);
            throw t;
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more;
                try {
                    more = it.hasNext();
                } catch (Throwable t) {
                    pending.bodyFailed(t);
                    throw t;
                }
                if (!more) {
                    exhausted = true;
                }
                return more;
            }

            @Override
            public byte[] next() {
                byte[] chunk;
                try {
                    chunk = it.next();
                } catch (Throwable t) {
                    pending.bodyFailed(t);
                    throw t;
                }
                if (chunk != null) {
                    pending.counted(chunk.length);
                }
                return chunk;
            }
        };
    }

    @Override
    public void close() {
        try {
            Body.close(inner);
        } finally {
            pending.finish(-1, exhausted);
        }
    }

    @Override
    public String toString() {
        return "AccessLog.body(" + inner + ")";
    }
}
