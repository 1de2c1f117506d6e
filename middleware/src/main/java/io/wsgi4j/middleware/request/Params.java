// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decoded name/value pairs from a query string or form, in the order received; a name may repeat.
 *
 * <pre>{@code
 * Params q = Query.parse(environ);          // ?tag=a&tag=b&page=2
 * q.first("page");                          // "2"
 * q.all("tag");                             // ["a", "b"]
 * q.first("missing", "1");                  // "1"
 * }</pre>
 *
 * <p>Immutable. Names compare exactly (case-sensitive), as browsers send them.
 *
 * @since 0.1
 */
public final class Params {
    /** No parameters. @since 0.1 */
    public static final Params EMPTY = new Params(Map.of(), 0);

    private final Map<String, List<String>> values;
    private final int size;

    private Params(Map<String, List<String>> values, int size) {
        this.values = values;
        this.size = size;
    }

    /**
     * Parameters from alternating names and values, for tests and defaults.
     *
     * @throws IllegalArgumentException if the count is odd
     * @since 0.1
     */
    public static Params of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Params.of takes name, value pairs; got an odd count "
                    + namesAndValues.length);
        }
        Builder b = new Builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    /** The first value of {@code name}, or null when absent. @since 0.1 */
    public String first(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(0);
    }

    /** The first value of {@code name}, or {@code dflt} when absent. @since 0.1 */
    public String first(String name, String dflt) {
        String v = first(name);
        return v == null ? dflt : v;
    }

    /**
     * The first value of {@code name} as an {@code int}, or {@code dflt} when absent: the safe way to
     * read a number a client sent.
     *
     * <pre>{@code
     * int page = Query.parse(environ).firstInt("page", 1);   // ?page=2 -> 2; ?page=99999999999 -> 400
     * }</pre>
     *
     * <p>Accepted: ASCII decimal digits with an optional leading {@code -}, within int's range.
     *
     * @throws RequestException 400 naming the parameter when the value is anything else (a number out
     *     of range is the client's mistake, not a server error)
     * @since 0.2
     */
    public int firstInt(String name, int dflt) {
        String v = first(name);
        if (v == null) {
            return dflt;
        }
        int digitsFrom = v.startsWith("-") ? 1 : 0;
        boolean decimal = v.length() > digitsFrom && v.length() <= digitsFrom + 10
                && v.chars().skip(digitsFrom).allMatch(c -> c >= '0' && c <= '9');
        long n = decimal ? Long.parseLong(v) : 0;
        if (!decimal || n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            // the value is the client's: quoted (escaped, cut short) like every other echo in a RequestException
            throw RequestException.badRequest("parameter \"" + name + "\" must be a whole number from "
                    + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ", got " + RequestException.quote(v));
        }
        return (int) n;
    }

    /** Every value of {@code name} in order; empty when absent. @since 0.1 */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** True when {@code name} occurs at least once. @since 0.1 */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The distinct names, in order of first occurrence. @since 0.1 */
    public Set<String> names() {
        return values.keySet();
    }

    /** The number of pairs (a repeated name counts each time). @since 0.1 */
    public int size() {
        return size;
    }

    /** True when there are no pairs. @since 0.1 */
    public boolean isEmpty() {
        return size == 0;
    }

    /** An unmodifiable view: name to values in order. @since 0.1 */
    public Map<String, List<String>> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Params p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** Like {@code {name=[v1, v2], ...}}. @since 0.1 */
    @Override
    public String toString() {
        return values.toString();
    }

    /** Collects pairs in order; not thread-safe. */
    static final class Builder {
        private final LinkedHashMap<String, List<String>> values = new LinkedHashMap<>();
        private int size;

        Builder add(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            size++;
            return this;
        }

        int size() {
            return size;
        }

        Params build() {
            if (size == 0) {
                return EMPTY;
            }
            LinkedHashMap<String, List<String>> copy = new LinkedHashMap<>();
            values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return new Params(Collections.unmodifiableMap(copy), size);
        }
    }
}
