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
        byte[] bytes;
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

    /**
     * A request target as a client puts it on the wire: a fragment ({@code #} and what follows) is
     * left off, as browsers and HTTP clients never send it (RFC 9110 section 7.1); spaces, control
     * characters and non-ASCII characters become {@code %XX} of their UTF-8 bytes; everything else,
     * {@code %} included, stays.
     */
    static String wireTarget(String target) {
        int fragment = target.indexOf('#');
        if (fragment >= 0) {
            target = target.substring(0, fragment);
        }
        StringBuilder b = null;
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c > ' ' && c < 0x7f) {
                if (b != null) {
                    b.append(c);
                }
                continue;
            }
            if (b == null) {
                b = new StringBuilder(target.length() + 16).append(target, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < target.length() ? i + 2 : i + 1;
            for (byte x : target.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                b.append('%').append(HEX[(x >> 4) & 15]).append(HEX[x & 15]);
            }
            i = end - 1;
        }
        return b == null ? target : b.toString();
    }

    /**
     * A header value as a server decodes it (SPEC.md R2.3), each byte one ISO-8859-1 character. A
     * value within U+0000..U+00FF already is such a byte string (the convention of every transport
     * here) and is returned as it is; a value with a character above U+00FF cannot be sent as is,
     * so it is sent as its UTF-8 bytes, as a client would.
     */
    static String wireHeaderValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0xff) {
                return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return value;
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
