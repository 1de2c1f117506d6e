// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import io.wsgi4j.CloseableBody;
import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;

/**
 * The validated form of a body that is a {@link Collection} but not a random-access list (a
 * {@code LinkedList}, a {@code Set}): it stays a collection of the same size, so the caller frames
 * it as it would without a validator, and its one iteration (SPEC.md R4.4) goes through the
 * {@link Exchange}'s checks, which catch a caller that asks for a second iterator.
 */
final class CollectionBody extends AbstractCollection<byte[]> implements CloseableBody {
    private final Exchange exchange;
    private final Collection<byte[]> chunks;

    CollectionBody(Exchange exchange, Collection<byte[]> chunks) {
        this.exchange = exchange;
        this.chunks = chunks;
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

    @Override
    public String toString() {
        return exchange.toString();
    }
}
