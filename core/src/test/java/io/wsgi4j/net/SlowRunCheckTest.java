// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When the monitor takes an inline run over: after the take-over time and three checks in a row that saw it. */
class SlowRunCheckTest {
    private static final long TAKEOVER = 500_000;
    private static final long RUN = 4 << 2 | 1;
    private final SlowRunCheck check = new SlowRunCheck(TAKEOVER);

    @Test
    void aRunSeenAtThreeChecksPastTheTakeOverTimeIsSlow() {
        assertFalse(check.slow(RUN, 100_000));
        assertFalse(check.slow(RUN, 350_000));
        assertTrue(check.slow(RUN, 600_000));
    }

    @Test
    void aRunSeenAtThreeChecksBeforeTheTakeOverTimeWaitsForIt() {
        assertFalse(check.slow(RUN, 100_000));
        assertFalse(check.slow(RUN, 200_000));
        assertFalse(check.slow(RUN, 300_000), "three sightings, 300 us: not yet");
        assertTrue(check.slow(RUN, 550_000));
    }

    @Test
    void aGarbageCollectionPauseBetweenTwoChecksDoesNotMakeARunSlow() {
        // the pause froze the monitor too: the clock says 50 ms, the monitor saw the run twice
        assertFalse(check.slow(RUN, 100_000));
        assertFalse(check.slow(RUN, 50_000_000), "seen at two checks, whatever the clock says");
        assertTrue(check.slow(RUN, 50_250_000), "still running at the third check: slow");
    }

    @Test
    void aRunShorterThanTheTakeOverTimeIsNotSlowHoweverOftenSeen() {
        // park may return early: checks come faster than half the take-over time
        for (int i = 0; i < 20; i++) {
            assertFalse(check.slow(RUN, 10_000 * i));
        }
    }

    @Test
    void aNewRunOrNoRunStartsTheCountAgain() {
        check.slow(RUN, 600_000);
        check.slow(RUN, 700_000);
        check.slow(RUN, 800_000);
        long next = RUN + 4;
        assertFalse(check.slow(next, 900_000), "another run, seen once");
        assertFalse(check.slow(-1, 0), "no run");
        assertFalse(check.slow(next, 1_000_000));
        assertFalse(check.slow(next, 1_100_000));
        assertTrue(check.slow(next, 1_200_000));
    }
}
