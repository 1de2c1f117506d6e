// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.http;

import io.wsgi4j.handler.HttpDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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
    private static final DateTimeFormatter IMF =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);
    private static final DateTimeFormatter RFC850 =
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.ROOT);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

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
        String v = value.trim();
        DateTimeFormatter f = v.charAt(3) == ',' ? IMF : v.indexOf(',') > 3 ? RFC850 : ASCTIME;
        try {
            LocalDateTime t = LocalDateTime.parse(v, f);
            if (f == RFC850 && t.getYear() >= 2070) {
                t = t.minusYears(100);
            }
            return t.toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    /** {@code epochMillis} as an IMF-fixdate (whole seconds). @since 0.1 */
    public static String format(long epochMillis) {
        return HttpDate.format(epochMillis);
    }
}
