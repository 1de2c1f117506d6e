// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import io.wsgi4j.Header;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keeps a response that sets or deletes the session cookie out of shared caches (RFC 9111 section
 * 5.2.2.7, RFC 6265 section 8): such a response carries one user's credential, and a CDN or proxy that
 * stored it would hand that cookie to the next user. Only {@code no-store} and {@code private} keep
 * it out; {@code no-cache} does not (a cache may store the response and serve it again, Set-Cookie
 * and all, after a 304, RFC 9111 section 4.3.4).
 */
final class PrivateResponse {
    private PrivateResponse() {}

    /**
     * Makes the Cache-Control of {@code headers} (a list this response owns, changed in place)
     * private: left as it is when it says {@code no-store} or {@code private} (also a {@code private}
     * naming Set-Cookie); {@code private} added when there is none; else {@code public},
     * {@code s-maxage} and a {@code private} naming other fields only are replaced by {@code private},
     * the other directives kept, all Cache-Control lines joined into one (RFC 9110 section 5.3).
     */
    static void make(List<Header> headers) {
        List<String> kept = new ArrayList<>();
        int first = -1;
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            if (!h.is("Cache-Control")) {
                continue;
            }
            if (first < 0) {
                first = i;
            }
            for (String directive : directives(h.value())) {
                String name = nameOf(directive);
                if (name.equals("no-store") || name.equals("private") && coversSetCookie(directive)) {
                    return;
                }
                if (!name.equals("public") && !name.equals("s-maxage") && !name.equals("private")) {
                    kept.add(directive);
                }
            }
        }
        kept.add(0, "private");
        Header merged = Header.of("Cache-Control", String.join(", ", kept));
        if (first < 0) {
            headers.add(merged);
            return;
        }
        headers.set(first, merged);
        for (int i = headers.size() - 1; i > first; i--) {
            if (headers.get(i).is("Cache-Control")) {
                headers.remove(i);
            }
        }
    }

    /** The directive's name, lower-cased: what comes before {@code =}. */
    private static String nameOf(String directive) {
        int eq = directive.indexOf('=');
        return (eq < 0 ? directive : directive.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
    }

    /** True for an unqualified {@code private}, or a qualified one whose field list names Set-Cookie. */
    private static boolean coversSetCookie(String directive) {
        int eq = directive.indexOf('=');
        if (eq < 0) {
            return true;
        }
        String fields = directive.substring(eq + 1).strip();
        if (fields.length() >= 2 && fields.startsWith("\"") && fields.endsWith("\"")) {
            fields = fields.substring(1, fields.length() - 1);
        }
        for (String field : fields.split(",")) {
            if (field.strip().equalsIgnoreCase("Set-Cookie")) {
                return true;
            }
        }
        return false;
    }

    /** The non-empty directives of a Cache-Control value, split on commas outside quoted strings, trimmed. */
    static List<String> directives(String value) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\') {
                i++; // a quoted-pair: the next character is literal
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                add(out, value.substring(start, i));
                start = i + 1;
            }
        }
        add(out, value.substring(Math.min(start, value.length())));
        return out;
    }

    private static void add(List<String> directives, String directive) {
        String d = directive.strip();
        if (!d.isEmpty()) {
            directives.add(d);
        }
    }
}
