// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.routing;

import io.wsgi4j.Environ;
import java.util.Arrays;
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
 * percent-decoded and read as UTF-8; a segment that is not valid UTF-8 does not match, nor does a
 * segment {@code .} or {@code ..} (or {@code %2E%2E}) for a variable other than {@code path}: clients
 * resolve dot segments away, so only a crafted request has one. A {@code path} value may hold
 * {@code ..} segments, and where a {@code Router} or front controller keeps an encoded slash in its
 * value ({@code %2F}), so may any value ({@code ..%2Fsecret} is {@code ../secret}): resolve a value
 * safely before using it as a file name.
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
        String[] values = new String[variables.size()];
        return match(path, values) ? toMap(values) : null;
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
        String p = path.isEmpty() ? "/" : path;
        String[] values = new String[variables.size()];
        int end = walk(p, values);
        if (end < 0) {
            return null;
        }
        end = Math.min(end, path.length());
        return new Match(toMap(values), path.substring(0, end), path.substring(end));
    }

    /**
     * Matches the template against the leading segments of the request's PATH_INFO, as
     * {@link #matchPrefix(String)} does, except that an encoded slash ({@code %2F}) in the raw request
     * target stays inside its segment's value, as in {@link Router}: {@code /persons/M%2FX/about}
     * gives {@code person=M/X} and the rest {@code /about}, the path {@link #expand} builds for that value.
     *
     * @return the match with its arguments, the matched (decoded) prefix and the rest, or null
     * @throws IllegalStateException if the template ends with a {@code path} variable
     * @since 0.2
     */
    public Match matchPrefix(Environ environ) {
        String raw = environ.rawTarget();
        if (raw == null || !PathSegments.hasEncodedSlash(raw)) {
            return matchPrefix(environ.pathInfo());
        }
        if (catchAll) {
            return matchPrefix(environ.pathInfo()); // throws
        }
        String[] segs = PathSegments.split(environ);
        if (segs == null || segs.length < segments.length) {
            return null;
        }
        String[] values = new String[variables.size()];
        if (!match(Arrays.copyOf(segs, segments.length), values)) {
            return null;
        }
        StringBuilder matched = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            matched.append('/').append(segs[i]);
        }
        String path = environ.pathInfo();
        int end = Math.min(matched.length(), path.length());
        return new Match(toMap(values), path.substring(0, end), path.substring(end));
    }

    /** Matches a whole decoded path without splitting it; fills {@code values} in variable order. */
    boolean match(String path, String[] values) {
        String p = path.isEmpty() ? "/" : path;
        return walk(p, values) == p.length();
    }

    /**
     * Walks the template's segments over {@code path} (which starts with {@code /}), returning the
     * index where the matched part ends (at a {@code /} or the end), or -1. Only values are copied.
     */
    private int walk(String path, String[] values) {
        if (path.isEmpty() || path.charAt(0) != '/' || !literalsMatch(path)) {
            return -1;
        }
        int slash = 0;
        int v = 0;
        for (Segment s : segments) {
            if (slash >= path.length()) {
                return -1; // the path has fewer segments than the template
            }
            int start = slash + 1;
            int end = s.constraint == Constraint.PATH ? path.length() : path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (s.constraint == null) {
                if (end - start != s.literal.length() || !path.startsWith(s.literal, start)) {
                    return -1;
                }
            } else {
                String value = s.value(path, start, end);
                if (value == null) {
                    return -1;
                }
                values[v++] = value;
            }
            slash = end;
        }
        return slash;
    }

    /**
     * A first pass that compares only the literal segments, copying nothing: most routes a request is
     * tried against fail here, so they cost no allocation.
     */
    private boolean literalsMatch(String path) {
        int slash = 0;
        for (Segment s : segments) {
            if (slash >= path.length()) {
                return false;
            }
            if (s.constraint == Constraint.PATH) {
                return true;
            }
            int start = slash + 1;
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (s.constraint == null && (end - start != s.literal.length() || !path.startsWith(s.literal, start))) {
                return false;
            }
            slash = end;
        }
        return true;
    }

    /** Matches split segments (used when an encoded slash put a {@code /} inside one). */
    boolean match(String[] segs, String[] values) {
        if (catchAll ? segs.length < segments.length : segs.length != segments.length) {
            return false;
        }
        int v = 0;
        for (int i = 0; i < segments.length; i++) {
            Segment s = segments[i];
            if (s.constraint == null) {
                if (!s.literal.equals(segs[i])) {
                    return false;
                }
                continue;
            }
            String text = s.constraint == Constraint.PATH
                    ? String.join("/", java.util.Arrays.asList(segs).subList(i, segs.length)) : segs[i];
            String value = s.value(text, 0, text.length());
            if (value == null) {
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
     * its type. {@code /} inside a value is encoded ({@code %2F}) except in a {@code path} variable
     * (there only a leading one that would start the path with {@code //}, another host's URL, is);
     * CR, LF and everything outside the RFC 3986 path characters are encoded too.
     *
     * @throws IllegalArgumentException if a variable is missing, its value does not fit its type, or it
     *     would make a {@code .} or {@code ..} segment (a client resolves those away, so no URL leads
     *     back to such a value)
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
            int start = b.length();
            b.append(s.encodedPrefix);
            if (s.constraint == Constraint.PATH && start == 1 && value.startsWith("/")) {
                // "//x" would be a network-path reference to host x (RFC 3986 section 4.2); an encoded
                // leading slash still matches back to the value
                PathSegments.encode(value.substring(1), true, b.append("%2F"));
            } else {
                PathSegments.encode(value, s.constraint == Constraint.PATH, b);
            }
            b.append(s.encodedSuffix);
            checkNoDotSegment(b, start, s.name, value);
        }
        return b.length() == 0 ? "/" : b.toString();
    }

    /**
     * Refuses a "." or ".." segment in what a value expanded to: a client removes dot segments when it
     * resolves the URL (RFC 3986 section 5.2.4; browsers also read {@code %2E} as a dot), so the URL
     * would lead to another path, never back to the value.
     */
    private void checkNoDotSegment(StringBuilder b, int start, String name, String value) {
        for (int i = start; i <= b.length(); ) {
            int end = b.indexOf("/", i);
            end = end < 0 ? b.length() : end;
            int n = end - i;
            if ((n == 1 || n == 2) && b.charAt(i) == '.' && b.charAt(end - 1) == '.') {
                throw new IllegalArgumentException("route template \"" + source + "\": value "
                        + io.wsgi4j.Headers.describe(value) + " for \"" + name + "\" makes the dot segment \""
                        + b.substring(i, end) + "\", which a client resolves away (RFC 3986 section 5.2.4)");
            }
            i = end + 1;
        }
    }

    private Map<String, String> toMap(String[] values) {
        return values.length == 0 ? Map.of() : new RouteArgs(variables, values);
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
}
