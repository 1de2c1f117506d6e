// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110 section 5.6.7): formats the IMF-fixdate that senders must use, with the current
 * second cached so the Date header costs one volatile read per response, and parses it and the two
 * obsolete forms that recipients must accept. The one HTTP-date class of the project: the server's
 * Date header, Last-Modified, Expires and the conditional-request headers all use it.
 *
 * <pre>{@code
 * HttpDate.format(784111777000L);                    // "Sun, 06 Nov 1994 08:49:37 GMT"
 * HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT");   // 784111777000
 * HttpDate.parse("yesterday");                       // -1
 * }</pre>
 *
 * @since 0.1
 */
public final class HttpDate {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);
    // The weekday is skipped before parsing: it is redundant, and checking it would reject RFC 850 years
    // read into the wrong century before the window below applies.
    private static final DateTimeFormatter IMF =
            DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);
    private static final DateTimeFormatter RFC850 = new DateTimeFormatterBuilder()
            .appendPattern("dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, 2000) // then moved back a century where RFC 9110 5.6.7 says
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    private static volatile Cached cached = new Cached(-1, "");

    private record Cached(long second, String text) {}

    private HttpDate() {}

    /** The current time as an IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. @since 0.1 */
    public static String now() {
        long second = System.currentTimeMillis() / 1000;
        Cached c = cached;
        if (c.second != second) {
            c = new Cached(second, FORMAT.format(Instant.ofEpochSecond(second)));
            cached = c;
        }
        return c.text;
    }

    /** {@code epochMillis} as an IMF-fixdate (whole seconds). @since 0.1 */
    public static String format(long epochMillis) {
        return FORMAT.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * Milliseconds since the epoch for an HTTP date in any of the three forms ({@code Sun, 06 Nov 1994
     * 08:49:37 GMT}, {@code Sunday, 06-Nov-94 08:49:37 GMT}, {@code Sun Nov  6 08:49:37 1994}), or -1
     * when {@code value} is null, longer than 64 characters, or not such a date. Surrounding spaces are
     * ignored. A two-digit year is read as RFC 9110 section 5.6.7 requires: in this century, unless
     * that puts the date more than 50 years in the future, then in the century before.
     *
     * @since 0.2
     */
    public static long parse(String value) {
        return parse(value, System.currentTimeMillis());
    }

    /** {@link #parse(String)} as if the time were {@code nowMillis} (the two-digit year's century depends on it). */
    static long parse(String value, long nowMillis) {
        if (value == null || value.length() < 20 || value.length() > 64) {
            return -1;
        }
        String v = value.strip();
        int comma = v.indexOf(',');
        int space = v.indexOf(' ');
        DateTimeFormatter f;
        String rest;
        if (comma == 3) {
            f = IMF;
            rest = v.substring(4).stripLeading();
        } else if (comma > 3 && comma < 10) {
            f = RFC850;
            rest = v.substring(comma + 1).stripLeading();
        } else if (space == 3) {
            f = ASCTIME;
            rest = v.substring(4);
        } else {
            return -1;
        }
        try {
            LocalDateTime date = LocalDateTime.parse(rest, f);
            if (f == RFC850) {
                LocalDateTime now = LocalDateTime.ofEpochSecond(nowMillis / 1000, 0, ZoneOffset.UTC);
                LocalDateTime fiftyYearsOn = now.plusYears(50);
                int century = now.getYear() / 100 * 100;
                date = date.plusYears(century - 2000); // the formatter read the year in 2000..2099
                if (date.isAfter(fiftyYearsOn)) {
                    date = date.minusYears(100);
                }
            }
            return date.toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
