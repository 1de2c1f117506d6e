// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.caching;

/**
 * Entity-tag comparison against the lists in If-Match and If-None-Match (RFC 9110 section 8.8.3),
 * without allocating: the list is scanned in place.
 *
 * <pre>{@code
 * EntityTags.anyMatch("W/\"a\", \"b\"", "\"a\"", false);   // true: weak comparison
 * EntityTags.anyMatch("W/\"a\"", "\"a\"", true);           // false: a weak tag never matches strongly
 * EntityTags.anyMatch("*", "\"a\"", true);                 // true
 * }</pre>
 *
 * @since 0.1
 */
public final class EntityTags {
    private EntityTags() {}

    /**
     * True when {@code etag} is a valid entity-tag: an optional {@code W/}, then a quoted string of
     * visible characters other than {@code "} (no spaces).
     *
     * @since 0.1
     */
    public static boolean isValid(String etag) {
        if (etag == null) {
            return false;
        }
        int start = etag.startsWith("W/") ? 2 : 0;
        return tagEnd(etag, start) == etag.length();
    }

    /**
     * True when the header list matches {@code etag}: {@code *} matches any current representation,
     * otherwise one listed tag must compare equal, strongly (both not weak, as for If-Match) or weakly
     * (opaque parts equal, as for If-None-Match). A malformed list matches nothing from the point where
     * it stops parsing.
     *
     * @param list the header value, or null (then false)
     * @param etag the representation's tag, or null (then false except for {@code *})
     * @param strong strong comparison when true
     * @since 0.1
     */
    public static boolean anyMatch(String list, String etag, boolean strong) {
        if (list == null) {
            return false;
        }
        String trimmed = list.strip();
        if (trimmed.equals("*")) {
            return true;
        }
        if (etag == null || !isValid(etag)) {
            return false;
        }
        boolean etagWeak = etag.startsWith("W/");
        if (strong && etagWeak) {
            return false;
        }
        int opaqueStart = etagWeak ? 2 : 0;
        int opaqueLength = etag.length() - opaqueStart;
        int i = 0;
        int n = list.length();
        while (i < n) {
            char c = list.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            boolean weak = list.startsWith("W/", i);
            int start = weak ? i + 2 : i;
            int end = tagEnd(list, start);
            if (end < 0) {
                return false;
            }
            if (!(strong && weak) && end - start == opaqueLength
                    && list.regionMatches(start, etag, opaqueStart, opaqueLength)) {
                return true;
            }
            i = end;
        }
        return false;
    }

    /** Where the quoted opaque tag starting at {@code start} ends (exclusive), or -1 if it is malformed. */
    private static int tagEnd(String s, int start) {
        if (start >= s.length() || s.charAt(start) != '"') {
            return -1;
        }
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c <= 0x20 || c == 0x7f) {
                return -1;
            }
        }
        return -1;
    }
}
