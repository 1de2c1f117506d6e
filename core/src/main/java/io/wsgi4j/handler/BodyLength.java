// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Body lengths the handler can know before sending: a declared Content-Length, a collection's total. */
final class BodyLength {
    // a collection's size() is a hint for the buffer that takes its chunks, never a promise worth a huge array
    private static final int MAX_SIZE_HINT = 1024;

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

    /**
     * Parses one more Content-Length header of a response whose headers so far declared {@code earlier}
     * (-1 for none). A response gives its length once: two values that differ would reach the client as
     * two answers to one question, and RFC 9112 (6.3) lets a recipient reject even a repeated equal value.
     *
     * @throws IllegalArgumentException (R3.7) if the value is not a number or a length was already given
     */
    static long declaredOnce(long earlier, String v) {
        long length = parseDeclared(v);
        if (earlier >= 0 && earlier != length) {
            throw new IllegalArgumentException("R3.7 the headers give two different Content-Lengths, " + earlier
                    + " and " + length + "; send one Content-Length, the body's length");
        }
        if (earlier >= 0) {
            throw new IllegalArgumentException("R3.7 the headers give Content-Length " + length + " twice; send it"
                    + " once (a recipient may reject a repeated Content-Length, RFC 9112 section 6.3)");
        }
        return length;
    }

    private static IllegalArgumentException badLength(String v) {
        return new IllegalArgumentException("R3.7 Content-Length must be a non-negative decimal number, got \""
                + v + "\"");
    }

    /**
     * The total size of a body held in a random-access list, summed by index, so the body's one
     * iteration (SPEC.md R4.4) is still to come; -1 when a chunk is null or not a byte array.
     */
    static long sizeOf(List<?> list) {
        long total = 0;
        for (int i = 0, n = list.size(); i < n; i++) {
            if (!(list.get(i) instanceof byte[] c)) {
                return -1;
            }
            total += c.length;
        }
        return total;
    }

    /**
     * Takes the remaining chunks of a body from its one iterator (SPEC.md R4.4), so that a collection
     * that is not a random-access list can be measured and then sent from the returned list.
     *
     * @param sizeHint the collection's size, for the buffer's first capacity
     */
    static List<byte[]> drain(Iterator<byte[]> it, int sizeHint) {
        List<byte[]> rest = new ArrayList<>(Math.min(Math.max(sizeHint, 0), MAX_SIZE_HINT));
        while (it.hasNext()) {
            rest.add(it.next());
        }
        return rest;
    }
}
