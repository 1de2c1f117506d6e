// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import java.time.Duration;
import java.util.Objects;

/**
 * The checks the server's and the gateways' configuration builders apply to every limit, so the
 * same limit is refused with the same message on every transport.
 *
 * <p>Internal to wsgi4j; not an API for applications.
 *
 * @since 0.2
 */
public final class Limits {
    private Limits() {}

    /**
     * Returns {@code value} when it lies in {@code min..max}.
     *
     * @throws IllegalArgumentException naming the limit, the range and the value found
     * @since 0.2
     */
    public static long range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /**
     * Returns {@code d} when it is longer than zero.
     *
     * @throws NullPointerException naming the limit when {@code d} is null
     * @throws IllegalArgumentException naming the limit and the value found otherwise
     * @since 0.2
     */
    public static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d;
    }
}
