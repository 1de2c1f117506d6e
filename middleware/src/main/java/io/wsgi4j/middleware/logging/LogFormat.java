// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

/**
 * How an {@link AccessRecord} becomes one log line (without the line break).
 *
 * <pre>{@code
 * COMMON    127.0.0.1 - ann [21/Nov/2026:00:58:24 +0000] "GET /x HTTP/1.1" 200 12
 * COMBINED  ... 200 12 "https://ref.example/" "curl/8.5"
 * EXTENDED  ... "curl/8.5" 1532 "req-42"        (duration in microseconds, request id)
 * JSON      {"time":"2026-11-21T00:58:24Z","remoteAddr":"127.0.0.1",...,"complete":true}
 * }</pre>
 *
 * <p>COMMON and COMBINED are exactly Apache's formats, so log tools read them; EXTENDED appends the
 * time taken and the request id. In the text formats, quotes, backslashes and control characters in
 * request data are escaped as {@code \"}, {@code \\} and {@code \xHH}, so a client cannot forge a line;
 * a size of 0 prints as {@code -}.
 *
 * @since 0.1
 */
public enum LogFormat {
    /** The Common Log Format. @since 0.1 */
    COMMON,
    /** The Combined Log Format: Common plus Referer and User-Agent. @since 0.1 */
    COMBINED,
    /** Combined plus the time taken in microseconds and the request id. @since 0.1 */
    EXTENDED,
    /** One JSON object per line, with every field of the record. @since 0.1 */
    JSON;

    /**
     * Formats {@code r} as one line without a line break.
     *
     * @since 0.1
     */
    public String format(AccessRecord r) {
        StringBuilder b = new StringBuilder(256);
        appendTo(b, LogFields.of(r));
        return b.toString();
    }

    /** Appends the line for {@code f} to {@code b}: the access log's path, with no String per line. */
    void appendTo(StringBuilder b, LogFields f) {
        Stamp stamp = Stamp.of(f.epochSecond(), f.zone());
        if (this == JSON) {
            json(b, f, stamp);
            return;
        }
        b.append(dash(f.remoteAddr())).append(" - ");
        appendEscaped(b, dash(f.remoteUser()));
        b.append(" [").append(stamp.clf).append("] \"");
        appendEscaped(b, f.method());
        b.append(' ');
        appendEscaped(b, f.target());
        b.append(' ');
        appendEscaped(b, f.protocol());
        b.append("\" ").append(f.status()).append(' ');
        if (f.bytes() == 0) {
            b.append('-');
        } else {
            b.append(f.bytes());
        }
        if (this != COMMON) {
            b.append(" \"");
            appendEscaped(b, dash(f.referer()));
            b.append("\" \"");
            appendEscaped(b, dash(f.userAgent()));
            b.append('"');
            if (this == EXTENDED) {
                b.append(' ').append(f.durationNanos() / 1000).append(" \"");
                appendEscaped(b, dash(f.requestId()));
                b.append('"');
            }
        }
    }

    /** Every field in a fixed order, absent ones left out, strings escaped as Jackson escapes them. */
    private static void json(StringBuilder b, LogFields f, Stamp stamp) {
        b.append("{\"time\":\"");
        stamp.appendIso(b, f.nano());
        b.append('"');
        jsonField(b, "remoteAddr", f.remoteAddr());
        jsonField(b, "remoteUser", f.remoteUser());
        jsonField(b, "method", f.method());
        jsonField(b, "target", f.target());
        jsonField(b, "protocol", f.protocol());
        b.append(",\"status\":").append(f.status());
        b.append(",\"bytes\":").append(f.bytes());
        b.append(",\"durationMicros\":").append(f.durationNanos() / 1000);
        jsonField(b, "referer", f.referer());
        jsonField(b, "userAgent", f.userAgent());
        jsonField(b, "requestId", f.requestId());
        jsonField(b, "route", f.route());
        b.append(",\"complete\":").append(f.complete());
        jsonField(b, "traceId", f.traceId());
        b.append('}');
    }

    private static void jsonField(StringBuilder b, String name, String value) {
        if (value != null) {
            b.append(",\"").append(name).append("\":\"");
            JsonText.appendEscaped(b, value);
            b.append('"');
        }
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    /** Apache's escaping: {@code "} and {@code \} backslashed, other bytes below 0x20 and 0x7f as \xHH. */
    static void appendEscaped(StringBuilder b, String s) {
        int n = s.length();
        int i = 0;
        while (i < n && !needsEscape(s.charAt(i))) {
            i++;
        }
        b.append(s, 0, i); // the common case: nothing to escape, one bulk copy
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            } else {
                b.append(c);
            }
        }
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == '"' || c == '\\' || c == 0x7f;
    }
}
