// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

/**
 * Percent-encoding and decoding of request paths and query strings, byte-wise over ISO-8859-1
 * strings (each char is one byte of the request, SPEC.md rule R2.3).
 *
 * @since 0.1
 */
public final class PercentCodec {
    private static final boolean[] PATH_SAFE = new boolean[128];
    /** What a query string may hold as sent (R2.7): every ASCII character but controls, space, '#' and DEL. */
    private static final boolean[] QUERY_KEPT = new boolean[128];
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static {
        for (char c = '0'; c <= '9'; c++) PATH_SAFE[c] = true;
        for (char c = 'a'; c <= 'z'; c++) PATH_SAFE[c] = true;
        for (char c = 'A'; c <= 'Z'; c++) PATH_SAFE[c] = true;
        for (char c : "/-._~!$&'()*+,;=:@".toCharArray()) PATH_SAFE[c] = true;
        for (char c = '!'; c < 0x7f; c++) QUERY_KEPT[c] = c != '#';
    }

    private PercentCodec() {}

    /**
     * Decodes {@code %XX} escapes; every other character is kept. A {@code %} not followed by two hex
     * digits is kept literally (servers that want to reject it do so before calling this).
     *
     * @since 0.1
     */
    public static String decode(String s) {
        int pct = s.indexOf('%');
        if (pct < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        b.append(s, 0, pct);
        for (int i = pct; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                b.append((char) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2))));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** True when every {@code %} in {@code s} starts a valid {@code %XX} escape. @since 0.1 */
    public static boolean isWellFormed(String s) {
        for (int i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
            if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Encodes a decoded path for use in a URL: characters outside the RFC 3986 path set become
     * {@code %XX} of their (ISO-8859-1) byte.
     *
     * @since 0.1
     */
    public static String encodePath(String s) {
        return encode(s, PATH_SAFE, false);
    }

    /**
     * A query string as SPEC.md R2.7 has it: each space, {@code #}, control character and DEL becomes
     * {@code %XX}; everything else (escapes already there, reserved and non-ASCII characters) is kept,
     * so the result decodes to the same query. Returns {@code s} itself when nothing needs encoding.
     *
     * @since 0.2
     */
    public static String encodeQueryControls(String s) {
        return encode(s, QUERY_KEPT, true);
    }

    /**
     * A query string as a URL holds it (a redirect's Location): as {@link #encodeQueryControls}, and each
     * character beyond ASCII (a byte of the request, R2.3) as {@code %XX} too; it decodes to the same
     * bytes. Returns {@code s} itself when nothing needs encoding.
     *
     * @since 0.2
     */
    public static String encodeQuery(String s) {
        return encode(s, QUERY_KEPT, false);
    }

    /** {@code s} with each ASCII character outside {@code kept}, and each other one unless {@code keepNonAscii}, as %XX. */
    private static String encode(String s, boolean[] kept, boolean keepNonAscii) {
        int i = 0;
        while (i < s.length() && isKept(s.charAt(i), kept, keepNonAscii)) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isKept(c, kept, keepNonAscii)) {
                b.append(c);
            } else {
                int v = c & 0xff;
                b.append('%').append(HEX[v >> 4]).append(HEX[v & 15]);
            }
        }
        return b.toString();
    }

    private static boolean isKept(char c, boolean[] kept, boolean keepNonAscii) {
        return c < 128 ? kept[c] : keepNonAscii;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
