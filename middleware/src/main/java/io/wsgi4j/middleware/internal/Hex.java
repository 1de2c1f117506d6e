// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * Random ids as lowercase hex: 64 bits as 16 digits, 128 bits as 32, for the request id and the trace
 * ids, which are made on every request.
 *
 * <pre>{@code
 * Hex.of(0x00f067aa0ba902b7L)   // "00f067aa0ba902b7"
 * }</pre>
 *
 * <p>The words are stored into a small byte array with one write each and formatted by the JDK's
 * {@link HexFormat}, which (on JDK 17 and 25 alike) makes its String around the digit array it fills
 * instead of copying it: a 32-digit id costs its String, its digits and the 16 raw bytes (104 B), where
 * writing the digits into an array of our own and copying that into a String cost 120 B, for about
 * the same time (20-27 ns either way on the project's VM, see BENCHMARKS.md).
 *
 * @since 0.2
 */
public final class Hex {
    /** Stores a long into a byte array most significant byte first: the first digit first. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** Lowercase digits with no delimiter, prefix or suffix: the form the JDK formats without a copy. */
    private static final HexFormat LOWER = HexFormat.of();

    private Hex() {}

    /** {@code word} as 16 lowercase hex digits, leading zeros kept. @since 0.2 */
    public static String of(long word) {
        byte[] bits = new byte[8];
        LONGS.set(bits, 0, word);
        return LOWER.formatHex(bits);
    }

    /** {@code high} then {@code low} as 32 lowercase hex digits, leading zeros kept. @since 0.2 */
    public static String of(long high, long low) {
        byte[] bits = new byte[16];
        LONGS.set(bits, 0, high);
        LONGS.set(bits, 8, low);
        return LOWER.formatHex(bits);
    }
}
