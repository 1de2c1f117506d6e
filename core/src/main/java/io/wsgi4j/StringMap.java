// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The map behind {@link Environ}: string keys in one open-addressed table (linear probing, key,
 * hash and value in three parallel arrays). Every request builds an environ of 25-40 entries from
 * the same defaults; a {@code HashMap} does that with one node object per entry and a copy that
 * walks the source's buckets, where this table copies three arrays and allocates nothing per entry
 * (about half the bytes of a request's environ). A removal leaves a marker in its slot, so an
 * iterator never sees an entry move; markers go when the table is rebuilt.
 *
 * <p>Keys are non-null strings; values may be null. Not thread-safe, like the environ.
 */
final class StringMap extends AbstractMap<String, Object> {
    /** The key of a slot whose entry was removed: lookups probe past it, insertions may reuse it. */
    private static final Object REMOVED = new Object();
    private static final int MIN_CAPACITY = 16;

    private Object[] keys;
    private int[] hashes;
    private Object[] values;
    private int size;
    /** Slots holding a key or a removal marker: probes stop only at a slot that is neither. */
    private int used;
    private int modCount;
    private Set<Entry<String, Object>> entries;

    /** An empty map with room for {@code expected} entries before it grows. */
    StringMap(int expected) {
        allocate(capacityFor(expected));
    }

    private StringMap(StringMap source) {
        keys = source.keys.clone();
        hashes = source.hashes.clone();
        values = source.values.clone();
        size = source.size;
        used = source.used;
    }

    /** An independent copy with the same entries (the values themselves are shared). */
    StringMap copy() {
        return new StringMap(this);
    }

    private static int capacityFor(int expected) {
        int needed = Math.max(MIN_CAPACITY, expected + expected / 3 + 1); // at most 3/4 full
        return Integer.highestOneBit(needed - 1) << 1;
    }

    private void allocate(int capacity) {
        keys = new Object[capacity];
        hashes = new int[capacity];
        values = new Object[capacity];
    }

    private static int hash(Object key) {
        int h = key.hashCode();
        return h ^ (h >>> 16);
    }

    /** The slot holding {@code key}, or -1. */
    private int slotOf(Object key) {
        if (!(key instanceof String)) {
            return -1;
        }
        Object[] ks = keys;
        int mask = ks.length - 1;
        int h = hash(key);
        for (int i = h & mask; ; i = (i + 1) & mask) {
            Object k = ks[i];
            if (k == null) {
                return -1;
            }
            if (k == key || hashes[i] == h && k != REMOVED && k.equals(key)) {
                return i;
            }
        }
    }

    @Override
    public Object get(Object key) {
        int i = slotOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return slotOf(key) >= 0;
    }

    @Override
    public Object put(String key, Object value) {
        return put(key, value, true);
    }

    @Override
    public Object putIfAbsent(String key, Object value) {
        return put(key, value, false);
    }

    private Object put(String key, Object value, boolean replace) {
        if (key == null) {
            throw new NullPointerException("environ keys are strings, not null");
        }
        Object[] ks = keys;
        int mask = ks.length - 1;
        int h = hash(key);
        int free = -1;
        int i = h & mask;
        for (Object k; (k = ks[i]) != null; i = (i + 1) & mask) {
            if (k == REMOVED) {
                if (free < 0) {
                    free = i;
                }
            } else if (k == key || hashes[i] == h && k.equals(key)) {
                Object old = values[i];
                if (replace || old == null) {
                    values[i] = value;
                }
                return old;
            }
        }
        if (free >= 0) {
            i = free; // reuses a removal marker: used stays
        } else {
            used++;
        }
        ks[i] = key;
        hashes[i] = h;
        values[i] = value;
        size++;
        modCount++;
        if (used > ks.length - ks.length / 4) {
            rebuild();
        }
        return null;
    }

    @Override
    public Object remove(Object key) {
        int i = slotOf(key);
        if (i < 0) {
            return null;
        }
        Object old = values[i];
        removeAt(i);
        return old;
    }

    private void removeAt(int i) {
        keys[i] = REMOVED;
        values[i] = null;
        size--;
        modCount++;
    }

    /** Rehashes into a table sized for the live entries, dropping the removal markers. */
    private void rebuild() {
        Object[] oldKeys = keys;
        int[] oldHashes = hashes;
        Object[] oldValues = values;
        allocate(capacityFor(Math.max(size * 2, MIN_CAPACITY / 2)));
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            Object k = oldKeys[j];
            if (k != null && k != REMOVED) {
                int i = oldHashes[j] & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                hashes[i] = oldHashes[j];
                values[i] = oldValues[j];
            }
        }
        used = size;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void clear() {
        Arrays.fill(keys, null);
        Arrays.fill(values, null);
        size = 0;
        used = 0;
        modCount++;
    }

    @Override
    public void putAll(Map<? extends String, ?> m) {
        m.forEach(this::put); // one lookup per entry, no Entry objects for maps that avoid them
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Set<Entry<String, Object>> s = entries;
        if (s == null) {
            s = entries = new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new SlotIterator();
                }

                @Override
                public int size() {
                    return size;
                }

                @Override
                public void clear() {
                    StringMap.this.clear();
                }
            };
        }
        return s;
    }

    /** Walks the slots in table order; a removal through it leaves a marker, so nothing moves. */
    private final class SlotIterator implements Iterator<Entry<String, Object>> {
        private int next = advance(0);
        private int last = -1;
        private int expected = modCount;

        private int advance(int from) {
            Object[] ks = keys;
            for (int i = from; i < ks.length; i++) {
                if (ks[i] != null && ks[i] != REMOVED) {
                    return i;
                }
            }
            return ks.length;
        }

        @Override
        public boolean hasNext() {
            return next < keys.length;
        }

        @Override
        public Entry<String, Object> next() {
            if (modCount != expected) {
                throw new ConcurrentModificationException("the environ changed during iteration");
            }
            if (next >= keys.length) {
                throw new NoSuchElementException();
            }
            last = next;
            next = advance(next + 1);
            return new SlotEntry(last);
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException("next() first, and remove() once per entry");
            }
            if (modCount != expected) {
                throw new ConcurrentModificationException("the environ changed during iteration");
            }
            removeAt(last);
            expected = modCount;
            last = -1;
        }
    }

    /** An entry that reads and writes its slot (valid until the map is changed otherwise). */
    private final class SlotEntry implements Entry<String, Object> {
        private final int slot;
        private final String key;

        SlotEntry(int slot) {
            this.slot = slot;
            this.key = (String) keys[slot];
        }

        @Override
        public String getKey() {
            return key;
        }

        @Override
        public Object getValue() {
            return keys[slot] == key ? values[slot] : get(key);
        }

        @Override
        public Object setValue(Object value) {
            if (keys[slot] != key) {
                return put(key, value);
            }
            Object old = values[slot];
            values[slot] = value;
            return old;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry<?, ?> e && key.equals(e.getKey()) && Objects.equals(getValue(), e.getValue());
        }

        @Override
        public int hashCode() {
            return key.hashCode() ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return key + "=" + getValue();
        }
    }
}
