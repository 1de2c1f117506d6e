// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How often the reactor's monitor checks: fast near a possibly slow run, rarely while runs are short. */
class MonitorPaceTest {
    private static final long FAST = 250_000;
    private final MonitorPace pace = new MonitorPace(FAST);

    @Test
    void startsFast() {
        assertEquals(FAST, pace.next(-1, false));
    }

    @Test
    void checksWithoutASuspectRunDoubleTheIntervalUpToTheMaximum() {
        long interval = FAST;
        int checks = 0;
        while (interval < MonitorPace.MAX_NANOS) {
            long next = pace.next(checks % 2 == 0 ? -1 : 10_000, false); // no run, or one of 10 us
            checks++;
            if (next != interval) {
                assertEquals(Math.min(MonitorPace.MAX_NANOS, interval * 2), next, "doubles after check " + checks);
                assertEquals(0, checks % MonitorPace.CALM_CHECKS, "only after a whole calm stretch");
                interval = next;
            }
        }
        for (int i = 0; i < 10 * MonitorPace.CALM_CHECKS; i++) {
            assertEquals(MonitorPace.MAX_NANOS, pace.next(-1, false), "never beyond the maximum");
        }
    }

    @Test
    void aRunGoingOnForHalfTheTakeOverTimeMakesItFastAtOnce() {
        for (int i = 0; i < 10 * MonitorPace.CALM_CHECKS; i++) {
            pace.next(-1, false);
        }
        assertEquals(MonitorPace.MAX_NANOS, pace.next(-1, false));
        assertEquals(FAST, pace.next(FAST, false), "sighted a run that may be slow");
        assertEquals(FAST, pace.next(3 * FAST, false));
        for (int i = 1; i < MonitorPace.CALM_CHECKS; i++) {
            assertEquals(FAST, pace.next(-1, false), "a whole calm stretch before it slows down again: " + i);
        }
        assertEquals(2 * FAST, pace.next(-1, false));
    }

    @Test
    void aSlowRunIsSightedThreeTimesWithinTheMaximumPlusTheTakeOverTime() {
        for (int i = 0; i < 10 * MonitorPace.CALM_CHECKS; i++) {
            pace.next(-1, false);
        }
        // the worst case: the run starts just after a check at the slowest pace
        long untilFirst = pace.next(-1, false);
        long untilSecond = pace.next(untilFirst, false);               // first sighting
        long untilThird = pace.next(untilFirst + untilSecond, false);  // second sighting
        assertEquals(MonitorPace.MAX_NANOS, untilFirst);
        assertEquals(MonitorPace.MAX_NANOS + 2 * FAST, untilFirst + untilSecond + untilThird,
                "the third sighting, where SlowRunCheck takes the run over, 2.5 ms after it began");
    }

    @Test
    void anIdleServerIsCheckedEveryFiftyMilliseconds() {
        assertEquals(MonitorPace.IDLE_NANOS, pace.next(-1, true));
        assertEquals(FAST, pace.next(FAST, false), "a possibly slow run ends the idle pace");
    }
}
