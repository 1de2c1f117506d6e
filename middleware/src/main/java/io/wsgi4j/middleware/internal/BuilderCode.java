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
 * }</pre>
 *
 * <p>Not API: this package may change in any release.
 *
 * @since 0.2
 */
public final class BuilderCode {
    private final String type;
    private final String required;
    private final List<String> options = new ArrayList<>();

    private BuilderCode(String type, String required) {
        this.type = type;
        this.required = required;
    }

    /** The expression for class {@code type} with the factory arguments {@code required}. @since 0.2 */
    public static BuilderCode of(String type, Object... required) {
        return new BuilderCode(type, arguments(required));
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
        options.add("." + name + "(" + arguments(args) + ")");
        return this;
    }

    /** The expression. @since 0.2 */
    @Override
    public String toString() {
        if (options.isEmpty()) {
            return type + ".of(" + required + ")";
        }
        return type + ".builder(" + required + ")" + String.join("", options) + ".build()";
    }

    private static String arguments(Object[] args) {
        if (args.length == 1 && args[0] instanceof Collection<?> c) {
            args = c.toArray();
        } else if (args.length == 1 && args[0] instanceof Object[] a) {
            args = a;
        }
        StringBuilder b = new StringBuilder();
        for (Object a : args) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(literal(a));
        }
        return b.toString();
    }

    /**
     * {@code value} as Java source: strings quoted and escaped, {@code long}s past {@code int} with
     * {@code L}, durations, paths and system or fixed clocks as their factory calls, enums qualified; anything else its
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
