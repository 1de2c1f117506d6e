// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Reads the times a line needs, and only those, as cheaply as its format allows: a clock read costs
 * 25-45 ns, a tenth of a whole line, and a line took three (the start, a monotonic start and end).
 *
 * <ul>
 *   <li>COMMON and COMBINED print whole seconds and no duration: one millisecond read of the clock.
 *   <li>EXTENDED prints whole seconds and a duration: that read and two {@link System#nanoTime}.
 *   <li>JSON prints the time to the nanosecond and a duration: with the system clock, the time is the
 *       monotonic start read placed on the system clock's time line ({@link SystemTime}), so two reads
 *       in all; with any other clock, {@link Clock#instant} and the two monotonic reads, exactly as
 *       before.
 * </ul>
 */
final class LogClock {
    /** The class of every system clock, whatever its zone. */
    private static final Class<? extends Clock> SYSTEM = Clock.systemUTC().getClass();
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Clock clock;
    private final ZoneId zone;
    private final boolean system;
    private final boolean fraction;
    private final boolean timed;

    private LogClock(Clock clock, boolean fraction, boolean timed) {
        this.clock = clock;
        this.zone = clock.getZone();
        this.system = clock.getClass() == SYSTEM;
        this.fraction = fraction;
        this.timed = timed;
    }

    /** The times {@code format} prints, read from {@code clock}. */
    static LogClock of(Clock clock, LogFormat format) {
        return new LogClock(clock, format == LogFormat.JSON, format == LogFormat.JSON || format == LogFormat.EXTENDED);
    }

    /** The zone lines are printed in (the clock's). */
    ZoneId zone() {
        return zone;
    }

    /** A monotonic reading for the duration, or 0 when the format prints none. */
    long startNanos() {
        return timed ? System.nanoTime() : 0;
    }

    /** Nanoseconds since {@code startNanos}, or 0 when the format prints no duration. */
    long durationNanos(long startNanos) {
        return timed ? System.nanoTime() - startNanos : 0;
    }

    /**
     * Stores the request's start time in {@code p} (epoch second and nanosecond); {@code startNanos} is
     * what {@link #startNanos()} returned for it.
     */
    void start(Pending p, long startNanos) {
        if (!system) {
            Instant t = clock.instant();
            p.started(t.getEpochSecond(), t.getNano());
        } else if (!fraction) {
            long millis = System.currentTimeMillis(); // what the system clock's millis() is, without the call
            p.started(Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000);
        } else {
            long epochNanos = SystemTime.epochNanos(clock, startNanos);
            p.started(Math.floorDiv(epochNanos, NANOS_PER_SECOND), (int) Math.floorMod(epochNanos, NANOS_PER_SECOND));
        }
    }

    @Override
    public String toString() {
        return clock.toString();
    }
}
