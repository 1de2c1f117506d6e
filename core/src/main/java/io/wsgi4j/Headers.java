// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Helpers for the ordered header lists that {@link StartResponse#start} takes.
 *
 * <pre>{@code
 * List<Header> headers = Headers.of("Content-Type", "text/plain", "Set-Cookie", "a=1", "Set-Cookie", "b=2");
 * String type = Headers.get(headers, "content-type");   // "text/plain"
 * }</pre>
 *
 * <p>Names compare case-insensitively; lists keep their order and may repeat a name.
 *
 * @since 0.1
 */
public final class Headers {
    private Headers() {}

    /**
     * An immutable list from alternating names and values.
     *
     * @throws IllegalArgumentException if the count is odd or a header is invalid
     * @since 0.1
     */
    public static List<Header> of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Headers.of takes name, value pairs; got an odd count "
                    + namesAndValues.length);
        }
        if (namesAndValues.length == 2) {
            return List.of(Header.of(namesAndValues[0], namesAndValues[1]));
        }
        Header[] out = new Header[namesAndValues.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = Header.of(namesAndValues[2 * i], namesAndValues[2 * i + 1]);
        }
        return List.of(out);
    }

    /** The first value of {@code name}, or null. @since 0.1 */
    public static String get(List<Header> headers, String name) {
        for (int i = 0, n = headers.size(); i < n; i++) {
            Header h = headers.get(i);
            if (h.is(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** Every value of {@code name}, in order. @since 0.1 */
    public static List<String> getAll(List<Header> headers, String name) {
        List<String> out = new ArrayList<>(2);
        for (Header h : headers) {
            if (h.is(name)) {
                out.add(h.value());
            }
        }
        return out;
    }

    /** True when a header named {@code name} is present. @since 0.1 */
    public static boolean contains(List<Header> headers, String name) {
        return get(headers, name) != null;
    }

    /**
     * A new mutable list without any {@code name} header and with {@code name: value} appended.
     *
     * @since 0.1
     */
    public static List<Header> with(List<Header> headers, String name, String value) {
        List<Header> out = without(headers, name);
        out.add(Header.of(name, value));
        return out;
    }

    /** A new mutable list without any header named {@code name}. @since 0.1 */
    public static List<Header> without(List<Header> headers, String name) {
        List<Header> out = new ArrayList<>(headers.size() + 1);
        for (Header h : headers) {
            if (!h.is(name)) {
                out.add(h);
            }
        }
        return out;
    }

    /**
     * True for the hop-by-hop headers (RFC 9110 section 7.6.1) that only a server may send.
     *
     * @since 0.1
     */
    public static boolean isHopByHop(String name) {
        if (name == null) {
            return false;
        }
        // Every response header passes here: dispatch on the length, so a name is compared with at most
        // the two hop-by-hop names of its length instead of with all eight.
        switch (name.length()) {
            case 2:
                return name.equalsIgnoreCase("TE");
            case 7:
                return name.equalsIgnoreCase("Trailer") || name.equalsIgnoreCase("Upgrade");
            case 10:
                return name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Keep-Alive");
            case 17:
                return name.equalsIgnoreCase("Transfer-Encoding");
            case 18:
                return name.equalsIgnoreCase("Proxy-Authenticate");
            case 19:
                return name.equalsIgnoreCase("Proxy-Authorization");
            default:
                return false;
        }
    }

    /** Quotes {@code s} for an error message, escaping control and non-ASCII characters. */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        int limit = Math.min(s.length(), 200);
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (s.length() > limit) {
            b.append("...(").append(s.length()).append(" chars)");
        }
        return b.append('"').toString();
    }

    /**
     * Quotes a value for an error message, escaping control and non-ASCII characters and cutting long
     * text; public so that validators and servers word their messages alike.
     *
     * @since 0.1
     */
    public static String describe(Object value) {
        return value instanceof String s ? quote(s) : Objects.toString(value);
    }
}
