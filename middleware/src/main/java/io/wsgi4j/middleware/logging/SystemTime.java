// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import java.time.Clock;
import java.time.Instant;

/**
 * The system clock's time at a {@link System#nanoTime} reading: the last anchor (one system-clock read
 * and the monotonic reading beside it) plus the monotonic time since. A line that reads the monotonic
 * clock for its duration gets its time of day from the same read instead of a second clock read.
 *
 * <p>The anchor is renewed at the first reading more than a second past it, so a step of the system
 * clock (set by hand, or by NTP) shows in the log within a second, and between anchors the time can
 * differ from the system clock only by the clock's slew in that second (at most 0.5 ms with NTP).
 * Any system clock serves: they differ only in zone, and this is an instant.
 */
final class SystemTime {
    private static final long RENEW_AFTER_NANOS = 1_000_000_000L;

    /** The system clock's epoch nanoseconds {@code wall} at the monotonic reading {@code mono}. */
    private record Anchor(long wall, long mono) {}

    /** Shared by all threads; a stale read only means an anchor a little older. */
    private static volatile Anchor anchor;

    private SystemTime() {}

    /** The time of {@code nanoTime} (a recent {@link System#nanoTime} reading) on {@code systemClock}'s time line. */
    static long epochNanos(Clock systemClock, long nanoTime) {
        Anchor a = anchor;
        if (a == null || nanoTime - a.mono > RENEW_AFTER_NANOS) {
            a = renew(systemClock);
        }
        return a.wall + (nanoTime - a.mono);
    }

    private static Anchor renew(Clock systemClock) {
        long mono = System.nanoTime();
        Instant now = systemClock.instant();
        Anchor a = new Anchor(now.getEpochSecond() * 1_000_000_000L + now.getNano(), mono);
        anchor = a;
        return a;
    }
}
