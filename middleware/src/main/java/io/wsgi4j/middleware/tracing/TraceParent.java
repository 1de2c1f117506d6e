// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.tracing;

import io.wsgi4j.middleware.internal.Hex;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A W3C Trace Context {@code traceparent} value: trace id, span id and flags; immutable.
 *
 * <pre>{@code
 * TraceParent in = TraceParent.tryParse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
 * TraceParent mine = in == null ? TraceParent.newTrace(false) : in.child();
 * mine.toString();   // "00-4bf92f3577b34da6a3ce929d0e0e4736-<new span id>-01"
 * }</pre>
 *
 * <p>Accepted (Trace Context, section 3.2): {@code version-traceid-parentid-flags}, all lowercase hex;
 * version {@code 00} is exactly 55 characters; a higher version (not {@code ff}) may carry more fields
 * after a further {@code -}, which are ignored, as the specification asks of a version 00 parser. The
 * trace id (32 digits) and span id (16 digits) must not be all zeros. Uppercase hex, wrong lengths,
 * version {@code ff} and anything else are rejected.
 *
 * @param traceId 32 lowercase hex digits, not all zero
 * @param spanId 16 lowercase hex digits, not all zero: the parent id of the header
 * @param flags the trace flags, 0 to 255; bit 0 is "sampled"
 * @since 0.2
 */
public record TraceParent(String traceId, String spanId, int flags) {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException naming the field and the value when one is malformed
     * @since 0.2
     */
    public TraceParent {
        if (!isId(traceId, 32)) {
            throw new IllegalArgumentException("trace id must be 32 lowercase hex digits, not all zero; got "
                    + quote(traceId));
        }
        if (!isId(spanId, 16)) {
            throw new IllegalArgumentException("span id must be 16 lowercase hex digits, not all zero; got "
                    + quote(spanId));
        }
        if (flags < 0 || flags > 255) {
            throw new IllegalArgumentException("flags must be 0 to 255, got " + flags);
        }
    }

    /**
     * Parses a {@code traceparent} header value.
     *
     * @return the value, or null when {@code header} is null or not a valid traceparent
     * @since 0.2
     */
    public static TraceParent tryParse(String header) {
        if (header == null || header.length() < 55) {
            return null;
        }
        int version = hexByte(header, 0);
        if (version < 0 || version == 0xff || header.charAt(2) != '-' || header.charAt(35) != '-'
                || header.charAt(52) != '-') {
            return null;
        }
        if (header.length() > 55 && (version == 0 || header.charAt(55) != '-')) {
            return null; // version 00 is exactly 55 characters; later versions extend it after a '-'
        }
        int flags = hexByte(header, 53);
        String traceId = header.substring(3, 35);
        String spanId = header.substring(36, 52);
        if (flags < 0 || !isId(traceId, 32) || !isId(spanId, 16)) {
            return null;
        }
        return new TraceParent(traceId, spanId, flags);
    }

    /**
     * Parses a {@code traceparent} header value.
     *
     * @throws IllegalArgumentException showing the value and the expected form when it is not valid
     * @since 0.2
     */
    public static TraceParent parse(String header) {
        TraceParent t = tryParse(header);
        if (t == null) {
            throw new IllegalArgumentException("not a W3C traceparent: " + quote(header) + "; expected"
                    + " 00-<32 lowercase hex trace id>-<16 lowercase hex parent id>-<2 hex flags>, ids not all zero");
        }
        return t;
    }

    /**
     * A new trace: random trace and span ids (from {@link ThreadLocalRandom}: unique, not secret).
     *
     * @param sampled whether the sampled flag is set
     * @since 0.2
     */
    public static TraceParent newTrace(boolean sampled) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new TraceParent(Hex.of(nonZero(r), r.nextLong()), Hex.of(nonZero(r)), sampled ? 1 : 0);
    }

    /** The same trace and flags with a new span id: this server's span below the caller's. @since 0.2 */
    public TraceParent child() {
        return new TraceParent(traceId, Hex.of(nonZero(ThreadLocalRandom.current())), flags);
    }

    /** Whether the sampled flag (bit 0) is set. @since 0.2 */
    public boolean sampled() {
        return (flags & 1) != 0;
    }

    /** The header value, version 00: {@code 00-traceId-spanId-flags}. @since 0.2 */
    @Override
    public String toString() {
        return "00-" + traceId + "-" + spanId + "-" + HEX[flags >> 4] + HEX[flags & 15];
    }

    private static long nonZero(ThreadLocalRandom r) {
        long v;
        do {
            v = r.nextLong();
        } while (v == 0);
        return v;
    }

    private static boolean isId(String s, int length) {
        if (s == null || s.length() != length) {
            return false;
        }
        boolean nonZero = false;
        for (int i = 0; i < length; i++) {
            int d = digit(s.charAt(i));
            if (d < 0) {
                return false;
            }
            nonZero |= d != 0;
        }
        return nonZero;
    }

    /** Two lowercase hex digits at {@code at} as 0 to 255, or -1. */
    private static int hexByte(String s, int at) {
        int hi = digit(s.charAt(at));
        int lo = digit(s.charAt(at + 1));
        return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
    }

    private static int digit(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
