// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

/**
 * JSON string escaping for log lines, character for character what Jackson writes: {@code "} and
 * {@code \} backslashed, {@code \b \t \n \f \r} by name, other characters below 0x20 as
 * a backslash, {@code u00} and two upper-case hex digits, everything else as is (the line is one line of UTF-8).
 */
final class JsonText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private JsonText() {}

    /** Appends {@code s} escaped, without the surrounding quotes. */
    static void appendEscaped(StringBuilder b, String s) {
        int n = s.length();
        int i = 0;
        while (i < n && !needsEscape(s.charAt(i))) {
            i++;
        }
        b.append(s, 0, i); // the common case: nothing to escape, one bulk copy
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (!needsEscape(c)) {
                b.append(c);
                continue;
            }
            b.append('\\');
            switch (c) {
                case '"', '\\' -> b.append(c);
                case '\b' -> b.append('b');
                case '\t' -> b.append('t');
                case '\n' -> b.append('n');
                case '\f' -> b.append('f');
                case '\r' -> b.append('r');
                default -> b.append("u00").append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == '"' || c == '\\';
    }
}
