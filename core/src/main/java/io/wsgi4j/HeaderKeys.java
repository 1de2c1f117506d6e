// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The environ keys of request header names, remembered: middleware asks for the same few headers
 * ({@code Origin}, {@code Accept-Encoding}, {@code X-Forwarded-For}, ...) on every request, and building
 * {@code HTTP_...} each time cost an array and a String per lookup (about 100 B and 30-50 ns, times
 * three to five lookups per layer). A remembered key costs one hash probe on a name whose hash the
 * String already holds.
 *
 * <p>The cache is bounded: names usually come from code, but a caller may pass names taken from a
 * request, and those must not grow memory without limit. Past {@link #LIMIT} names (give or take the
 * few threads that race to add one), keys are built as before, never stored.
 */
final class HeaderKeys {
    /** At most this many names are remembered; far more than the distinct header names an application asks for. */
    static final int LIMIT = 512;

    private static final ConcurrentHashMap<String, String> KEYS = new ConcurrentHashMap<>(64);

    private HeaderKeys() {}

    /** The environ key of {@code name}, from the cache when it was built before. */
    static String of(String name) {
        String key = KEYS.get(name);
        if (key != null) {
            return key;
        }
        key = build(name);
        if (KEYS.size() < LIMIT) {
            KEYS.putIfAbsent(name, key);
        }
        return key;
    }

    /** Builds the key: {@code HTTP_} plus the name upper-cased with {@code -} as {@code _}, except the two CGI names. */
    static String build(String name) {
        if (name.equalsIgnoreCase("Content-Type")) {
            return Environ.CONTENT_TYPE;
        }
        if (name.equalsIgnoreCase("Content-Length")) {
            return Environ.CONTENT_LENGTH;
        }
        char[] out = new char[5 + name.length()];
        "HTTP_".getChars(0, 5, out, 0);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out[5 + i] = c == '-' ? '_' : (c >= 'a' && c <= 'z') ? (char) (c - 32) : c;
        }
        return new String(out);
    }

    /** How many names are remembered now (for the test of the bound). */
    static int size() {
        return KEYS.size();
    }
}
