// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.routing;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Route arguments as an unmodifiable map over the template's names and the matched values, in
 * template order: one small object per request instead of a hash map and its entries.
 */
final class RouteArgs extends AbstractMap<String, String> {
    private final List<String> names;
    private final String[] values;

    /** Takes {@code values} (at least {@code names.size()} long) without copying. */
    RouteArgs(List<String> names, String[] values) {
        this.names = names;
        this.values = values;
    }

    @Override
    public String get(Object key) {
        int i = names.indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return names.contains(key);
    }

    @Override
    public int size() {
        return names.size();
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < names.size();
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (i >= names.size()) {
                            throw new NoSuchElementException();
                        }
                        int at = i++;
                        return new SimpleImmutableEntry<>(names.get(at), values[at]);
                    }
                };
            }

            @Override
            public int size() {
                return names.size();
            }
        };
    }
}
