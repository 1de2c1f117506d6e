// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.internal;

import io.wsgi4j.Header;
import java.util.List;

/**
 * Adds a request field name to a response's Vary (RFC 9110 section 12.5.5). Vary is a list, and its
 * field lines together make one list (section 5.3): a response may carry several Vary lines, so every
 * line is read and every line kept; the name is appended to the first line, or sent as a new one.
 *
 * @since 0.2
 */
public final class VaryList {
    private VaryList() {}

    /**
     * {@code headers} with {@code name} in their Vary: {@code headers} itself when some Vary line
     * already lists it (ignoring case) or is {@code *}; else the first Vary line with {@code ", name"}
     * appended, or a {@code Vary: name} line added. Edits go through {@link HeaderLists}.
     *
     * @since 0.2
     */
    public static List<Header> with(List<Header> headers, String name) {
        int first = -1;
        for (int i = 0, n = headers.size(); i < n; i++) {
            Header h = headers.get(i);
            if (h.is("Vary")) {
                if (lists(h.value(), name)) {
                    return headers;
                }
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (first < 0) {
            return HeaderLists.plus(headers, Header.of("Vary", name));
        }
        String existing = headers.get(first).value().strip();
        return HeaderLists.replaced(headers, first, Header.of("Vary", existing.isEmpty() ? name : existing + ", " + name));
    }

    /**
     * True when the Vary value {@code vary} is {@code *} or lists {@code name} as a whole member (ignoring
     * case): {@code X-Original-Host} does not list {@code Origin}.
     *
     * @since 0.2
     */
    public static boolean lists(String vary, String name) {
        int i = 0;
        int n = vary.length();
        while (i <= n) {
            int end = vary.indexOf(',', i);
            if (end < 0) {
                end = n;
            }
            int s = i;
            int e = end;
            while (s < e && (vary.charAt(s) == ' ' || vary.charAt(s) == '\t')) {
                s++;
            }
            while (e > s && (vary.charAt(e - 1) == ' ' || vary.charAt(e - 1) == '\t')) {
                e--;
            }
            if ((e - s == 1 && vary.charAt(s) == '*')
                    || (e - s == name.length() && vary.regionMatches(true, s, name, 0, name.length()))) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }
}
