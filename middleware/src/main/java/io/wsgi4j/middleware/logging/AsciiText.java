// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A constant piece of a log line (a JSON key, a date part) held as 8-byte words, so a {@link LogLine}
 * copies it with a store per 8 bytes: {@link System#arraycopy} of a short array costs a call (about
 * 2 ns), and a line copies a dozen of them. The first four words are fields, stored without a loop:
 * every constant of the formats is at most 32 bytes, and a loop over a words array (its length
 * loaded, its exit a branch that differs from key to key) cost about twice the stores themselves.
 */
final class AsciiText {
    /** Eight bytes of an array as one long, the same way round as they are stored by {@link #copyTo}. */
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Bytes always written: two words, so the common constant (up to 16 bytes) is two stores and no branch. */
    private static final int SHORT = 16;
    /** Bytes held in the word fields; a longer text keeps the rest in {@link #more}. */
    private static final int FIELDS = 32;

    private final long w0;
    private final long w1;
    private final long w2;
    private final long w3;
    private final long[] more; // words past the first four, or null
    private final int length;
    private final int span;

    private AsciiText(byte[] bytes) {
        length = bytes.length;
        span = bytes.length <= SHORT ? SHORT : Math.max(FIELDS, (bytes.length + 7) & ~7);
        byte[] padded = Arrays.copyOf(bytes, Math.max(FIELDS, span));
        w0 = (long) WORD.get(padded, 0);
        w1 = (long) WORD.get(padded, 8);
        w2 = (long) WORD.get(padded, 16);
        w3 = (long) WORD.get(padded, 24);
        if (span > FIELDS) {
            more = new long[(span - FIELDS) / 8];
            for (int i = 0; i < more.length; i++) {
                more[i] = (long) WORD.get(padded, FIELDS + i * 8);
            }
        } else {
            more = null;
        }
    }

    /**
     * {@code s}, which must be ASCII.
     *
     * @throws IllegalArgumentException if {@code s} has a character past U+007F
     */
    static AsciiText of(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                throw new IllegalArgumentException("expected ASCII text, found U+"
                        + Integer.toHexString(s.charAt(i)).toUpperCase() + " at index " + i + " of \"" + s + "\"");
            }
        }
        return new AsciiText(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** The number of bytes (and characters). */
    int length() {
        return length;
    }

    /** How many bytes {@link #copyTo} writes: 16 up to 16 bytes of text, else at least 32, in whole words. */
    int span() {
        return span;
    }

    /**
     * Writes the text at {@code at}, and the padding after it up to {@link #span}, which the caller counts as
     * free space (they are overwritten by what follows); {@code dst} must have {@link #span} bytes from
     * {@code at}.
     */
    void copyTo(byte[] dst, int at) {
        WORD.set(dst, at, w0);
        WORD.set(dst, at + 8, w1);
        if (span > SHORT) {
            WORD.set(dst, at + 16, w2);
            WORD.set(dst, at + 24, w3);
            if (more != null) {
                for (int i = 0; i < more.length; i++) {
                    WORD.set(dst, at + FIELDS + i * 8, more[i]);
                }
            }
        }
    }

    @Override
    public String toString() {
        byte[] b = new byte[span()];
        copyTo(b, 0);
        return new String(b, 0, length, StandardCharsets.US_ASCII);
    }
}
