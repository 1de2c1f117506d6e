// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BodyPaceTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void eachReadHasTheBodyTimeoutWhileTheAllowanceLasts() {
        BodyPace pace = new BodyPace(30 * SECOND, 500);
        assertEquals(30 * SECOND, pace.nextWait());
        pace.read(10 * SECOND, 5000); // 10 s waited, 5,000 bytes earn 10 s: 30 s left
        assertEquals(30 * SECOND, pace.nextWait());
        assertFalse(pace.byRate(pace.nextWait()));
    }

    @Test
    void theAllowanceIsTheTimeoutPlusOneSecondPerRateBytesLessTheTimeWaited() {
        BodyPace pace = new BodyPace(30 * SECOND, 500);
        pace.read(25 * SECOND, 1000); // earned 2 s: 32 s in all, 25 waited
        assertEquals(7 * SECOND, pace.nextWait());
        assertTrue(pace.byRate(pace.nextWait()));
        pace.read(7 * SECOND, 0);
        assertEquals(0, pace.nextWait(), "used up: the body is too slow");
    }

    @Test
    void theEndOfTheBodyEarnsNothing() {
        BodyPace pace = new BodyPace(SECOND, 1);
        pace.read(0, -1);
        assertEquals(SECOND, pace.nextWait());
        pace.read(SECOND, -1);
        assertEquals(0, pace.nextWait());
    }

    @Test
    void aRateOfZeroGivesEveryReadTheTimeoutForEver() {
        BodyPace pace = new BodyPace(SECOND, 0);
        pace.read(1_000_000 * SECOND, 1);
        assertEquals(SECOND, pace.nextWait());
    }

    @Test
    void aHugeBodyDoesNotOverflowItsAllowance() {
        BodyPace pace = new BodyPace(SECOND, 1);
        pace.read(0, Integer.MAX_VALUE);
        pace.read(0, Integer.MAX_VALUE);
        assertEquals(SECOND, pace.nextWait());
    }

    @Test
    void aBodyPastNineGigabytesStillEarnsOnlyOneSecondPerRateBytes() {
        // 10^10 bytes at 10^9 bytes per second earn 10 s, not the unbounded allowance of a saturated product
        BodyPace pace = new BodyPace(SECOND, 1_000_000_000L);
        pace.read(0, 10_000_000_000L);
        pace.read(20 * SECOND, 0);
        assertTrue(pace.nextWait() <= 0, "1 s + 10 s earned - 20 s waited: used up");
        BodyPace fast = new BodyPace(SECOND, Long.MAX_VALUE);
        fast.read(0, Long.MAX_VALUE / 2);
        assertEquals(SECOND, fast.nextWait());
    }
}
