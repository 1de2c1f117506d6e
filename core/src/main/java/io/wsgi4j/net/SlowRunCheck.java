// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

/**
 * The monitor's rule for an inline run that has gone on too long: it must have run for the
 * take-over time <em>and</em> have been seen running at {@link #CHECKS} checks of the monitor in a
 * row. Elapsed time alone is not enough: a garbage collection pause (or the whole JVM descheduled)
 * stops the monitor as well as the run, and a clock read after it would blame a run that was
 * merely frozen. Counted checks span only time in which the monitor itself ran, so such a pause
 * adds one check at most, and the run has to go on for the rest afterwards.
 *
 * <p>Used by the monitor thread only.
 */
final class SlowRunCheck {
    /**
     * Checks in a row that must see the same run: two intervals of half the take-over time at least
     * ({@link MonitorPace} checks that often once it has seen a run going on for that long).
     */
    static final int CHECKS = 3;

    private final long takeoverNanos;
    private long run = -1;
    private int seen;

    /** A run is slow after {@code takeoverNanos} and {@link #CHECKS} sightings. */
    SlowRunCheck(long takeoverNanos) {
        this.takeoverNanos = takeoverNanos;
    }

    /**
     * One check of the monitor.
     *
     * @param inlineRun the run serving now (its turn value), or -1 if none is
     * @param runningNanos how long it has run, by the clock
     * @return whether to take it over now
     */
    boolean slow(long inlineRun, long runningNanos) {
        if (inlineRun < 0) {
            run = -1;
            seen = 0;
            return false;
        }
        if (inlineRun != run) {
            run = inlineRun;
            seen = 0;
        }
        seen++;
        return seen >= CHECKS && runningNanos > takeoverNanos;
    }
}
