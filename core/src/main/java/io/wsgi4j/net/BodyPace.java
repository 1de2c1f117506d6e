// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

/**
 * How long the reads of one request body may wait for the client, on every transport: each read at
 * most the body timeout, and all of them together at most the body timeout plus one second for each
 * {@code minRate} bytes received. A client that sends a large body a few bytes at a time, each read
 * within the body timeout, would otherwise hold its request (and on Java 17 a thread of a bounded pool)
 * for hours. Only time spent waiting inside reads counts, so an application that takes its time
 * between reads is never blamed for it. Apache httpd's mod_reqtimeout bounds bodies the same way.
 *
 * <p>One per request, used by the thread reading its body. Internal to wsgi4j.
 *
 * @since 0.2
 */
public final class BodyPace {
    private final long timeoutNanos;
    private final long minRate;
    private long waitedNanos;
    private long received;
    /** The wait of the read under way ({@link #arm}), the body timeout between reads. */
    private volatile long armed;

    /**
     * @param timeoutNanos the body timeout: the longest wait of one read, and the grace before the rate counts
     * @param minRate bytes per second the body must arrive at after that grace; 0 for no minimum
     */
    public BodyPace(long timeoutNanos, long minRate) {
        this.timeoutNanos = timeoutNanos;
        this.minRate = minRate;
        this.armed = timeoutNanos;
    }

    /**
     * How long the next read may wait: the body timeout, or less when the body's allowance runs out
     * first; zero or less when it has run out (the body is too slow: answer 408).
     */
    public long nextWait() {
        if (minRate == 0) {
            return timeoutNanos;
        }
        // seconds earned by the bytes received, in nanoseconds; whole seconds first, so that the product cannot
        // overflow (saturating only past what a long holds, not past 9.2 GB received, which a fast rate must still bound)
        long seconds = received / minRate;
        long earned = seconds >= Long.MAX_VALUE / 4 / 1_000_000_000L ? Long.MAX_VALUE / 4
                : seconds * 1_000_000_000L + (long) ((double) (received % minRate) / minRate * 1_000_000_000L);
        long left = timeoutNanos + Math.min(earned, Long.MAX_VALUE / 4) - waitedNanos;
        return Math.min(timeoutNanos, left);
    }

    /** Whether a read armed with {@code armedNanos} was cut short by the rate rather than by the body timeout. */
    public boolean byRate(long armedNanos) {
        return armedNanos < timeoutNanos;
    }

    /**
     * For a transport whose socket reads ask for their time limit ({@link #armed()}): the read about to
     * start may wait {@code nanos} (from {@link #nextWait()}); {@link #read} puts the body timeout back.
     */
    public void arm(long nanos) {
        armed = nanos;
    }

    /** The time limit of the socket read under way: what {@link #arm} set, else the body timeout. */
    public long armed() {
        return armed;
    }

    /** A read waited {@code nanos} and brought {@code n} bytes (negative at the end: none). */
    public void read(long nanos, long n) {
        armed = timeoutNanos;
        waitedNanos += nanos;
        if (n > 0) {
            received += n;
        }
    }

    /** The body timeout, in milliseconds (for messages). */
    public long timeoutMillis() {
        return timeoutNanos / 1_000_000;
    }

    /** The rate this pace enforces, bytes per second; 0 for none. */
    public long minRate() {
        return minRate;
    }
}
