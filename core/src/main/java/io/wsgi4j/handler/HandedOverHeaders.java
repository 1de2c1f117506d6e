// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import io.wsgi4j.Header;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A header list that a layer made for one response and hands on with {@code start_response}: the
 * request algorithm takes it without a copy and seals it, so from then on every change to it throws.
 * Any other list is copied when {@code start_response} is called (unless it is already unmodifiable,
 * as {@code List.of} lists are). Either way a change after the call cannot slip past the header checks
 * (SPEC.md R3.6, R3.7) into the response.
 *
 * <p>For middleware that copies the application's headers anyway, to add to them: making that copy
 * one of these saves the handler a second copy on every response. Applications do not need it.
 *
 * @since 0.2
 */
public class HandedOverHeaders extends AbstractList<Header> implements RandomAccess {
    private Header[] items;
    private int size;
    private boolean sealed;

    /**
     * An empty list with room for {@code capacity} headers before it grows.
     *
     * @throws IllegalArgumentException if capacity is negative
     * @since 0.2
     */
    public HandedOverHeaders(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be 0 or more, got " + capacity);
        }
        items = new Header[capacity];
    }

    @Override
    public Header get(int index) {
        Objects.checkIndex(index, size);
        return items[index];
    }

    @Override
    public int size() {
        return size;
    }

    // Every change of an AbstractList (addAll, removeIf, sort, sub-lists, iterators) comes down to these three.

    @Override
    public Header set(int index, Header header) {
        checkOpen();
        Objects.checkIndex(index, size);
        Header old = items[index];
        items[index] = header;
        return old;
    }

    @Override
    public void add(int index, Header header) {
        checkOpen();
        Objects.checkIndex(index, size + 1);
        if (size == items.length) {
            items = Arrays.copyOf(items, Math.max(4, size * 2));
        }
        System.arraycopy(items, index, items, index + 1, size - index);
        items[index] = header;
        size++;
        modCount++;
    }

    @Override
    public Header remove(int index) {
        checkOpen();
        Objects.checkIndex(index, size);
        Header old = items[index];
        System.arraycopy(items, index + 1, items, index, size - index - 1);
        items[--size] = null;
        modCount++;
        return old;
    }

    /** From now on every change throws: the handler calls this when it takes the list. */
    final void seal() {
        sealed = true;
    }

    private void checkOpen() {
        if (sealed) {
            throw new UnsupportedOperationException("R3.6 these headers were given to start_response and may no"
                    + " longer change; build a new list for another start_response");
        }
    }
}
