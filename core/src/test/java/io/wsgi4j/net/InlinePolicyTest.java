// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/** The pause policy of inline serving, driven run by run: counts in, decisions out. */
class InlinePolicyTest {
    private final InlinePolicy policy = new InlinePolicy(true);
    /** Runs of the current window already served inline. */
    private int runsInWindow;

    @Test
    void slowHandOversUpToTheToleratedNumberDoNotPause() {
        assertEquals(0, windowThenPause(InlinePolicy.TOLERATED_SLOW, 0));
        assertEquals(0, policy.pauses());
    }

    @Test
    void oneSlowHandOverMoreThanToleratedPausesForTheShortestPauseOnly() {
        // a garbage collection that made a few runs look slow costs a few hundred dispatches, not 8,192
        assertEquals(InlinePolicy.SHORTEST_PAUSE, windowThenPause(InlinePolicy.TOLERATED_SLOW + 1, 0));
        assertEquals(1, policy.pauses());
    }

    @Test
    void blockingHandOversAreToleratedUpToAnEighthOfTheWindow() {
        assertEquals(0, windowThenPause(0, InlinePolicy.WINDOW / 8));
        assertEquals(InlinePolicy.SHORTEST_PAUSE, windowThenPause(0, InlinePolicy.WINDOW / 8 + 1));
    }

    @Test
    void costlyWindowsInARowDoubleThePauseUpToTheLongest() {
        int expected = InlinePolicy.SHORTEST_PAUSE;
        for (int i = 0; i < 8; i++) {
            assertEquals(expected, windowThenPause(0, InlinePolicy.WINDOW), "pause after costly window " + (i + 1));
            expected = Math.min(InlinePolicy.LONGEST_PAUSE, expected * 2);
        }
        assertEquals(InlinePolicy.LONGEST_PAUSE, expected, "the pauses reached the longest");
    }

    @Test
    void aGoodWindowResetsThePauseToTheShortest() {
        windowThenPause(0, InlinePolicy.WINDOW);
        windowThenPause(0, InlinePolicy.WINDOW);
        assertEquals(0, windowThenPause(0, 0), "a window without hand-overs");
        assertEquals(InlinePolicy.SHORTEST_PAUSE, windowThenPause(0, InlinePolicy.WINDOW));
    }

    @Test
    void handOversCountedDuringAPauseDoNotJudgeTheNextWindow() {
        InlinePolicy fresh = new InlinePolicy(true);
        assertTrue(fresh.serveInline());
        for (int i = 1; i < InlinePolicy.WINDOW; i++) {
            fresh.handedOver(false); // the window's own runs, all blocking
            assertTrue(fresh.serveInline());
        }
        for (int i = 0; i < 100; i++) {
            fresh.handedOver(true); // late hand-overs of runs begun before the pause
        }
        int dispatched = 0;
        while (!fresh.serveInline()) {
            dispatched++;
        }
        assertEquals(InlinePolicy.SHORTEST_PAUSE, dispatched);
        for (int i = 1; i < InlinePolicy.WINDOW; i++) {
            assertTrue(fresh.serveInline(), "run " + i + " of the window after the pause");
        }
        assertTrue(fresh.serveInline(), "the window after the pause had no hand-overs of its own: no pause");
    }

    @Test
    void turnedOffNeverServesInline() {
        InlinePolicy off = new InlinePolicy(false);
        for (int i = 0; i < 3 * InlinePolicy.LONGEST_PAUSE; i++) {
            assertFalse(off.serveInline());
        }
    }

    /**
     * Serves the rest of a window inline with these hand-overs counted in it, then counts the
     * dispatches until inline serving comes back (that next inline run opens the next window).
     */
    private int windowThenPause(int slow, int blocking) {
        for (int i = 0; i < slow; i++) {
            policy.handedOver(true);
        }
        for (int i = 0; i < blocking; i++) {
            policy.handedOver(false);
        }
        for (; runsInWindow < InlinePolicy.WINDOW; runsInWindow++) {
            assertTrue(policy.serveInline(), "run " + runsInWindow + " of the window is served inline");
        }
        int dispatched = 0;
        while (!policy.serveInline()) {
            if (++dispatched > InlinePolicy.LONGEST_PAUSE) {
                fail("a pause longer than the longest: " + dispatched);
            }
        }
        runsInWindow = 1;
        return dispatched;
    }
}
