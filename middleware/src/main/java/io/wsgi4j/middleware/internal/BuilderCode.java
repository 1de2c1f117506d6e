// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Writes the Java expression that builds a middleware, for its {@code toString()}: {@code X.of(args)}
 * when every option has its default, else {@code X.builder(args).option(value)...build()} listing only
 * the options that differ, in the order the builder declares them. One format for the whole catalogue,
 * so a printed pipeline reads like the code that built it.
 *
 * <pre>{@code
 * BuilderCode.of("Gzip").option("minSize", minSize, DEFAULT.minSize()).toString();
 * // "Gzip.of()" or "Gzip.builder().minSize(512).build()"
 * BuilderCode.table("Router").call("get", "home", "/", home).toString();
 * // "Router.builder()\n    .get(\"home\", \"/\", home)\n    .build()"
 * }</pre>
 *
 * <p>Layout: one line, unless the code is a {@linkplain #table table} (a dispatcher's routes or mounts,
 * one call per line as {@code Pipeline} prints its stages) or a part spans lines itself (a dispatcher
 * given as an option or argument); then each call, or each argument of {@code X.of(...)}, goes on its
 * own line, indented by four spaces, and the lines of a nested part are indented with it.
 *
 * <p>Not API: this package may change in any release.
 *
 * @since 0.2
 */
public final class BuilderCode {
    private static final String INDENT = "\n    ";

    private final String type;
    private final List<String> required;
    private final boolean table;
    private final List<String> options = new ArrayList<>();

    private BuilderCode(String type, Object[] required, boolean table) {
        this.type = type;
        this.required = literals(required);
        this.table = table;
    }

    /** The expression for class {@code type} with the factory arguments {@code required}. @since 0.2 */
    public static BuilderCode of(String type, Object... required) {
        return new BuilderCode(type, required, false);
    }

    /**
     * The expression for a table such as a router's routes: always {@code X.builder(required)}, one
     * call per line, {@code .build()} on the last.
     *
     * @since 0.2
     */
    public static BuilderCode table(String type, Object... required) {
        return new BuilderCode(type, required, true);
    }

    /** Adds {@code .name(value)} unless {@code value} equals {@code defaultValue}. @since 0.2 */
    public BuilderCode option(String name, Object value, Object defaultValue) {
        return Objects.deepEquals(value, defaultValue) ? this : call(name, value);
    }

    /** Adds {@code .name()} when {@code on}: an option that is a switch without arguments. @since 0.2 */
    public BuilderCode flag(String name, boolean on) {
        return on ? call(name) : this;
    }

    /**
     * Adds {@code .name(args)}; a collection or array as the only argument is written as varargs.
     *
     * @since 0.2
     */
    public BuilderCode call(String name, Object... args) {
        options.add("." + name + "(" + String.join(", ", literals(args)) + ")");
        return this;
    }

    /** The expression. @since 0.2 */
    @Override
    public String toString() {
        boolean builder = table || !options.isEmpty();
        String head = type + (builder ? ".builder(" : ".of(");
        List<String> calls = builder ? new ArrayList<>(options) : List.of();
        if (builder) {
            calls.add(".build()");
        }
        if (!table && !spansLines(required) && !spansLines(options)) {
            return head + String.join(", ", required) + ")" + String.join("", calls);
        }
        StringBuilder b = new StringBuilder(head);
        if (spansLines(required)) {
            for (int i = 0; i < required.size(); i++) {
                b.append(i == 0 ? "" : ",").append(INDENT).append(indent(required.get(i)));
            }
        } else {
            b.append(String.join(", ", required));
        }
        b.append(')');
        for (String call : calls) {
            b.append(INDENT).append(indent(call));
        }
        return b.toString();
    }

    private static boolean spansLines(List<String> parts) {
        for (String p : parts) {
            if (p.indexOf('\n') >= 0) {
                return true;
            }
        }
        return false;
    }

    /** {@code text} with each line after the first moved right by four spaces. */
    private static String indent(String text) {
        return text.replace("\n", INDENT);
    }

    private static List<String> literals(Object[] args) {
        if (args.length == 1 && args[0] instanceof Collection<?> c) {
            args = c.toArray();
        } else if (args.length == 1 && args[0] instanceof Object[] a) {
            args = a;
        }
        List<String> out = new ArrayList<>(args.length);
        for (Object a : args) {
            out.add(literal(a));
        }
        return out;
    }

    /**
     * {@code value} as Java source: strings quoted and escaped, {@code long}s past {@code int} with
     * {@code L}, lists as {@code List.of(...)}, durations, paths and system or fixed clocks as their
     * factory calls, enums qualified; anything else its
     * {@code toString()} (middleware parts print their own expressions).
     *
     * @since 0.2
     */
    public static String literal(Object value) {
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof Long l) {
            return l == l.intValue() ? l.toString() : l + "L";
        }
        if (value instanceof Duration d) {
            return duration(d);
        }
        if (value instanceof Path p) {
            return "Path.of(" + quote(p.toString()) + ")";
        }
        if (value instanceof Enum<?> e) {
            return e.getDeclaringClass().getSimpleName() + "." + e.name();
        }
        if (value instanceof Clock c) {
            return clock(c);
        }
        if (value instanceof List<?> l) {
            return "List.of(" + String.join(", ", literals(l.toArray())) + ")";
        }
        if (value instanceof int[] a) {
            return Arrays.toString(a).replace("[", "").replace("]", "");
        }
        return String.valueOf(value);
    }

    private static String clock(Clock c) {
        String zone = "ZoneId.of(" + quote(c.getZone().getId()) + ")";
        if (c.equals(Clock.systemUTC())) {
            return "Clock.systemUTC()";
        } else if (c.equals(Clock.system(c.getZone()))) {
            return "Clock.system(" + zone + ")";
        }
        Instant now = c.instant();
        return c.equals(Clock.fixed(now, c.getZone())) ? "Clock.fixed(Instant.parse(\"" + now + "\"), " + zone + ")"
                : c.toString();
    }

    private static String duration(Duration d) {
        long s = d.getSeconds();
        if (d.getNano() == 0 && s % 86_400 == 0 && s != 0) {
            return "Duration.ofDays(" + s / 86_400 + ")";
        } else if (d.getNano() == 0 && s % 3600 == 0 && s != 0) {
            return "Duration.ofHours(" + s / 3600 + ")";
        } else if (d.getNano() == 0 && s % 60 == 0 && s != 0) {
            return "Duration.ofMinutes(" + s / 60 + ")";
        } else if (d.getNano() == 0) {
            return "Duration.ofSeconds(" + s + ")";
        } else if (d.getNano() % 1_000_000 == 0) {
            return "Duration.ofMillis(" + d.toMillis() + ")";
        }
        return "Duration.ofNanos(" + d.toNanos() + ")";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
