// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import io.wsgi4j.CloseableBody;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.RandomAccess;

/**
 * The validated form of a body that is a {@link List}: its size and elements stay readable, as they
 * are without a validator, so a caller that computes Content-Length from a body of known size
 * (SPEC.md R5.3) does so here too. Iterating and closing go through the {@link Exchange}'s checks.
 */
final class ListBody extends AbstractList<byte[]> implements CloseableBody, RandomAccess {
    private final Exchange exchange;
    private final List<byte[]> chunks;

    ListBody(Exchange exchange, List<byte[]> chunks) {
        this.exchange = exchange;
        this.chunks = chunks;
    }

    @Override
    public byte[] get(int index) {
        return chunks.get(index);
    }

    @Override
    public int size() {
        return chunks.size();
    }

    @Override
    public Iterator<byte[]> iterator() {
        return exchange.iterator();
    }

    @Override
    public void close() {
        exchange.close();
    }

    // identity, not element-wise equality: each response body is its own object
    @Override
    public boolean equals(Object o) {
        return o == this;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return exchange.toString();
    }
}
