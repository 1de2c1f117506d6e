// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

/**
 * Request text escaped for a log line as Apache escapes it: a backslash doubled, other bytes below 0x20
 * and 0x7f to 0x9f as {@code \xHH}, and inside a quoted field {@code "} backslashed too. The C1 controls
 * (0x80 to 0x9f) are header bytes a client sent, read as Latin-1: raw, they would reach the log as the
 * controls themselves (CSI starts a terminal escape, NEL ends a line for some readers), as ESC and LF
 * would; a percent-decoded {@code %0A} in a path would end the line and forge the next. The servers'
 * own failure reports on {@code wsgi.errors}, the access logs and {@code ErrorCatcher}'s line share it;
 * an application that logs request data can use it too.
 *
 * <pre>{@code
 * environ.errors().println("refused " + LogEscape.of(environ.pathInfo()));
 * }</pre>
 *
 * @since 0.2
 */
public final class LogEscape {
    private LogEscape() {}

    /** Appends {@code s} escaped; with {@code quoted}, for a field between double quotes. @since 0.2 */
    public static void append(StringBuilder b, String s, boolean quoted) {
        int n = s.length();
        int i = plainPrefix(s, quoted);
        b.append(s, 0, i); // the common case: nothing to escape, one bulk copy
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\\' || quoted && c == '"') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7f && c <= 0x9f) {
                b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            } else {
                b.append(c);
            }
        }
    }

    /** {@code s} escaped for a field that is not quoted: {@code s} itself when nothing needs it. @since 0.2 */
    public static String of(String s) {
        int i = plainPrefix(s, false);
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        append(b, s, false);
        return b.toString();
    }

    private static int plainPrefix(String s, boolean quoted) {
        int i = 0;
        while (i < s.length() && !needsEscape(s.charAt(i), quoted)) {
            i++;
        }
        return i;
    }

    private static boolean needsEscape(char c, boolean quoted) {
        return c < 0x20 || c == '\\' || quoted && c == '"' || c >= 0x7f && c <= 0x9f;
    }
}
