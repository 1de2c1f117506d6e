// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Environ;
import io.wsgi4j.Status;
import io.wsgi4j.handler.EnvironBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each format gets the times it prints, from the configured clock, however few reads it takes. */
class LogClockTest {
    /** How far a line's time may be from the system clock read beside it: NTP's slew over one anchor is 0.5 ms. */
    private static final long TOLERANCE_NANOS = 2_000_000;

    private static final Environ ENVIRON = new EnvironBuilder().method("GET").target("/").protocol("HTTP/1.1").build();

    /** A request started now through {@code clock}, as {@link AccessLog} starts one. */
    private static Pending started(Clock clock, LogFormat format) {
        AccessLog log = (AccessLog) AccessLog.builder(line -> { }).format(format).clock(clock).build()
                .wrap((environ, sr) -> List.of());
        return new Pending(log, ENVIRON, (s, h, e) -> data -> { }, LogClock.of(clock, format));
    }

    private static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void takesTheExactInstantOfAnyOtherClock(LogFormat format) {
        Instant t = Instant.parse("2026-11-21T00:58:24.123456789Z");
        Pending p = started(Clock.fixed(t, ZoneId.of("Europe/Paris")), format);
        assertEquals(t.getEpochSecond(), p.epochSecond());
        assertEquals(t.getNano(), p.nano());
        assertEquals(ZoneId.of("Europe/Paris"), p.zone());
    }

    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void startsAtTheSystemClocksTimeInEveryFormat(LogFormat format) {
        Clock clock = Clock.system(ZoneOffset.ofHours(2));
        long before = epochNanos(clock.instant());
        Pending p = started(clock, format);
        long after = epochNanos(clock.instant());
        long start = p.epochSecond() * 1_000_000_000L + p.nano();
        // Common, Combined and Extended read milliseconds: the start may be up to 1 ms before the first read
        assertTrue(start >= before - TOLERANCE_NANOS && start <= after + TOLERANCE_NANOS,
                before + " <= " + start + " <= " + after);
        assertEquals(ZoneOffset.ofHours(2), p.zone());
    }

    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void measuresTheDurationOnlyForFormatsThatPrintIt(LogFormat format) throws Exception {
        Pending p = started(Clock.systemUTC(), format);
        p.start(Status.OK, List.of(), null);
        Thread.sleep(1); // not a timing assertion: only makes the duration certainly non-zero
        p.finish(0, true);
        boolean printed = format == LogFormat.JSON || format == LogFormat.EXTENDED;
        assertEquals(printed, p.durationNanos() > 0, "duration " + p.durationNanos());
    }

    @Test
    void placesAMonotonicReadingOnTheSystemClocksTimeLine() {
        Clock clock = Clock.systemUTC();
        long mono = System.nanoTime();
        long before = epochNanos(clock.instant());
        long derived = SystemTime.epochNanos(clock, mono);
        assertTrue(Math.abs(derived - before) <= TOLERANCE_NANOS, derived + " vs " + before);
    }

    @Test
    void reanchorsOnAReadingMoreThanASecondPastTheAnchor() {
        Clock clock = Clock.systemUTC();
        SystemTime.epochNanos(clock, System.nanoTime()); // an anchor now
        long later = System.nanoTime() + 3_000_000_000L; // a reading 3 s on: past the anchor's second
        long expected = epochNanos(clock.instant()) + 3_000_000_000L;
        long derived = SystemTime.epochNanos(clock, later);
        assertTrue(Math.abs(derived - expected) <= TOLERANCE_NANOS, derived + " vs " + expected);
    }
}
