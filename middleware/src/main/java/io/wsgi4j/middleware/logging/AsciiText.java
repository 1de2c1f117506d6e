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
 * 2 ns), and a line copies a dozen of them.
 */
final class AsciiText {
    /** Eight bytes of an array as one long, the same way round as they are stored by {@link #copyTo}. */
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final long[] words;
    private final int length;

    private AsciiText(byte[] bytes) {
        byte[] padded = Arrays.copyOf(bytes, (bytes.length + 7) & ~7);
        words = new long[padded.length / 8];
        for (int i = 0; i < words.length; i++) {
            words[i] = (long) WORD.get(padded, i * 8);
        }
        length = bytes.length;
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

    /** How many bytes {@link #copyTo} may write: the length rounded up to whole words. */
    int span() {
        return words.length * 8;
    }

    /**
     * Writes the text at {@code at}, and up to 7 bytes of padding after it, which the caller counts as
     * free space (they are overwritten by what follows); {@code dst} must have {@link #span} bytes from
     * {@code at}.
     */
    void copyTo(byte[] dst, int at) {
        long[] w = words;
        for (int i = 0; i < w.length; i++) {
            WORD.set(dst, at + i * 8, w[i]);
        }
    }

    @Override
    public String toString() {
        byte[] b = new byte[span()];
        copyTo(b, 0);
        return new String(b, 0, length, StandardCharsets.US_ASCII);
    }
}
