// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The cookies a {@link TestClient} keeps between requests, as a browser would for one host
 * (RFC 6265): stored from Set-Cookie with their Path and expiry (Max-Age over Expires), deleted by
 * an expiry in the past, sent back on requests whose path matches, longer paths first and, among
 * equal ones, the cookie created first (a replaced cookie keeps its creation time). Domain and Secure
 * are ignored: a test client talks to one application.
 */
final class CookieJar {
    private record Cookie(String name, String value, String path, long expiresAtMillis) {
        boolean expired(long now) {
            return expiresAtMillis != Long.MAX_VALUE && expiresAtMillis <= now;
        }

        boolean matches(String requestPath) {
            if (requestPath.equals(path)) {
                return true;
            }
            return requestPath.startsWith(path)
                    && (path.endsWith("/") || requestPath.charAt(path.length()) == '/');
        }
    }

    private final List<Cookie> cookies = new ArrayList<>();

    /** Stores what one Set-Cookie header says, for a response to a request for {@code requestPath}. */
    void receive(String setCookie, String requestPath) {
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) {
            return; // a browser ignores a cookie without a name
        }
        String name = parts[0].substring(0, eq).trim();
        if (name.isEmpty()) {
            return; // " =x": the name is trimmed first, and then it is empty (RFC 6265 section 5.2)
        }
        String value = unquote(parts[0].substring(eq + 1).trim());
        String path = null;
        long expires = Long.MAX_VALUE;
        boolean maxAgeSeen = false;
        long now = System.currentTimeMillis();
        for (int i = 1; i < parts.length; i++) {
            String attr = parts[i].trim();
            int e = attr.indexOf('=');
            String key = (e < 0 ? attr : attr.substring(0, e)).trim().toLowerCase(Locale.ROOT);
            String val = e < 0 ? "" : attr.substring(e + 1).trim();
            switch (key) {
                case "path" -> path = val.startsWith("/") ? val : null;
                case "max-age" -> {
                    if (val.isEmpty() || val.charAt(0) != '-' && !Character.isDigit(val.charAt(0))) {
                        continue; // RFC 6265 section 5.2.2: "+5" or "5s" is no Max-Age, and is ignored
                    }
                    try {
                        long seconds = Long.parseLong(val);
                        expires = seconds <= 0 ? Long.MIN_VALUE : now + Math.min(seconds, Long.MAX_VALUE / 2000) * 1000;
                        maxAgeSeen = true;
                    } catch (NumberFormatException ignored) {
                        // RFC 6265 5.2.2: an unparsable Max-Age is ignored
                    }
                }
                case "expires" -> {
                    if (!maxAgeSeen) {
                        Long at = CookieDate.parse(val);
                        if (at != null) { // an unparsable date is ignored, as browsers do
                            expires = at;
                        }
                    }
                }
                default -> {
                    // Domain, Secure, HttpOnly, SameSite: no meaning for an in-process client
                }
            }
        }
        if (path == null) {
            path = defaultPath(requestPath);
        }
        Cookie c = new Cookie(name, value, path, expires);
        store(c, c.expired(now));
    }

    /**
     * Puts {@code c} in place of the cookie with its name and path, where that one was: RFC 6265 5.3
     * gives the new cookie the old one's creation time, which orders the Cookie header. Or, when
     * {@code delete}, takes that cookie out.
     */
    private void store(Cookie c, boolean delete) {
        for (int i = 0; i < cookies.size(); i++) {
            Cookie old = cookies.get(i);
            if (old.name.equals(c.name) && old.path.equals(c.path)) {
                if (delete) {
                    cookies.remove(i);
                } else {
                    cookies.set(i, c);
                }
                return;
            }
        }
        if (!delete) {
            cookies.add(c);
        }
    }

    /** The Cookie header value for a request to {@code requestPath}, or null when no cookie matches. */
    String header(String requestPath) {
        long now = System.currentTimeMillis();
        StringBuilder b = null;
        // longer paths first, as RFC 6265 section 5.4 asks; the stable sort keeps creation order among equals
        List<Cookie> matching = new ArrayList<>();
        for (Iterator<Cookie> it = cookies.iterator(); it.hasNext(); ) {
            Cookie c = it.next();
            if (c.expired(now)) {
                it.remove();
            } else if (c.matches(requestPath)) {
                matching.add(c);
            }
        }
        if (matching.isEmpty()) {
            return null;
        }
        matching.sort((x, y) -> Integer.compare(y.path.length(), x.path.length()));
        for (Cookie c : matching) {
            b = b == null ? new StringBuilder() : b.append("; ");
            b.append(c.name).append('=').append(c.value);
        }
        return b.toString();
    }

    /**
     * The live cookies by name, in the order they were first set. When cookies of different paths
     * share a name, the value is the one a server gets first in the Cookie header of a request under
     * both paths (RFC 6265 5.4): the longer path, else the cookie created first.
     */
    Map<String, String> asMap() {
        long now = System.currentTimeMillis();
        Map<String, Cookie> first = new LinkedHashMap<>();
        for (Cookie c : cookies) { // creation order, so an equal path already kept was created earlier
            if (!c.expired(now)) {
                first.merge(c.name, c, (kept, later) -> later.path.length() > kept.path.length() ? later : kept);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        first.forEach((name, c) -> out.put(name, c.value));
        return out;
    }

    /**
     * The value of a cookie a test sets by hand ({@link TestClient#cookie(String, String)},
     * {@link TestRequest#cookie(String, String)}) as the Cookie header carries it: text above U+00FF as
     * its UTF-8 bytes, as for any header value ({@link TestRequest#header}).
     *
     * @throws IllegalArgumentException if the name is no token (RFC 6265 section 4.1.1), or the value
     *     holds {@code ;} or a control character: sent as they are, {@code "id=1; admin=1"} would reach
     *     the application as two cookies, and a name {@code "a=b"} as cookie {@code a}
     */
    static String sendable(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!Header.isToken(name)) {
            throw new IllegalArgumentException("a cookie name must be a token (letters, digits, !#$%&'*+-.^_`|~),"
                    + " got " + Headers.describe(name));
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ';' || (c < 0x20 && c != '\t') || c == 0x7f) {
                throw new IllegalArgumentException("cookie " + name + ": a value cannot hold ';' or a control"
                        + " character, the Cookie header would not carry it as one cookie; got "
                        + Headers.describe(value) + " (percent-encode it)");
            }
        }
        return UrlEncoding.wireHeaderValue(value);
    }

    void set(String name, String value) {
        store(new Cookie(name, value, "/", Long.MAX_VALUE), false);
    }

    void clear() {
        cookies.clear();
    }

    private static String defaultPath(String requestPath) {
        int last = requestPath.lastIndexOf('/');
        return last <= 0 ? "/" : requestPath.substring(0, last);
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
