// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import java.util.List;
import java.util.RandomAccess;

/** Body lengths the handler can know before sending: a declared Content-Length, a list's total. */
final class BodyLength {
    private BodyLength() {}

    /**
     * Parses an application's Content-Length value.
     *
     * @throws IllegalArgumentException (R3.7) unless the value is a non-negative decimal number
     */
    static long parseDeclared(String v) {
        if (v.isEmpty() || v.length() > 18) {
            throw badLength(v);
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                throw badLength(v);
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static IllegalArgumentException badLength(String v) {
        return new IllegalArgumentException("R3.7 Content-Length must be a non-negative decimal number, got \""
                + v + "\"");
    }

    /** The total size of a body held in a collection, or -1 when a chunk is null or not a byte array. */
    static long sizeOf(Iterable<byte[]> b) {
        long total = 0;
        if (b instanceof List<?> list && b instanceof RandomAccess) {
            // by index: no iterator, so the body's one iteration (SPEC.md R4.4) is still to come
            for (int i = 0, n = list.size(); i < n; i++) {
                if (!(list.get(i) instanceof byte[] c)) {
                    return -1;
                }
                total += c.length;
            }
            return total;
        }
        for (byte[] c : b) {
            if (c == null) {
                return -1;
            }
            total += c.length;
        }
        return total;
    }
}
