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
     * How much of a request body the HTTP server and the SCGI and FastCGI gateways wait for while the connection
     * waits in the reactor, holding no thread, before the request takes one (the whole body when it is
     * smaller): a request whose body is still arriving would otherwise hold a thread only to wait, and
     * clients trickling bodies on many connections could hold them all. The rest of a larger body is
     * read by the application as it comes.
     *
     * @since 0.2
     */
    public static final int BODY_WAITED_FOR = 8192;

    /**
     * The longest timeout or shutdown grace a configuration accepts. The server and the gateways
     * add timeouts to {@link System#nanoTime()}, whose sum overflows for durations of about 292 years
     * and more; a day is far beyond any timeout a client or a shutdown should get, so a larger value
     * is refused as the mistake it almost certainly is (a unit confused, a digit too many) rather
     * than silently shortened.
     *
     * @since 0.2
     */
    public static final Duration MAX_TIME = Duration.ofHours(24);

    /**
     * Returns {@code d} when it is longer than zero and at most {@link #MAX_TIME}.
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
        return atMostADay(name, d);
    }

    /**
     * Returns {@code d} when it is zero or longer and at most {@link #MAX_TIME}.
     *
     * @throws NullPointerException naming the limit when {@code d} is null
     * @throws IllegalArgumentException naming the limit and the value found otherwise
     * @since 0.2
     */
    public static Duration notNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
        return atMostADay(name, d);
    }

    private static Duration atMostADay(String name, Duration d) {
        if (d.compareTo(MAX_TIME) > 0) {
            throw new IllegalArgumentException(name + " must be at most 24 hours (PT24H), got " + d);
        }
        return d;
    }
}
