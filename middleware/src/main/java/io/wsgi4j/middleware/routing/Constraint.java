// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.routing;

import java.util.BitSet;

/**
 * What one template segment accepts, checked in time linear in the segment's length: the built-in
 * types ({@code str}, {@code int}, {@code uuid}, {@code path}) and bracketed character classes
 * ({@code [a-z-]+}, {@code [0-9]{4}}). No regular expression engine is involved, so no input can make
 * matching backtrack.
 */
abstract class Constraint {
    /** Any non-empty segment. */
    static final Constraint STR = new Constraint("str") {
        @Override
        boolean test(String s) {
            return !s.isEmpty();
        }
    };

    /** One to eighteen ASCII digits (fits a {@code long}). */
    static final Constraint INT = new Constraint("int") {
        @Override
        boolean test(String s) {
            int n = s.length();
            if (n == 0 || n > 18) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            return true;
        }
    };

    /** A UUID in its 8-4-4-4-12 hex form, either case. */
    static final Constraint UUID = new Constraint("uuid") {
        @Override
        boolean test(String s) {
            if (s.length() != 36) {
                return false;
            }
            for (int i = 0; i < 36; i++) {
                char c = s.charAt(i);
                boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
                if (dash ? c != '-' : Character.digit(c, 16) < 0 || c > 'f') {
                    return false;
                }
            }
            return true;
        }
    };

    /** The rest of the path, slashes included; only allowed as the last segment. */
    static final Constraint PATH = new Constraint("path") {
        @Override
        boolean test(String s) {
            return !s.isEmpty();
        }
    };

    private final String spec;

    private Constraint(String spec) {
        this.spec = spec;
    }

    /** True when the decoded segment value is acceptable. */
    abstract boolean test(String value);

    @Override
    public String toString() {
        return spec;
    }

    /**
     * Parses the part of a {@code {name:spec}} after the colon.
     *
     * @throws IllegalArgumentException naming {@code template} when {@code spec} is not understood
     */
    static Constraint parse(String spec, String template) {
        switch (spec) {
            case "str":
                return STR;
            case "int":
                return INT;
            case "uuid":
                return UUID;
            case "path":
                return PATH;
            default:
                if (spec.startsWith("[")) {
                    return CharClass.parse(spec, template);
                }
                throw new IllegalArgumentException("route template \"" + template + "\" has unknown segment type \""
                        + spec + "\"; use str, int, uuid, path or a character class such as [a-z0-9-]+");
        }
    }

    /** A character class with a repetition: {@code [a-z-]+}, {@code [0-9]{2,4}}, {@code [abc]*}. */
    private static final class CharClass extends Constraint {
        private final BitSet allowed;
        private final int min;
        private final int max;

        private CharClass(String spec, BitSet allowed, int min, int max) {
            super(spec);
            this.allowed = allowed;
            this.min = min;
            this.max = max;
        }

        @Override
        boolean test(String s) {
            int n = s.length();
            if (n < min || n > max) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (!allowed.get(s.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        static CharClass parse(String spec, String template) {
            int close = spec.indexOf(']', 1);
            if (close < 2) {
                throw bad(spec, template, "the class is empty or has no closing ]");
            }
            BitSet allowed = new BitSet(128);
            String body = spec.substring(1, close);
            for (int i = 0; i < body.length(); i++) {
                char c = body.charAt(i);
                if (c == '\\' || c == '[' || c == '^') {
                    throw bad(spec, template, "escapes, nesting and negation are not supported");
                }
                if (i + 2 < body.length() && body.charAt(i + 1) == '-') {
                    char to = body.charAt(i + 2);
                    if (to < c) {
                        throw bad(spec, template, "range " + c + "-" + to + " runs backwards");
                    }
                    allowed.set(c, to + 1);
                    i += 2;
                } else {
                    allowed.set(c);
                }
            }
            String rep = spec.substring(close + 1);
            int min;
            int max;
            if (rep.isEmpty()) {
                min = max = 1;
            } else if (rep.equals("+")) {
                min = 1;
                max = Integer.MAX_VALUE;
            } else if (rep.equals("*")) {
                min = 0;
                max = Integer.MAX_VALUE;
            } else if (rep.startsWith("{") && rep.endsWith("}")) {
                String[] bounds = rep.substring(1, rep.length() - 1).split(",", -1);
                try {
                    min = Integer.parseInt(bounds[0]);
                    max = bounds.length == 1 ? min
                            : bounds[1].isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(bounds[1]);
                } catch (NumberFormatException e) {
                    throw bad(spec, template, "the repetition " + rep + " is not {n}, {m,n} or {m,}");
                }
                if (bounds.length > 2 || min < 0 || max < min) {
                    throw bad(spec, template, "the repetition " + rep + " is not {n}, {m,n} or {m,}");
                }
            } else {
                throw bad(spec, template, "after ] only +, *, {n}, {m,n} or {m,} may follow, found \"" + rep + "\"");
            }
            return new CharClass(spec, allowed, min, max);
        }

        private static IllegalArgumentException bad(String spec, String template, String why) {
            return new IllegalArgumentException("route template \"" + template + "\" has an invalid character class \""
                    + spec + "\": " + why + "; write it like [a-z0-9-]+");
        }
    }
}
