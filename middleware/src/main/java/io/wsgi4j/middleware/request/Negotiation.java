// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import io.wsgi4j.Environ;
import io.wsgi4j.middleware.compress.AcceptEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Content negotiation (RFC 9110 section 12.5): picks the best of the server's offers for the request's
 * Accept, Accept-Language or Accept-Encoding header.
 *
 * <pre>{@code
 * String type = Negotiation.best(environ, "text/html", "application/json");   // null: 406
 * String lang = Negotiation.bestLanguage(environ, "en", "fr", "de");
 * String coding = Negotiation.bestEncoding(environ, "gzip", "identity");
 * }</pre>
 *
 * <p>For each offer, the most specific matching range gives its quality ({@code text/html;level=1} over
 * {@code text/html} over {@code text/*} over {@code *}/{@code *}; {@code en-US} over {@code en}); the offer
 * with the highest quality wins, then the one matched more specifically, then the one listed first. An
 * offer whose quality is 0 is never chosen. Without the header every offer is acceptable, so the first
 * wins. Elements that do not parse
 * (say {@code q=abc}) are ignored. Parsed headers are cached in the environ.
 *
 * @since 0.1
 */
public final class Negotiation {
    private Negotiation() {}

    /**
     * The best media type among {@code offers} for the Accept header, or null when none is acceptable.
     *
     * @throws IllegalArgumentException if no offer is given
     * @since 0.1
     */
    public static String best(Environ environ, String... offers) {
        return pick(ranges(environ, "Accept", "wsgi4j.accept"), offers, Negotiation::mediaSpecificity);
    }

    /**
     * The best language tag among {@code offers} for Accept-Language (basic filtering, RFC 4647), or null.
     *
     * @throws IllegalArgumentException if no offer is given
     * @since 0.1
     */
    public static String bestLanguage(Environ environ, String... offers) {
        return pick(ranges(environ, "Accept-Language", "wsgi4j.accept_language"), offers,
                Negotiation::languageSpecificity);
    }

    /**
     * The best content coding among {@code offers} for Accept-Encoding, or null; the rules are
     * {@link AcceptEncoding#best}'s.
     *
     * @throws IllegalArgumentException if no offer is given
     * @since 0.1
     */
    public static String bestEncoding(Environ environ, String... offers) {
        return AcceptEncoding.best(environ.header("Accept-Encoding"), offers);
    }

    /**
     * The quality (0 to 1) the Accept header value {@code accept} gives media type {@code offer}.
     *
     * @since 0.1
     */
    public static double quality(String accept, String offer) {
        List<Range> ranges = parse(accept);
        return quality(ranges, HeaderParams.parse(offer, true), Negotiation::mediaSpecificity)[0];
    }

    /** One element of an Accept-style header. */
    record Range(String value, Map<String, String> params, double q) {}

    /** Scores how specifically {@code range} matches {@code offer}: -1 when it does not match. */
    @FunctionalInterface
    private interface Matcher {
        int specificity(Range range, HeaderParams offer);
    }

    private static List<Range> ranges(Environ environ, String header, String key) {
        String value = environ.header(header);
        return value == null ? null : Cached.get(environ, key, value, Negotiation::parse);
    }

    static List<Range> parse(String header) {
        List<Range> out = new ArrayList<>();
        for (String element : header.split(",")) {
            if (element.isBlank()) {
                continue;
            }
            HeaderParams p = HeaderParams.parse(element, true);
            String qs = p.params().remove("q");
            double q = 1;
            if (qs != null) {
                if (!qs.matches("0(\\.\\d{0,3})?|1(\\.0{0,3})?")) {
                    continue; // a malformed weight: ignore the element rather than guess
                }
                q = Double.parseDouble(qs);
            }
            if (!p.main().isEmpty()) {
                out.add(new Range(p.main(), p.params(), q));
            }
        }
        return out;
    }

    private static String pick(List<Range> ranges, String[] offers, Matcher matcher) {
        if (offers.length == 0) {
            throw new IllegalArgumentException("Negotiation needs at least one offer, got none");
        }
        if (ranges == null) {
            return offers[0];
        }
        String best = null;
        double[] bestScore = {0, -1};
        for (String offer : offers) {
            double[] score = quality(ranges, HeaderParams.parse(offer, true), matcher);
            if (score[0] > bestScore[0] || (score[0] == bestScore[0] && score[0] > 0 && score[1] > bestScore[1])) {
                best = offer;
                bestScore = score;
            }
        }
        return best;
    }

    /** {quality, specificity} of the most specific range matching {@code offer}. */
    private static double[] quality(List<Range> ranges, HeaderParams offer, Matcher matcher) {
        double q = 0;
        int specificity = -1;
        for (Range r : ranges) {
            int s = matcher.specificity(r, offer);
            if (s > specificity) {
                specificity = s;
                q = r.q();
            }
        }
        return new double[] {q, specificity};
    }

    private static int mediaSpecificity(Range range, HeaderParams offer) {
        String r = range.value();
        String o = offer.main();
        if (r.equals("*/*") || r.equals("*")) {
            return 0;
        }
        int slash = r.indexOf('/');
        if (slash < 0) {
            return -1;
        }
        if (r.endsWith("/*")) {
            return o.startsWith(r.substring(0, slash + 1)) ? 1 : -1;
        }
        if (!r.equals(o)) {
            return -1;
        }
        for (Map.Entry<String, String> p : range.params().entrySet()) {
            if (!p.getValue().equalsIgnoreCase(offer.param(p.getKey()))) {
                return -1;
            }
        }
        return 2 + range.params().size();
    }

    private static int languageSpecificity(Range range, HeaderParams offer) {
        String r = range.value();
        String o = offer.main().toLowerCase(Locale.ROOT);
        if (r.equals("*")) {
            return 0;
        }
        return o.equals(r) || o.startsWith(r + "-") ? r.length() : -1;
    }
}
