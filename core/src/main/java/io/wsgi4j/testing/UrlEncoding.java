// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of query parameters and form fields (UTF-8, RFC 3986 unreserved kept). */
final class UrlEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UrlEncoding() {}

    /**
     * Encodes {@code s} for a query or form: unreserved characters stay, a space becomes {@code +}
     * when {@code plusForSpace} (HTML form encoding) or {@code %20}, every other byte of its UTF-8
     * form becomes {@code %XX}.
     */
    static String encode(String s, boolean plusForSpace) {
        StringBuilder b = null;
        byte[] bytes = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isUnreserved(c)) {
                if (b != null) {
                    b.append(c);
                }
                continue;
            }
            if (b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (c == ' ' && plusForSpace) {
                b.append('+');
                continue;
            }
            int end = i + 1;
            if (Character.isHighSurrogate(c) && end < s.length()) {
                end++;
            }
            bytes = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
            for (byte x : bytes) {
                b.append('%').append(HEX[(x >> 4) & 15]).append(HEX[x & 15]);
            }
            i = end - 1;
        }
        return b == null ? s : b.toString();
    }

    /** {@code name=value} pairs joined with {@code &}, both sides encoded. */
    static String pairs(java.util.List<String[]> pairs, boolean plusForSpace) {
        StringBuilder b = new StringBuilder();
        for (String[] p : pairs) {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(encode(p[0], plusForSpace)).append('=').append(encode(p[1], plusForSpace));
        }
        return b.toString();
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
