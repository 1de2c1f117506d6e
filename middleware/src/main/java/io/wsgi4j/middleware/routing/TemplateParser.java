// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Parses path templates into segments once, with messages that name the template and the fix. */
final class TemplateParser {
    private TemplateParser() {}

    static PathTemplate parse(String template) {
        if (!template.startsWith("/")) {
            throw bad(template, "must start with \"/\"");
        }
        if (template.indexOf('?') >= 0 || template.indexOf('#') >= 0) {
            throw bad(template, "must not contain ? or # (a template is a path; query strings are not routed)");
        }
        List<Segment> segments = new ArrayList<>();
        List<String> variables = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int start = 1;
        while (true) {
            int end = segmentEnd(template, start);
            String seg = template.substring(start, end);
            boolean last = end == template.length();
            segments.add(segment(template, seg, last, variables, seen));
            if (last) {
                break;
            }
            start = end + 1;
        }
        return PathTemplate.of(template, segments, variables);
    }

    /** The index of the next {@code /} outside braces, or the end. */
    private static int segmentEnd(String template, int from) {
        int depth = 0;
        for (int i = from; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == '/' && depth == 0) {
                return i;
            } else if (c == '/') {
                throw bad(template, "has \"/\" inside a variable; a variable matches within one segment"
                        + " (use {name:path} as the last segment for the rest of the path)");
            }
        }
        return template.length();
    }

    private static Segment segment(String template, String seg, boolean last, List<String> variables,
            Set<String> seen) {
        int open = seg.indexOf('{');
        int close = matchingBrace(seg, open);
        if (open < 0 && seg.indexOf('}') < 0) {
            return new Segment(seg);
        }
        if (open < 0 || close < 0 || seg.indexOf('}') < open || seg.indexOf('{', close) >= 0
                || seg.indexOf('}', close + 1) >= 0) {
            throw bad(template, "has unbalanced braces or more than one variable in segment \"" + seg + "\"");
        }
        String inner = seg.substring(open + 1, close);
        int colon = inner.indexOf(':');
        String name = colon < 0 ? inner : inner.substring(0, colon);
        if (!isName(name)) {
            throw bad(template, "has invalid variable name \"" + name
                    + "\"; use letters, digits and _ (not first a digit)");
        }
        if (!seen.add(name)) {
            throw bad(template, "uses variable \"" + name + "\" twice; give each a distinct name");
        }
        Constraint c = colon < 0 ? Constraint.STR : Constraint.parse(inner.substring(colon + 1), template);
        String prefix = seg.substring(0, open);
        String suffix = seg.substring(close + 1);
        if (c == Constraint.PATH && (!last || !prefix.isEmpty() || !suffix.isEmpty())) {
            throw bad(template, "has {" + inner + "} that is not the whole last segment; a path variable takes"
                    + " the rest of the path, so it must come last");
        }
        variables.add(name);
        return new Segment(prefix, name, c, suffix);
    }

    /** The index of the brace closing the one at {@code open} (a repetition like {4} nests), or -1. */
    private static int matchingBrace(String seg, int open) {
        if (open < 0) {
            return -1;
        }
        int depth = 0;
        for (int i = open; i < seg.length(); i++) {
            char c = seg.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isName(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException bad(String template, String why) {
        return new IllegalArgumentException("route template \"" + template + "\" " + why);
    }
}
