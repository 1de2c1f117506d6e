// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cookie date parser of RFC 6265 section 5.1.1, which browsers use for Expires: it finds the time,
 * day, month and year among the tokens in any order, so RFC 1123 ({@code Thu, 01 Jan 1970 00:00:00 GMT}),
 * RFC 850 ({@code Thursday, 01-Jan-70 00:00:00 GMT}), the Netscape form with dashes
 * ({@code Thu, 01-Jan-1970 00:00:00 GMT}) and asctime ({@code Thu Jan  1 00:00:00 1970}) all parse. A
 * stricter parser would keep a cookie that a browser deletes.
 */
final class CookieDate {
    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

    private CookieDate() {}

    /** The date as milliseconds since the epoch, or null when it is not a cookie date (the attribute is then ignored). */
    static Long parse(String text) {
        int hour = -1;
        int minute = -1;
        int second = -1;
        int day = -1;
        int month = -1;
        int year = -1;
        for (String token : tokens(text)) {
            int[] hms;
            if (hour < 0 && (hms = time(token)) != null) {
                hour = hms[0];
                minute = hms[1];
                second = hms[2];
            } else if (day < 0 && digits(token, 1, 2) >= 0) {
                day = digits(token, 1, 2);
            } else if (month < 0 && month(token) > 0) {
                month = month(token);
            } else if (year < 0 && digits(token, 2, 4) >= 0) {
                year = digits(token, 2, 4);
            }
        }
        if (year >= 70 && year <= 99) {
            year += 1900;
        } else if (year >= 0 && year <= 69) {
            year += 2000;
        }
        if (hour < 0 || day < 1 || day > 31 || month < 0 || year < 1601 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeException e) {
            return null; // 31 February and the like: the date fails, as the RFC says
        }
    }

    /** The date-tokens: the text split at the RFC's delimiters (everything but letters, digits and ':'). */
    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean delimiter = i == text.length() || isDelimiter(text.charAt(i));
            if (delimiter && start >= 0) {
                out.add(text.substring(start, i));
                start = -1;
            } else if (!delimiter && start < 0) {
                start = i;
            }
        }
        return out;
    }

    private static boolean isDelimiter(char c) {
        return c == 0x09 || (c >= 0x20 && c <= 0x2F) || (c >= 0x3B && c <= 0x40) || (c >= 0x5B && c <= 0x60)
                || (c >= 0x7B && c <= 0x7E);
    }

    /**
     * The value of {@code min..max} leading digits followed by nothing or a non-digit (the RFC's
     * {@code 1*2DIGIT ( non-digit *OCTET )}), or -1.
     */
    private static int digits(String token, int min, int max) {
        int n = 0;
        while (n < token.length() && isDigit(token.charAt(n))) {
            n++;
        }
        return n >= min && n <= max ? Integer.parseInt(token.substring(0, n)) : -1;
    }

    /** {@code hh:mm:ss}, each one or two digits, optionally followed by a non-digit; or null. */
    private static int[] time(String token) {
        String[] parts = token.split(":", 3);
        if (parts.length != 3) {
            return null;
        }
        int h = exactly(parts[0]);
        int m = exactly(parts[1]);
        int s = digits(parts[2], 1, 2);
        return h < 0 || m < 0 || s < 0 ? null : new int[] {h, m, s};
    }

    /**
     * The value of a {@code time-field} ({@code 1*2DIGIT} and nothing else), or -1: {@code 1a} is no
     * time-field, and a token with one is not the time (the date is then ignored, not an error).
     */
    private static int exactly(String part) {
        if (part.isEmpty() || part.length() > 2) {
            return -1;
        }
        for (int i = 0; i < part.length(); i++) {
            if (!isDigit(part.charAt(i))) {
                return -1;
            }
        }
        return Integer.parseInt(part);
    }

    /** 1..12 when the token starts with a month's three-letter name (any case), else 0. */
    private static int month(String token) {
        if (token.length() < 3) {
            return 0;
        }
        int i = MONTHS.indexOf(token.substring(0, 3).toLowerCase(Locale.ROOT));
        return i >= 0 && i % 3 == 0 ? i / 3 + 1 : 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
