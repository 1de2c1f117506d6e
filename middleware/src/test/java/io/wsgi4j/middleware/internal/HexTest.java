// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HexTest {

    /** The JDK's own formatting, zero-padded: what every digit must match. */
    private static String reference(long v) {
        return String.format("%016x", v);
    }

    @ParameterizedTest
    @ValueSource(longs = {0L, 1L, 9L, 10L, 15L, 16L, 0x0123456789abcdefL, 0xfedcba9876543210L, -1L, Long.MIN_VALUE,
        Long.MAX_VALUE, 0x00f067aa0ba902b7L, 0xa0a0a0a0a0a0a0a0L, 0x9999999999999999L})
    void writesSixteenLowercaseDigitsWithLeadingZeros(long v) {
        assertEquals(reference(v), Hex.of(v));
    }

    @Test
    void agreesWithTheJdkOnManyRandomWords() {
        SplittableRandom r = new SplittableRandom(42); // fixed seed: a failure can be replayed
        for (int i = 0; i < 100_000; i++) {
            long a = r.nextLong();
            long b = r.nextLong();
            assertEquals(reference(a), Hex.of(a));
            assertEquals(reference(a) + reference(b), Hex.of(a, b));
        }
    }

    @Test
    void writesTheHighWordFirst() {
        assertEquals("00000000000000010000000000000002", Hex.of(1L, 2L));
    }
}
