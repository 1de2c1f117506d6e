// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import io.wsgi4j.Body;
import io.wsgi4j.CloseableBody;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An in-memory body kept a list (so the server can still compute its Content-Length), counting each
 * chunk the first time it is read, however many times the server walks the list.
 */
final class CountingList extends AbstractList<byte[]> implements CloseableBody, RandomAccess {
    private final List<byte[]> inner;
    private final Pending pending;
    private int reached;

    CountingList(List<byte[]> inner, Pending pending) {
        this.inner = inner;
        this.pending = pending;
    }

    @Override
    public byte[] get(int index) {
        byte[] chunk = inner.get(index);
        while (reached <= index) {
            byte[] c = reached == index ? chunk : inner.get(reached);
            pending.counted(c == null ? 0 : c.length);
            reached++;
        }
        return chunk;
    }

    @Override
    public int size() {
        return inner.size();
    }

    @Override
    public void close() {
        try {
            Body.close(inner);
        } finally {
            pending.finish(-1, reached == inner.size());
        }
    }
}
