// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.compress;

/**
 * Reads an Accept-Encoding header (RFC 9110 section 12.5.3) for the weight it gives content codings,
 * with {@code *} and {@code identity} handled as the RFC says; scanning allocates nothing. The one
 * Accept-Encoding parser: {@link io.wsgi4j.middleware.request.Negotiation#bestEncoding} uses it too.
 *
 * <pre>{@code
 * AcceptEncoding.prefers("gzip, deflate, br", "gzip");      // true
 * AcceptEncoding.prefers("gzip;q=0, *", "gzip");            // false: refused explicitly
 * AcceptEncoding.prefers("*;q=0.5, identity", "gzip");      // false: identity weighs more
 * AcceptEncoding.prefers(null, "gzip");                     // false: no header, send identity
 * AcceptEncoding.best("br;q=0.5, gzip", "br", "gzip");      // "gzip"
 * }</pre>
 *
 * <p>The weight of a coding the header lists is its {@code q} (the highest, if listed twice); a coding
 * not listed weighs what {@code *} weighs, else 0. {@code identity} not listed weighs what {@code *}
 * weighs, else it stays acceptable below any coding the client named. Elements with a malformed weight
 * or a parameter other than {@code q} are skipped; {@code x-gzip} counts as {@code gzip}.
 *
 * @since 0.1
 */
public final class AcceptEncoding {
    private static final String IDENTITY = "identity";
    /** The weight of an unlisted identity without {@code *}: acceptable, after anything named. */
    private static final int LAST_RESORT = 1;

    private AcceptEncoding() {}

    /**
     * True when {@code header} makes {@code coding} acceptable (weight above 0) and weighs it at least
     * as much as {@code identity}. Without a header nothing is preferred over identity.
     *
     * @since 0.1
     */
    public static boolean prefers(String header, String coding) {
        if (header == null) {
            return false;
        }
        Weights w = scan(header, coding);
        int c = w.coding >= 0 ? w.coding : Math.max(w.any, 0);
        return c > 0 && c >= w.identity();
    }

    /**
     * The acceptable offer with the highest weight, ties going to the offer the header names
     * explicitly (not through {@code *}), then to the one listed first; null when none is
     * acceptable. Without a header the first offer wins.
     *
     * @throws IllegalArgumentException if no offer is given
     * @since 0.2
     */
    public static String best(String header, String... offers) {
        if (offers.length == 0) {
            throw new IllegalArgumentException("choosing a content coding needs at least one offer, got none");
        }
        if (header == null) {
            return offers[0];
        }
        String best = null;
        int bestScore = 0;
        for (String offer : offers) {
            Weights w = scan(header, offer);
            boolean identity = offer.equalsIgnoreCase(IDENTITY);
            int q = identity ? w.identity() : w.coding >= 0 ? w.coding : Math.max(w.any, 0);
            boolean named = identity ? w.identityListed >= 0 : w.coding >= 0;
            int score = q == 0 ? 0 : q * 2 + (named ? 1 : 0); // weight first, then named over '*'
            if (score > bestScore) {
                best = offer;
                bestScore = score;
            }
        }
        return best;
    }

    /** Listed weights in thousandths, -1 when not listed: of one coding, of identity, of {@code *}. */
    private record Weights(int coding, int identityListed, int any) {
        int identity() {
            return identityListed >= 0 ? identityListed : any >= 0 ? any : LAST_RESORT;
        }
    }

    private static Weights scan(String header, String coding) {
        int codingQ = -1;
        int identityQ = -1;
        int anyQ = -1;
        boolean gzip = coding.equalsIgnoreCase("gzip");
        int i = 0;
        int n = header.length();
        while (i < n) {
            int end = header.indexOf(',', i);
            if (end < 0) {
                end = n;
            }
            int semi = header.indexOf(';', i);
            int nameEnd = semi >= 0 && semi < end ? semi : end;
            int q = semi >= 0 && semi < end ? weight(header, semi + 1, end) : 1000;
            int s = skipSpace(header, i, nameEnd);
            int e = trimEnd(header, s, nameEnd);
            if (q >= 0 && e > s) {
                if (is(header, s, e, coding) || (gzip && is(header, s, e, "x-gzip"))) {
                    codingQ = Math.max(codingQ, q);
                }
                if (is(header, s, e, IDENTITY)) {
                    identityQ = Math.max(identityQ, q);
                } else if (is(header, s, e, "*")) {
                    anyQ = Math.max(anyQ, q);
                }
            }
            i = end + 1;
        }
        return new Weights(codingQ, identityQ, anyQ);
    }

    /** The weight in thousandths from the parameters in {@code s[from, to)}, 1000 without q, -1 if malformed. */
    private static int weight(String s, int from, int to) {
        int i = skipSpace(s, from, to);
        if (i + 1 >= to || (s.charAt(i) != 'q' && s.charAt(i) != 'Q')) {
            return -1;
        }
        i = skipSpace(s, i + 1, to);
        if (i >= to || s.charAt(i) != '=') {
            return -1;
        }
        i = skipSpace(s, i + 1, to);
        int end = trimEnd(s, i, to);
        if (i >= end || (s.charAt(i) != '0' && s.charAt(i) != '1')) {
            return -1;
        }
        int whole = s.charAt(i) - '0';
        int frac = 0;
        int digits = 0;
        if (i + 1 < end) {
            if (s.charAt(i + 1) != '.' || end - (i + 2) > 3) {
                return -1;
            }
            for (int k = i + 2; k < end; k++) {
                char c = s.charAt(k);
                if (c < '0' || c > '9' || (whole == 1 && c != '0')) {
                    return -1;
                }
                frac = frac * 10 + (c - '0');
                digits++;
            }
        }
        while (digits++ < 3) {
            frac *= 10;
        }
        return whole * 1000 + frac;
    }

    private static boolean is(String s, int from, int to, String word) {
        return to - from == word.length() && s.regionMatches(true, from, word, 0, word.length());
    }

    private static int skipSpace(String s, int i, int to) {
        while (i < to && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int trimEnd(String s, int from, int to) {
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return to;
    }
}
