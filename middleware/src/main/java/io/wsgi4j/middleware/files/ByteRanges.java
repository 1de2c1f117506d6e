// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.files;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Parses a {@code Range: bytes=...} header against a representation's length (RFC 9110 section 14),
 * with the defences section 14.3 asks for: a cap on the number of ranges, overlapping and adjacent
 * ranges coalesced, and numbers of any size read without overflow.
 *
 * <pre>{@code
 * ByteRanges.parse("bytes=0-99,-100", 1000, 16);   // [0-99, 900-999]
 * ByteRanges.parse("bytes=500-599,0-9", 1000, 16); // [500-599, 0-9]: the order asked for
 * ByteRanges.parse("bytes=5000-", 1000, 16);       // UNSATISFIABLE (answer 416)
 * ByteRanges.parse("pages=1", 1000, 16);           // null (ignore the header, answer 200)
 * }</pre>
 *
 * @since 0.1
 */
public final class ByteRanges {
    /** Returned when no range overlaps the representation: answer 416. @since 0.1 */
    public static final List<Range> UNSATISFIABLE = List.of();

    /**
     * One satisfiable range, both ends inclusive as in {@code Content-Range}.
     *
     * @param first the first byte
     * @param last the last byte (inclusive)
     * @since 0.1
     */
    public record Range(long first, long last) {
        /** How many bytes the range holds. @since 0.1 */
        public long length() {
            return last - first + 1;
        }

        /** {@code "bytes first-last/complete"}, the Content-Range value. @since 0.1 */
        public String contentRange(long complete) {
            return "bytes " + first + "-" + last + "/" + complete;
        }
    }

    private ByteRanges() {}

    /**
     * The satisfiable ranges of {@code header} for a representation of {@code length} bytes, in the
     * order the header lists them (RFC 9110 section 14.6 asks for the parts in that order), those that
     * overlap or touch coalesced into one at the place of the first of them; {@link #UNSATISFIABLE}
     * when none is satisfiable; null when the header should be ignored (absent, another unit,
     * malformed, or more than {@code maxRanges} ranges), which means a full 200 response. A suffix
     * range of an empty representation is null too: section 14.1.1 counts it satisfiable, but no
     * partial response can hold zero bytes, so the whole (empty) representation answers it.
     *
     * @throws IllegalArgumentException if {@code length} is negative or {@code maxRanges} is not positive
     * @since 0.1
     */
    public static List<Range> parse(String header, long length, int maxRanges) {
        if (length < 0 || maxRanges <= 0) {
            throw new IllegalArgumentException("length must be >= 0 and maxRanges > 0, got length " + length
                    + " maxRanges " + maxRanges);
        }
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        List<Range> ranges = new ArrayList<>(4);
        boolean emptySuffix = false;
        int specs = 0;
        int i = 6;
        int n = header.length();
        while (i <= n) {
            int comma = header.indexOf(',', i);
            int end = comma < 0 ? n : comma;
            String spec = header.substring(i, end).strip();
            i = end + 1;
            if (spec.isEmpty()) {
                continue; // RFC 9110 list syntax tolerates empty elements
            }
            if (++specs > maxRanges) {
                return null;
            }
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return null;
            }
            long a = dash == 0 ? -1 : number(spec, 0, dash);
            long b = dash == spec.length() - 1 ? -1 : number(spec, dash + 1, spec.length());
            if (a == -2 || b == -2 || (a < 0 && b < 0) || (a >= 0 && b >= 0 && b < a)) {
                return null;
            }
            if (a < 0) { // suffix: the last b bytes
                if (b > 0 && length == 0) {
                    emptySuffix = true;
                } else if (b > 0) {
                    ranges.add(new Range(Math.max(0, length - b), length - 1));
                }
            } else if (a < length) {
                ranges.add(new Range(a, b < 0 ? length - 1 : Math.min(b, length - 1)));
            }
        }
        if (specs == 0 || emptySuffix) {
            return null;
        }
        return ranges.isEmpty() ? UNSATISFIABLE : coalesce(ranges);
    }

    /**
     * Merges the ranges that overlap or touch, keeping the order of {@code ranges}: a merged range
     * takes the place of the first of its parts.
     */
    static List<Range> coalesce(List<Range> ranges) {
        int n = ranges.size();
        if (n == 1) {
            return List.copyOf(ranges);
        }
        Integer[] byFirst = new Integer[n];
        for (int k = 0; k < n; k++) {
            byFirst[k] = k;
        }
        Arrays.sort(byFirst, Comparator.comparingLong(k -> ranges.get(k).first()));
        Range[] at = new Range[n]; // the merged range, at the request position of its first part
        int place = byFirst[0];
        Range current = ranges.get(place);
        for (int k = 1; k < n; k++) {
            int index = byFirst[k];
            Range r = ranges.get(index);
            if (r.first() <= current.last() + 1) {
                current = new Range(current.first(), Math.max(current.last(), r.last()));
                place = Math.min(place, index);
            } else {
                at[place] = current;
                current = r;
                place = index;
            }
        }
        at[place] = current;
        List<Range> out = new ArrayList<>(n);
        for (Range r : at) {
            if (r != null) {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    /** The decimal number in {@code s[from, to)}, saturating at Long.MAX_VALUE; -2 if not all digits. */
    private static long number(String s, int from, int to) {
        long v = 0;
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return -2;
            }
            v = v > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : v * 10 + (c - '0');
        }
        return v;
    }
}
