// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.http;

import io.wsgi4j.handler.HttpDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Parses and formats HTTP dates (RFC 9110 section 5.6.7): the IMF-fixdate that senders must use and
 * the two obsolete forms that recipients must accept.
 *
 * <pre>{@code
 * long t = HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT");   // 784111777000
 * HttpDates.parse("yesterday");                                 // -1
 * }</pre>
 *
 * @since 0.1
 */
public final class HttpDates {
    // The weekday is skipped before parsing: it is redundant, and checking it would reject RFC 850 years
    // read into the wrong century before the window below applies.
    private static final DateTimeFormatter IMF =
            DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);
    private static final DateTimeFormatter RFC850 = new DateTimeFormatterBuilder()
            .appendPattern("dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    private HttpDates() {}

    /**
     * Milliseconds since the epoch for an HTTP date in any of the three forms ({@code Sun, 06 Nov 1994
     * 08:49:37 GMT}, {@code Sunday, 06-Nov-94 08:49:37 GMT}, {@code Sun Nov  6 08:49:37 1994}), or -1
     * when {@code value} is null, longer than 64 characters, or not such a date. Two-digit years are
     * read in the window 1970..2069.
     *
     * @since 0.1
     */
    public static long parse(String value) {
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
            return LocalDateTime.parse(rest, f).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    /** {@code epochMillis} as an IMF-fixdate (whole seconds). @since 0.1 */
    public static String format(long epochMillis) {
        return HttpDate.format(epochMillis);
    }
}
