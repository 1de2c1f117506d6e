// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.routing;

/** One template segment: a literal, or a variable with optional literal prefix and suffix. */
final class Segment {
    final String literal;        // Latin-1 form of the UTF-8 bytes, as PATH_INFO carries them
    final String encodedLiteral; // for URL building
    final String name;
    final Constraint constraint; // null for a literal segment
    final String prefix;
    final String suffix;
    final String encodedPrefix;
    final String encodedSuffix;

    Segment(String literal) {
        this.literal = PathSegments.latin1(literal);
        this.encodedLiteral = PathSegments.encode(literal, false, new StringBuilder()).toString();
        this.name = null;
        this.constraint = null;
        this.prefix = this.suffix = this.encodedPrefix = this.encodedSuffix = "";
    }

    Segment(String prefix, String name, Constraint constraint, String suffix) {
        this.literal = null;
        this.encodedLiteral = null;
        this.name = name;
        this.constraint = constraint;
        this.prefix = PathSegments.latin1(prefix);
        this.suffix = PathSegments.latin1(suffix);
        this.encodedPrefix = PathSegments.encode(prefix, false, new StringBuilder()).toString();
        this.encodedSuffix = PathSegments.encode(suffix, false, new StringBuilder()).toString();
    }

    /** The decoded, checked value of {@code text[start, end)} for this variable segment, or null. */
    String value(String text, int start, int end) {
        int p = prefix.length();
        int q = suffix.length();
        if (end - start < p + q || !text.startsWith(prefix, start) || !text.startsWith(suffix, end - q)) {
            return null;
        }
        if (constraint != Constraint.PATH && isDotSegment(text, start, end)) {
            return null; // no client sends "." or ".." as a segment (it resolves them away): a crafted path
        }
        String value = PathSegments.utf8(text.substring(start + p, end - q));
        return value != null && constraint.test(value) ? value : null;
    }

    /** Whether {@code text[start, end)} is "." or "..", a dot segment (RFC 3986 section 3.3). */
    private static boolean isDotSegment(String text, int start, int end) {
        int n = end - start;
        return (n == 1 || n == 2) && text.charAt(start) == '.' && text.charAt(end - 1) == '.';
    }

    int weight() {
        if (constraint == null) {
            return 0;
        }
        if (constraint == Constraint.PATH) {
            return 4;
        }
        int w = constraint == Constraint.STR ? 3 : 2;
        return prefix.isEmpty() && suffix.isEmpty() ? w : 1;
    }
}
