// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A path template with named segments, parsed once and matched segment by segment.
 *
 * <pre>{@code
 * PathTemplate t = PathTemplate.parse("/projects/{project}/tickets/{id:int}");
 * t.match("/projects/kforge/tickets/42");          // {project=kforge, id=42}
 * t.expand(Map.of("project", "a b", "id", 7));     // "/projects/a%20b/tickets/7"
 * }</pre>
 *
 * <p>Syntax: the template starts with {@code /}; a segment is literal text or one variable
 * {@code {name}} or {@code {name:type}}, optionally between a literal prefix and suffix
 * ({@code v{major:int}}, {@code {name}.json}). Types: {@code str} (default: any non-empty segment),
 * {@code int} (1-18 digits), {@code uuid}, a character class with repetition ({@code [a-z-]+},
 * {@code [0-9]{4}}), and {@code path} (the non-empty rest of the path, slashes included; last segment
 * only). Matching costs time linear in the path: no regular expressions, no backtracking. Values are
 * percent-decoded and read as UTF-8; a segment that is not valid UTF-8 does not match. A {@code path}
 * value may hold {@code ..} segments: resolve it safely before using it as a file name.
 *
 * @since 0.1
 */
public final class PathTemplate {
    private final String source;
    private final Segment[] segments;
    private final List<String> variables;
    private final boolean catchAll;

    private PathTemplate(String source, Segment[] segments, List<String> variables) {
        this.source = source;
        this.segments = segments;
        this.variables = variables;
        this.catchAll = segments.length > 0 && segments[segments.length - 1].constraint == Constraint.PATH;
    }

    /**
     * Parses {@code template}.
     *
     * @throws IllegalArgumentException naming the template when it does not start with {@code /}, has
     *     unbalanced braces, an invalid or repeated variable name, an unknown type, more than one
     *     variable in a segment, a {@code path} variable that is not the whole last segment, or
     *     {@code ?} or {@code #}
     * @since 0.1
     */
    public static PathTemplate parse(String template) {
        Objects.requireNonNull(template, "template");
        return TemplateParser.parse(template);
    }

    static PathTemplate of(String source, List<Segment> segments, List<String> variables) {
        return new PathTemplate(source, segments.toArray(new Segment[0]), List.copyOf(variables));
    }

    /** The variable names in order of appearance. @since 0.1 */
    public List<String> variables() {
        return variables;
    }

    /**
     * Matches a whole decoded path (a PATH_INFO value); an empty path counts as {@code /}.
     *
     * @return the variables' decoded values by name (unmodifiable), or null when the path does not match
     * @since 0.1
     */
    public Map<String, String> match(String path) {
        String[] segs = PathSegments.split(path);
        String[] values = new String[variables.size()];
        return segs != null && match(segs, values) ? toMap(values) : null;
    }

    /**
     * Matches the template against the leading segments of {@code path}: the form a front controller
     * or mount needs ({@code /projects/{project}/{service}} against {@code /projects/p1/wiki/Home}).
     *
     * @return the match with its arguments, the matched prefix and the rest, or null
     * @throws IllegalStateException if the template ends with a {@code path} variable
     * @since 0.1
     */
    public Match matchPrefix(String path) {
        if (catchAll) {
            throw new IllegalStateException("route template \"" + source + "\" ends with a path variable, so it has"
                    + " no prefix to match; use match(path) instead");
        }
        String[] segs = PathSegments.split(path);
        if (segs == null || segs.length < segments.length) {
            return null;
        }
        String[] values = new String[variables.size()];
        if (!matchSegments(segs, segments.length, values)) {
            return null;
        }
        int end = 0;
        for (int i = 0; i < segments.length; i++) {
            end += 1 + segs[i].length();
        }
        end = Math.min(end, path.length());
        return new Match(toMap(values), path.substring(0, end), path.substring(end));
    }

    /** Matches split, still-encoded-as-Latin-1 segments; fills {@code values} in variable order. */
    boolean match(String[] segs, String[] values) {
        if (catchAll ? segs.length < segments.length : segs.length != segments.length) {
            return false;
        }
        return matchSegments(segs, segs.length, values);
    }

    private boolean matchSegments(String[] segs, int count, String[] values) {
        int v = 0;
        for (int i = 0; i < segments.length; i++) {
            Segment s = segments[i];
            if (s.constraint == null) {
                if (!s.literal.equals(segs[i])) {
                    return false;
                }
                continue;
            }
            String value = s.constraint == Constraint.PATH ? String.join("/", java.util.Arrays.asList(segs)
                    .subList(i, count)) : s.valueOf(segs[i]);
            value = value == null ? null : PathSegments.utf8(value);
            if (value == null || !s.constraint.test(value)) {
                return false;
            }
            values[v++] = value;
        }
        return true;
    }

    /** The segment-by-segment specificity used to order routes: literals first, catch-alls last. */
    int[] weights() {
        int[] w = new int[segments.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = segments[i].weight();
        }
        return w;
    }

    /**
     * Builds the percent-encoded path for {@code args}: every variable must be present and satisfy
     * its type. {@code /} inside a value is encoded ({@code %2F}) except in a {@code path} variable;
     * CR, LF and everything outside the RFC 3986 path characters are encoded too.
     *
     * @throws IllegalArgumentException if a variable is missing or its value does not fit its type
     * @since 0.1
     */
    public String expand(Map<String, ?> args) {
        StringBuilder b = new StringBuilder(source.length() + 16);
        for (Segment s : segments) {
            b.append('/');
            if (s.constraint == null) {
                b.append(s.encodedLiteral);
                continue;
            }
            Object raw = args.get(s.name);
            if (raw == null) {
                throw new IllegalArgumentException("route template \"" + source + "\" needs a value for \"" + s.name
                        + "\"; got arguments " + args.keySet());
            }
            String value = raw.toString();
            if (!s.constraint.test(value)) {
                throw new IllegalArgumentException("route template \"" + source + "\": value "
                        + io.wsgi4j.Headers.describe(value) + " for \"" + s.name + "\" is not a " + s.constraint);
            }
            b.append(s.encodedPrefix);
            PathSegments.encode(value, s.constraint == Constraint.PATH, b);
            b.append(s.encodedSuffix);
        }
        return b.length() == 0 ? "/" : b.toString();
    }

    private Map<String, String> toMap(String[] values) {
        if (values.length == 0) {
            return Map.of();
        }
        Map<String, String> m = new LinkedHashMap<>(values.length * 2);
        for (int i = 0; i < values.length; i++) {
            m.put(variables.get(i), values[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The template as written. @since 0.1 */
    @Override
    public String toString() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathTemplate t && t.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    /**
     * The result of {@link #matchPrefix}: the arguments, the matched (decoded) prefix such as
     * {@code /projects/p1/wiki}, and the rest of the path such as {@code /Home} (possibly empty).
     *
     * @since 0.1
     */
    public record Match(Map<String, String> args, String matched, String rest) {}

    /** One template segment: a literal, or a variable with optional literal prefix and suffix. */
    static final class Segment {
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

        String valueOf(String seg) {
            if (prefix.isEmpty() && suffix.isEmpty()) {
                return seg;
            }
            int n = seg.length() - prefix.length() - suffix.length();
            return n >= 0 && seg.startsWith(prefix) && seg.endsWith(suffix)
                    ? seg.substring(prefix.length(), seg.length() - suffix.length()) : null;
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
}
