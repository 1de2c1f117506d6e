// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import io.wsgi4j.Environ;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request's cookies, parsed from the Cookie header; build response cookies with {@link SetCookie}.
 *
 * <pre>{@code
 * String theme = Cookies.get(environ, "theme");            // or null
 * Map<String, String> all = Cookies.parse(environ);
 * startResponse.start("200 OK", List.of(SetCookie.of("theme", "dark").withPath("/").header()));
 * }</pre>
 *
 * <p>Parsing (RFC 6265 section 5.4, leniently): pairs split on {@code ;}, blanks trimmed, one pair of
 * surrounding double quotes removed from a value, pairs without {@code =} ignored. When a name repeats,
 * the first one wins (browsers send the cookie with the longest path first). Values are decoded as UTF-8
 * (bad bytes become U+FFFD). The result is cached in the environ under {@link #KEY}.
 *
 * @since 0.1
 */
public final class Cookies {
    /** The environ key of the cached parse. @since 0.1 */
    public static final String KEY = "wsgi4j.cookies";

    private Cookies() {}

    /**
     * All request cookies, name to value, in the order sent; unmodifiable.
     *
     * @since 0.1
     */
    public static Map<String, String> parse(Environ environ) {
        String header = environ.header("Cookie");
        return Cached.get(environ, KEY, header == null ? "" : header, Cookies::parse);
    }

    /** The value of cookie {@code name}, or null when the request has none. @since 0.1 */
    public static String get(Environ environ, String name) {
        return parse(environ).get(name);
    }

    /**
     * Parses a Cookie header value held one char per byte, as in the environ.
     *
     * @since 0.1
     */
    public static Map<String, String> parse(String header) {
        if (header.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : header.split(";")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
                value = value.substring(1, value.length() - 1);
            }
            if (!name.isEmpty()) {
                out.putIfAbsent(name, utf8(value));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static String utf8(String latin1) {
        for (int i = 0; i < latin1.length(); i++) {
            if (latin1.charAt(i) >= 0x80) {
                return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
        }
        return latin1;
    }
}
