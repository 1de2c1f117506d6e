// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Random ids as lowercase hex: 64 bits as 16 digits, 128 bits as 32, for the request id and the trace
 * ids, which are made on every request.
 *
 * <pre>{@code
 * Hex.of(0x00f067aa0ba902b7L)   // "00f067aa0ba902b7"
 * }</pre>
 *
 * <p>Eight digits are made at once in one {@code long} (each nibble spread to a byte, then turned into
 * its ASCII digit with no branch and no table) and stored with one write, so a 32-digit id costs a few
 * nanoseconds and one array besides its String.
 *
 * @since 0.2
 */
public final class Hex {
    /** Stores a long into a byte array most significant byte first: the first digit first. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Hex() {}

    /** {@code word} as 16 lowercase hex digits, leading zeros kept. @since 0.2 */
    public static String of(long word) {
        byte[] out = new byte[16];
        put(word, out, 0);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** {@code high} then {@code low} as 32 lowercase hex digits, leading zeros kept. @since 0.2 */
    public static String of(long high, long low) {
        byte[] out = new byte[32];
        put(high, out, 0);
        put(low, out, 16);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static void put(long word, byte[] out, int at) {
        LONGS.set(out, at, digits((int) (word >>> 32)));
        LONGS.set(out, at + 8, digits((int) word));
    }

    /** The eight hex digits of {@code v} as ASCII bytes in one long, the most significant digit in the top byte. */
    static long digits(int v) {
        long x = Integer.toUnsignedLong(v);
        x = (x | x << 16) & 0x0000FFFF0000FFFFL; // two 16-bit halves, each in its own 32-bit lane
        x = (x | x << 8) & 0x00FF00FF00FF00FFL; // four bytes, each in a 16-bit lane
        x = (x | x << 4) & 0x0F0F0F0F0F0F0F0FL; // eight nibbles, each in a byte, in the same order
        long letters = ((x + 0x0606060606060606L) >>> 4) & 0x0101010101010101L; // 1 in the bytes holding 10..15
        return x + 0x3030303030303030L + letters * ('a' - '0' - 10); // '0'+n, or 'a'+n-10 where a letter
    }
}
