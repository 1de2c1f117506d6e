// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.compress;

/**
 * Reads an Accept-Encoding header (RFC 9110 section 12.5.3) for the weight it gives one content
 * coding, with {@code *} and {@code identity} handled as the RFC says; scanning allocates nothing.
 *
 * <pre>{@code
 * AcceptEncoding.prefers("gzip, deflate, br", "gzip");      // true
 * AcceptEncoding.prefers("gzip;q=0, *", "gzip");            // false: refused explicitly
 * AcceptEncoding.prefers("*;q=0.5, identity", "gzip");      // false: identity weighs more
 * AcceptEncoding.prefers(null, "gzip");                     // false: no header, send identity
 * }</pre>
 *
 * @since 0.1
 */
public final class AcceptEncoding {
    private AcceptEncoding() {}

    /**
     * True when {@code header} makes {@code coding} acceptable (weight above 0) and weighs it at least
     * as much as {@code identity}. Without a header nothing is preferred over identity. The weight of
     * a coding not listed comes from {@code *}, else 0; identity not listed weighs what {@code *} weighs
     * (it stays acceptable, RFC 9110 section 12.5.3, but ranks below any coding the client named).
     * Elements with a malformed weight are skipped; {@code x-gzip} counts as {@code gzip}.
     *
     * @since 0.1
     */
    public static boolean prefers(String header, String coding) {
        if (header == null) {
            return false;
        }
        int codingQ = -1;
        int identityQ = -1;
        int anyQ = -1;
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
                if (is(header, s, e, coding) || (coding.equals("gzip") && is(header, s, e, "x-gzip"))) {
                    codingQ = Math.max(codingQ, q);
                } else if (is(header, s, e, "identity")) {
                    identityQ = Math.max(identityQ, q);
                } else if (is(header, s, e, "*")) {
                    anyQ = Math.max(anyQ, q);
                }
            }
            i = end + 1;
        }
        int c = codingQ >= 0 ? codingQ : Math.max(anyQ, 0);
        int id = identityQ >= 0 ? identityQ : Math.max(anyQ, 0);
        return c > 0 && c >= id;
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
