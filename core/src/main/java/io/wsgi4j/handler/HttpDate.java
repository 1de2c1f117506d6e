// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * IMF-fixdate formatting (RFC 9110 section 5.6.7) with the current second cached, so the Date header
 * costs one volatile read per response.
 *
 * @since 0.1
 */
public final class HttpDate {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

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

    /** {@code epochMillis} as an IMF-fixdate. @since 0.1 */
    public static String format(long epochMillis) {
        return FORMAT.format(Instant.ofEpochMilli(epochMillis));
    }
}
