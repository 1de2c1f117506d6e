// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import java.util.concurrent.TimeUnit;

/**
 * When a lingering close stops reading what the peer still sends: after a quiet spell (nothing
 * arrived for the quiet time: the peer has sent what it meant to, and with nothing unread the close
 * resets nothing), or after a longest time in all ({@link #MOST_NANOS}, usually) for a peer that
 * never stops.
 *
 * <p>There is no byte limit, and the quiet time starts again with every read: a client that sends
 * its whole request body before it reads the response (many do) sends at full speed while the
 * response still waits in the send buffer, and closing on it then would reset the connection,
 * which makes the client's kernel discard the response.
 *
 * <p>Internal to wsgi4j; not an API for applications.
 *
 * @since 0.2
 */
public final class LingerLimit {
    /** The longest a lingering close reads from a peer that keeps sending (nginx's lingering_time). */
    public static final long MOST_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Reads a drain makes per turn of a selector: a peer that sends without pause must not hold it. */
    public static final int READS_PER_TURN = 16;

    private final long quietNanos;
    private final long end;
    private volatile long deadline;

    /**
     * A lingering close starting now, ending after {@code quietNanos} without a byte from the peer or
     * after {@code mostNanos} in all.
     *
     * @since 0.2
     */
    public LingerLimit(long quietNanos, long mostNanos) {
        long now = System.nanoTime();
        this.quietNanos = quietNanos;
        this.end = now + mostNanos;
        this.deadline = Math.min(now + quietNanos, end);
    }

    /** Bytes arrived: the quiet spell starts again, never past the overall limit. @since 0.2 */
    public void heard() {
        long next = System.nanoTime() + quietNanos;
        deadline = next - end < 0 ? next : end;
    }

    /** When the close ends unless more arrives, in {@link System#nanoTime()} units. @since 0.2 */
    public long deadline() {
        return deadline;
    }

    /** Whether the overall limit passed: close even though the peer still sends. @since 0.2 */
    public boolean over() {
        return System.nanoTime() - end >= 0;
    }
}
