// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

/**
 * How long the reactor's monitor sleeps before its next check. Every check wakes the monitor, and on
 * a server pinned to one core each wake preempts the thread that is serving, so the monitor checks
 * only as often as it must:
 * <ul>
 *   <li><b>Fast</b> (half the take-over time) when the check saw an inline run that had already
 *       gone on for at least that long: a run that may turn out slow is sighted again quickly, so
 *       {@link SlowRunCheck}'s three sightings come within the take-over time.</li>
 *   <li><b>Calming down</b>: after {@link #CALM_CHECKS} checks in a row that saw no such run, the
 *       interval doubles, up to {@link #MAX_NANOS}. Inline runs of a healthy server last microseconds,
 *       so under load the monitor soon wakes 500 times a second instead of 4,000.</li>
 *   <li><b>Idle</b> (50 ms) after a second with no inline run at all.</li>
 * </ul>
 * A slow run is therefore taken over at most {@link #MAX_NANOS} plus the take-over time after it
 * began (2.5 ms), never seconds later. Used by the monitor thread only.
 */
final class MonitorPace {
    /** The longest interval while inline runs happen. */
    static final long MAX_NANOS = 2_000_000;
    /** The interval after a second with no inline run. */
    static final long IDLE_NANOS = 50_000_000;
    /** Checks in a row without a suspect run before the interval doubles. */
    static final int CALM_CHECKS = 64;

    private final long fastNanos;
    private long interval;
    private int calm;

    /** @param fastNanos the interval while a run may be slow: half the take-over time */
    MonitorPace(long fastNanos) {
        this.fastNanos = fastNanos;
        this.interval = fastNanos;
    }

    /**
     * The interval to sleep after one check.
     *
     * @param runningNanos how long the inline run seen at this check had gone on, or -1 if none was
     * @param quiet whether no inline run has happened for a second
     */
    long next(long runningNanos, boolean quiet) {
        if (runningNanos >= fastNanos) {
            interval = fastNanos;
            calm = 0;
        } else if (++calm >= CALM_CHECKS && interval < MAX_NANOS) {
            interval = Math.min(MAX_NANOS, interval * 2);
            calm = 0;
        }
        return quiet ? IDLE_NANOS : interval;
    }
}
