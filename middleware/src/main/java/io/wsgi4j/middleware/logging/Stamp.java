// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One second of log time, formatted once and shared by every line written in that second:
 * formatting a date costs several times more than the rest of a line.
 *
 * <p>{@link #clf} is Apache's {@code 21/Nov/2026:00:58:24 +0000}; {@link #isoSecondDot} and
 * {@link #isoOffset} are the two halves of {@code OffsetDateTime.toString()} around the fraction
 * ({@code 2026-11-21T00:58:24.} and {@code Z}), which {@link #appendIso} joins as the JDK does, except
 * that the seconds are always there: RFC 3339 requires them, and {@code toString()} drops {@code :00}.
 * All are ASCII words, copied into a {@link LogLine} as they are ({@link AsciiText}).
 */
final class Stamp {
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    /** The last second formatted, shared by all threads (a stale read only costs a reformat). */
    private static volatile Stamp last = new Stamp(Long.MIN_VALUE, ZoneOffset.UTC, "", "", "");

    final long epochSecond;
    final ZoneId zone;
    final AsciiText clf;
    private final AsciiText isoSecondDot; // isoSecond and the fraction's point, one copy
    private final AsciiText isoSecond; // without the point: a time with no fraction
    private final AsciiText isoOffset;

    private Stamp(long epochSecond, ZoneId zone, String clfText, String isoSecondText, String isoOffsetText) {
        this.epochSecond = epochSecond;
        this.zone = zone;
        this.clf = AsciiText.of(clfText);
        this.isoSecondDot = AsciiText.of(isoSecondText + ".");
        this.isoSecond = AsciiText.of(isoSecondText);
        this.isoOffset = AsciiText.of(isoOffsetText);
    }

    /** The stamp for {@code epochSecond} in {@code zone}, formatted at most once per second and zone. */
    static Stamp of(long epochSecond, ZoneId zone) {
        Stamp s = last;
        if (s.epochSecond == epochSecond && (s.zone == zone || s.zone.equals(zone))) {
            return s;
        }
        ZoneOffset offset = zone.getRules().getOffset(Instant.ofEpochSecond(epochSecond));
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, offset);
        String iso = t.toLocalDate() + "T" + two(t.getHour()) + ":" + two(t.getMinute()) + ":" + two(t.getSecond());
        s = new Stamp(epochSecond, zone, CLF.format(t.atOffset(offset)), iso, offset.getId());
        last = s;
        return s;
    }

    /**
     * Appends the time as RFC 3339 has it, {@code nano} being the fraction: as
     * {@code OffsetDateTime.toString()} prints it, with {@code :00} seconds kept.
     */
    void appendIso(LogLine b, int nano) {
        if (nano == 0) {
            b.append(isoSecond);
        } else {
            // three, six or nine digits, as LocalTime.toString: the shortest that keeps every non-zero digit;
            // three groups of three, each a table read, rather than one chain of nine divisions
            b.append(isoSecondDot);
            int millis = nano / 1_000_000;
            int belowMillis = nano - millis * 1_000_000;
            b.appendTriple(millis);
            if (belowMillis != 0) {
                int micros = belowMillis / 1000;
                int belowMicros = belowMillis - micros * 1000;
                b.appendTriple(micros);
                if (belowMicros != 0) {
                    b.appendTriple(belowMicros);
                }
            }
        }
        b.append(isoOffset);
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
