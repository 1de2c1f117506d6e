// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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

    private static final DateTimeFormatter CLF_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z",
            Locale.ENGLISH);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One builder per thread, reused for every line: the line is copied out once, by toString. */
    private static final ThreadLocal<StringBuilder> BUILDER = ThreadLocal.withInitial(() -> new StringBuilder(256));
    private static final int MAX_KEPT = 4096;

    /** The last second formatted, shared by all threads: formatting a date costs far more than logging it. */
    private static volatile ClfTime lastTime = new ClfTime(Long.MIN_VALUE, null, "");

    private record ClfTime(long epochSecond, java.time.ZoneOffset offset, String text) {}

    /**
     * Formats {@code r} as one line without a line break.
     *
     * @since 0.1
     */
    public String format(AccessRecord r) {
        if (this == JSON) {
            return json(r);
        }
        StringBuilder b = BUILDER.get();
        b.setLength(0);
        b.append(dash(r.remoteAddr())).append(" - ");
        appendEscaped(b, dash(r.remoteUser()));
        b.append(" [").append(clfTime(r.time())).append("] \"");
        appendEscaped(b, r.method());
        b.append(' ');
        appendEscaped(b, r.target());
        b.append(' ');
        appendEscaped(b, r.protocol());
        b.append("\" ").append(r.status()).append(' ');
        if (r.bytes() == 0) {
            b.append('-');
        } else {
            b.append(r.bytes());
        }
        if (this != COMMON) {
            b.append(" \"");
            appendEscaped(b, dash(r.referer()));
            b.append("\" \"");
            appendEscaped(b, dash(r.userAgent()));
            b.append('"');
            if (this == EXTENDED) {
                b.append(' ').append(r.durationNanos() / 1000).append(" \"");
                appendEscaped(b, dash(r.requestId()));
                b.append('"');
            }
        }
        String line = b.toString();
        if (b.capacity() > MAX_KEPT) {
            BUILDER.remove(); // one huge line (a long target) must not pin its buffer to the thread
        }
        return line;
    }

    private static String clfTime(java.time.ZonedDateTime time) {
        ClfTime last = lastTime;
        long second = time.toEpochSecond();
        if (last.epochSecond() == second && time.getOffset().equals(last.offset())) {
            return last.text();
        }
        String text = CLF_TIME.format(time);
        lastTime = new ClfTime(second, time.getOffset(), text);
        return text;
    }

    private static String json(AccessRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", r.time().toOffsetDateTime().toString());
        m.put("remoteAddr", r.remoteAddr());
        m.put("remoteUser", r.remoteUser());
        m.put("method", r.method());
        m.put("target", r.target());
        m.put("protocol", r.protocol());
        m.put("status", r.status());
        m.put("bytes", r.bytes());
        m.put("durationMicros", r.durationNanos() / 1000);
        m.put("referer", r.referer());
        m.put("userAgent", r.userAgent());
        m.put("requestId", r.requestId());
        m.put("route", r.route());
        m.put("complete", r.complete());
        m.put("traceId", r.traceId());
        m.values().removeIf(v -> v == null);
        try {
            return MAPPER.writeValueAsString(m); // Jackson escapes control characters, so one line
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serialises: " + e, e);
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
