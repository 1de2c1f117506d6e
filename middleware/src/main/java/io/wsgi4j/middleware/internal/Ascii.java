// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.internal;

/**
 * Case-insensitive matching of header values against lower-case ASCII words, without building a
 * lower-cased copy: the checks middleware runs on every response ({@code Content-Type} prefixes,
 * {@code no-transform}, {@code Vary} members) allocated one String each with {@code toLowerCase}.
 * Only ASCII letters fold, which is what {@code toLowerCase(Locale.ROOT)} does for every word these
 * are used with (no other character lower-cases to an ASCII letter of them).
 *
 * @since 0.2
 */
public final class Ascii {
    private Ascii() {}

    /** True when {@code s} starts with {@code lowerPrefix} (lower-case ASCII), ignoring ASCII case. @since 0.2 */
    public static boolean startsWithIgnoreCase(String s, String lowerPrefix) {
        return s.length() >= lowerPrefix.length() && matchesAt(s, 0, lowerPrefix);
    }

    /** True when {@code s} contains {@code lowerWord} (lower-case ASCII), ignoring ASCII case. @since 0.2 */
    public static boolean containsIgnoreCase(String s, String lowerWord) {
        for (int i = 0, last = s.length() - lowerWord.length(); i <= last; i++) {
            if (matchesAt(s, i, lowerWord)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAt(String s, int at, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            char c = s.charAt(at + i);
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
