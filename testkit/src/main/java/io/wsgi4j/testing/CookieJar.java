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
 * The cookies a {@link TestClient} keeps between requests, as a browser would (RFC 6265): stored from
 * Set-Cookie with their host (or the Domain they name, when it covers the host), Path, Secure flag and
 * expiry (Max-Age over Expires), deleted by an expiry in the past, sent back on requests to a host and
 * path they match (a Secure one only over https), longer paths first and, among equal ones, the cookie
 * created first (a replaced cookie keeps its creation time). As in browsers, {@code http://localhost}
 * (and other loopback hosts) counts as secure. A cookie whose {@code __Secure-} or {@code __Host-} prefix
 * its attributes do not honour is dropped, as browsers drop it. A cookie the test sets by hand goes to
 * every host. SameSite has no meaning here: every request of a test is same-site.
 */
final class CookieJar {
    /**
     * @param domain the host that set the cookie, or the Domain it named; null for a cookie the test set
     *     by hand, which matches every host
     * @param hostOnly whether only {@code domain} itself gets the cookie (no Domain attribute)
     */
    private record Cookie(String name, String value, String domain, boolean hostOnly, String path,
            long expiresAtMillis, boolean secure) {
        boolean expired(long now) {
            return expiresAtMillis != Long.MAX_VALUE && expiresAtMillis <= now;
        }

        boolean matches(Site site) {
            if (secure && !site.secure()) {
                return false;
            }
            if (domain != null && !(hostOnly ? site.host().equals(domain) : domainMatches(site.host(), domain))) {
                return false;
            }
            String requestPath = site.path();
            if (requestPath.equals(path)) {
                return true;
            }
            return requestPath.startsWith(path)
                    && (path.endsWith("/") || requestPath.charAt(path.length()) == '/');
        }
    }

    /**
     * A request as cookies see it: its host (lower case, without the port), whether it went over a
     * secure channel, and its path.
     */
    record Site(String host, boolean secure, String path) {
        /** The test client's requests by default: {@code http://localhost}. */
        static Site localhost(String path) {
            return new Site("localhost", true, path);
        }

        /** The site of a request to {@code authority} ({@code host[:port]}) over {@code scheme}. */
        static Site of(String scheme, String authority, String path) {
            String host = authority.substring(authority.lastIndexOf('@') + 1);
            int colon = host.lastIndexOf(':');
            if (colon >= 0 && host.indexOf(']', colon) < 0) {
                host = host.substring(0, colon);
            }
            host = host.toLowerCase(Locale.ROOT);
            return new Site(host, "https".equals(scheme) || isLoopback(host), path);
        }

        /** Browsers treat these as secure contexts, so a Secure cookie works in local development. */
        private static boolean isLoopback(String host) {
            return host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.")
                    || host.equals("[::1]");
        }
    }

    /**
     * RFC 6265 section 5.1.3: {@code host} is {@code domain}, or ends with {@code "." + domain} and is
     * a name, not an IP address.
     */
    static boolean domainMatches(String host, String domain) {
        if (host.equals(domain)) {
            return true;
        }
        return host.endsWith(domain) && host.charAt(host.length() - domain.length() - 1) == '.'
                && !host.startsWith("[") && !host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private final List<Cookie> cookies = new ArrayList<>();

    /** Stores what one Set-Cookie header says, for a response to {@code http://localhost} + {@code requestPath}. */
    void receive(String setCookie, String requestPath) {
        receive(setCookie, Site.localhost(requestPath));
    }

    /** Stores what one Set-Cookie header says, for a response to a request for {@code site}. */
    void receive(String setCookie, Site site) {
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
        String domain = null;
        boolean secure = false;
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
                case "domain" -> {
                    // RFC 6265 section 5.2.3: a leading dot is ignored, an empty value is no Domain
                    String d = (val.startsWith(".") ? val.substring(1) : val).toLowerCase(Locale.ROOT);
                    domain = d.isEmpty() ? null : d;
                }
                case "secure" -> secure = true;
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
                    // HttpOnly, SameSite: no meaning for a test client, which runs no scripts and no other sites
                }
            }
        }
        if (domain != null && !domainMatches(site.host(), domain)) {
            return; // RFC 6265 section 5.3 step 6: www.example.com cannot set a cookie for other.org
        }
        if (secure && !site.secure()) {
            return; // RFC 6265bis section 5.7: a Secure cookie set over plain http is ignored
        }
        if (!prefixHonoured(name, secure, domain, path)) {
            return;
        }
        if (path == null) {
            path = defaultPath(site.path());
        }
        Cookie c = new Cookie(name, value, domain != null ? domain : site.host(), domain == null, path, expires,
                secure);
        store(c, c.expired(now));
    }

    /**
     * RFC 6265bis section 5.7, the cookie name prefixes (any case): a {@code __Secure-} cookie must be
     * Secure, a {@code __Host-} cookie also host-only (no Domain) with {@code Path=/}. Browsers drop one
     * that is not, so an application that forgets an attribute must see its cookie lost in tests too.
     */
    private static boolean prefixHonoured(String name, boolean secure, String domain, String pathAttribute) {
        if (name.regionMatches(true, 0, "__Secure-", 0, 9)) {
            return secure;
        }
        if (name.regionMatches(true, 0, "__Host-", 0, 7)) {
            return secure && domain == null && "/".equals(pathAttribute);
        }
        return true;
    }

    /**
     * Puts {@code c} in place of the cookie with its name and path, where that one was: RFC 6265 5.3
     * gives the new cookie the old one's creation time, which orders the Cookie header. Or, when
     * {@code delete}, takes that cookie out.
     */
    private void store(Cookie c, boolean delete) {
        for (int i = 0; i < cookies.size(); i++) {
            Cookie old = cookies.get(i);
            // the same name, domain and path; a cookie set by hand (no domain) stands for the one of any host
            if (old.name.equals(c.name) && old.path.equals(c.path)
                    && (old.domain == null || c.domain == null || old.domain.equals(c.domain))) {
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

    /** The Cookie header value for a request to {@code http://localhost} + {@code requestPath}, or null. */
    String header(String requestPath) {
        return header(Site.localhost(requestPath));
    }

    /** The Cookie header value for a request to {@code site}, or null when no cookie matches. */
    String header(Site site) {
        long now = System.currentTimeMillis();
        StringBuilder b = null;
        // longer paths first, as RFC 6265 section 5.4 asks; the stable sort keeps creation order among equals
        List<Cookie> matching = new ArrayList<>();
        for (Iterator<Cookie> it = cookies.iterator(); it.hasNext(); ) {
            Cookie c = it.next();
            if (c.expired(now)) {
                it.remove();
            } else if (c.matches(site)) {
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
        store(new Cookie(name, value, null, false, "/", Long.MAX_VALUE, false), false);
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
