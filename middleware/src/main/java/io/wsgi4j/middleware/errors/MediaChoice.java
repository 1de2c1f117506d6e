// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.errors;

import java.util.Locale;

/**
 * Picks the error page format from an Accept header: HTML, JSON or plain text, by q-value, with the
 * most specific matching range deciding a type's quality (RFC 9110 section 12.5.1). Kept small and
 * private to this package until the request helpers' content negotiation reaches main.
 */
final class MediaChoice {
    static final String HTML = "text/html";
    static final String JSON = "application/json";
    static final String PLAIN = "text/plain";
    private static final String[] CANDIDATES = {PLAIN, HTML, JSON}; // plain wins ties: it is always readable

    private MediaChoice() {}

    /** The best of plain, HTML and JSON for {@code accept}; plain when the header is absent or accepts none. */
    static String choose(String accept) {
        if (accept == null || accept.isBlank()) {
            return PLAIN;
        }
        String best = PLAIN;
        double bestQ = 0;
        for (String candidate : CANDIDATES) {
            double q = quality(accept, candidate);
            if (q > bestQ) {
                best = candidate;
                bestQ = q;
            }
        }
        return best;
    }

    /** The q-value {@code accept} gives {@code type}: that of the most specific matching range, else 0. */
    static double quality(String accept, String type) {
        int slash = type.indexOf('/');
        double q = 0;
        int specificity = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String media = parts[0].trim().toLowerCase(Locale.ROOT);
            int s;
            if (media.equals(type)) {
                s = 2;
            } else if (media.equals(type.substring(0, slash) + "/*")) {
                s = 1;
            } else if (media.equals("*/*")) {
                s = 0;
            } else {
                continue;
            }
            if (s > specificity) {
                specificity = s;
                q = qOf(parts);
            }
        }
        return q;
    }

    private static double qOf(String[] params) {
        for (int i = 1; i < params.length; i++) {
            String p = params[i].trim();
            if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                try {
                    double q = Double.parseDouble(p.substring(2));
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0; // a malformed weight counts as "not acceptable", never as an error
                }
            }
        }
        return 1;
    }
}
