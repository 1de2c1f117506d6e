// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The throttle behind KForge's login, driven by a clock the test moves. */
class ThrottleTest {
    private final MovingClock clock = new MovingClock();
    private final Throttle throttle = Throttle.of(3, Duration.ofMinutes(1)).withClock(clock);

    @Test
    void allowsTheBurstThenAsksToWaitForTheNextToken() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, throttle.retryAfter("alice"));
            throttle.fail("alice");
        }
        assertEquals(Duration.ofMinutes(1), throttle.retryAfter("alice"));

        clock.advance(Duration.ofSeconds(45));
        assertEquals(Duration.ofSeconds(15), throttle.retryAfter("alice"));

        clock.advance(Duration.ofSeconds(15));
        assertEquals(Duration.ZERO, throttle.retryAfter("alice"));
        throttle.fail("alice");
        assertEquals(Duration.ofMinutes(1), throttle.retryAfter("alice"), "one try per refill after the burst");
    }

    @Test
    void tryAcquireTakesATryBeforeTheCheckAndReleaseGivesItBack() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, throttle.tryAcquire("alice"), "try " + (i + 1) + " of the burst");
        }
        assertEquals(Duration.ofMinutes(1), throttle.tryAcquire("alice"),
                "three tries in progress use the burst up before any of them has failed");

        throttle.release("alice"); // one of them was the right password
        assertEquals(Duration.ZERO, throttle.tryAcquire("alice"));
        assertEquals(Duration.ofMinutes(1), throttle.retryAfter("alice"));
    }

    @Test
    void aRefusedTryTakesNothingAndAllReleasedForgetsTheKey() {
        Throttle one = Throttle.of(1, Duration.ofMinutes(1)).withClock(clock);
        assertEquals(Duration.ZERO, one.tryAcquire("alice"));
        assertEquals(Duration.ofMinutes(1), one.tryAcquire("alice"));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Duration.ofSeconds(30), one.tryAcquire("alice"), "the refused try did not reset the refill");

        one.release("alice");
        assertEquals(0, one.trackedKeys(), "a full bucket is forgotten");
        one.release("bob"); // never tried: nothing to give back, nothing tracked
        assertEquals(0, one.trackedKeys());
    }

    @Test
    void keysAreIndependent() {
        for (int i = 0; i < 3; i++) {
            throttle.fail("alice");
        }
        assertEquals(Duration.ZERO, throttle.retryAfter("bob"));
    }

    @Test
    void aRefilledKeyIsForgottenAndMemoryIsBounded() {
        Throttle small = Throttle.of(3, Duration.ofMinutes(1)).withClock(clock).withMaxKeys(100);
        for (int i = 0; i < 10_000; i++) {
            small.fail("address-" + i);
        }
        assertEquals(100, small.trackedKeys());

        clock.advance(Duration.ofMinutes(1));
        small.retryAfter("address-9999");
        assertEquals(99, small.trackedKeys());
    }

    @Test
    void aLongKeyIsKeptInBoundedSpaceAndStillItsOwn() {
        // a user name from a login form can be as long as the form limit allows: the memory bound
        // (maxKeys keys) must not grow with what a client chooses to send
        Throttle one = Throttle.of(1, Duration.ofMinutes(1)).withClock(clock);
        String longName = "m".repeat(1_000_000);
        one.fail(longName + "a");
        one.fail(longName + "b");
        assertEquals(2, one.trackedKeys(), "two long keys differing in their last character are two keys");
        assertTrue(one.trackedChars() <= 2 * 65, "chars held for two 1,000,001-char keys: " + one.trackedChars());
        assertEquals(Duration.ofMinutes(1), one.retryAfter(longName + "a"));
        assertEquals(Duration.ZERO, one.retryAfter(longName + "c"));
        one.fail("x".repeat(64));
        assertEquals(Duration.ofMinutes(1), one.retryAfter("x".repeat(64)));
    }

    @Test
    void rejectsAThrottleThatAllowsNothing() {
        assertThrows(IllegalArgumentException.class, () -> Throttle.of(0, Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class, () -> Throttle.of(1, Duration.ZERO));
    }

    @Test
    void printsAsTheCodeThatMadeIt() {
        assertEquals("Throttle.of(3, Duration.ofMinutes(1))", throttle.toString());
    }

    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
