// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Follows the redirects of one test request as a browser does: 303 (and 301/302 after a POST)
 * becomes a GET without body, 307 and 308 repeat the method and body; the Location is resolved
 * against the current URL, and an absolute one to another host changes the Host header. At most
 * {@value #MAX} redirects, as browsers allow; a Location with another scheme than http or https fails. A loop (RFC 9110 section 15.4) is the same request
 * repeated unchanged: the same method and URL with the same cookies to send. A revisit after a
 * response set a cookie is not one ({@code /gate -> /login-cookie -> /gate} lets the gate answer
 * differently), so only an exact repeat fails before the limit does. Once a redirect leads to another
 * origin (scheme, host or port), the credentials the test added go no further, as in browsers (Fetch's
 * HTTP-redirect fetch; RFC 9110 section 15.4): its Authorization, Proxy-Authorization and Cookie headers
 * and its {@link TestRequest#cookie} cookies. The client's cookie jar sends what each host is due.
 */
final class Redirects {
    static final int MAX = 20;

    private final TestClient client;
    private final TestRequest request;

    Redirects(TestClient client, TestRequest request) {
        this.client = client;
        this.request = request;
    }

    TestResponse follow(TestRequest.Prepared sent, String method, String scheme, String host, String target,
            List<String[]> headers, byte[] body, TestResponse first) {
        List<TestResponse> history = new ArrayList<>();
        List<String> visited = new ArrayList<>();
        Set<String> requests = new HashSet<>();
        visited.add(method + " " + url(scheme, host, target));
        requests.add(state(sent));
        TestResponse r = first;
        String m = method;
        String h = host;
        String sc = scheme;
        String t = target;
        List<String[]> hs = headers;
        byte[] b = body;
        boolean crossed = false;
        while (isRedirect(r.status()) && r.header("Location") != null) {
            history.add(r);
            if (history.size() > MAX) {
                throw new AssertionError("more than " + MAX + " redirects, starting " + String.join(" -> ", visited));
            }
            URI next = resolve(sc, h, t, r.header("Location"));
            if (!"http".equalsIgnoreCase(next.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                // Fetch: a redirect to any other scheme is a network error; it is no request to this application
                throw new AssertionError("the application redirected to Location \"" + r.header("Location")
                        + "\", which is no http or https URL, so there is no request to follow it with; send"
                        + " without followRedirects() to assert on the redirect itself");
            }
            if (!crossed && !sameOrigin(URI.create(url(sc, h, t)), next)) {
                crossed = true; // and stays so, even when a later redirect comes back
                hs = withoutCredentials(hs);
            }
            int code = r.status();
            if ((code == 303 && !m.equals("HEAD")) || ((code == 301 || code == 302) && m.equals("POST"))) {
                m = "GET";
                b = null;
                hs = withoutBodyHeaders(hs);
            }
            if (next.getRawAuthority() != null) {
                h = next.getRawAuthority();
            }
            if (next.getScheme() != null) {
                sc = next.getScheme();
            }
            t = (next.getRawPath() == null || next.getRawPath().isEmpty() ? "/" : next.getRawPath())
                    + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery());
            String step = m + " " + url(sc, h, t);
            TestRequest.Prepared prepared = request.build(m, sc, h, t, hs, b, !crossed);
            if (!requests.add(state(prepared))) {
                throw new AssertionError("redirect loop: " + String.join(" -> ", visited) + " -> " + step
                        + "; the application redirects in a circle (check its Location headers, or send"
                        + " without followRedirects() to see each response)");
            }
            visited.add(step);
            r = client.exchange(prepared);
        }
        return history.isEmpty() ? r : r.withHistory(history);
    }

    /** What makes two steps the same request: method, URL and the cookies sent with it. */
    private static String state(TestRequest.Prepared p) {
        StringBuilder b = new StringBuilder(p.method()).append(' ').append(p.url());
        for (String[] h : p.headers()) {
            if (h[0].equalsIgnoreCase("Cookie")) {
                b.append('\n').append(h[1]);
            }
        }
        return b.toString();
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI resolve(String scheme, String host, String target, String location) {
        try {
            return References.resolve(new URI(url(scheme, host, target)), new URI(location));
        } catch (URISyntaxException e) {
            throw new AssertionError("the application redirected to Location \"" + location
                    + "\", which is not a valid URI reference (" + e.getReason() + "); percent-encode it", e);
        }
    }

    private static String url(String scheme, String host, String target) {
        return target.startsWith("http://") || target.startsWith("https://") ? target
                : scheme + "://" + host + target;
    }

    /** RFC 6454: the same scheme, host and port (the scheme's default when none is given). */
    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && port(a) == port(b) && host(a).equalsIgnoreCase(host(b));
    }

    /**
     * The host of {@code u}'s authority: {@link URI#getHost()} is null for a name it cannot read as a
     * server's ({@code a_b.test}: an underscore), and two such hosts must not compare equal as two nulls.
     */
    private static String host(URI u) {
        if (u.getHost() != null) {
            return u.getHost();
        }
        String authority = hostAndPort(u);
        int colon = authority.lastIndexOf(':');
        return colon > authority.lastIndexOf(']') ? authority.substring(0, colon) : authority;
    }

    private static int port(URI u) {
        int port = u.getPort();
        if (port < 0 && u.getHost() == null) {
            String authority = hostAndPort(u);
            int colon = authority.lastIndexOf(':');
            String digits = colon > authority.lastIndexOf(']') ? authority.substring(colon + 1) : "";
            port = !digits.isEmpty() && digits.length() <= 5 && digits.chars().allMatch(Character::isDigit)
                    ? Integer.parseInt(digits) : -1;
        }
        return port >= 0 ? port : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** {@code u}'s authority without its user information; "" when it has none. */
    private static String hostAndPort(URI u) {
        String authority = u.getRawAuthority() == null ? "" : u.getRawAuthority();
        return authority.substring(authority.lastIndexOf('@') + 1);
    }

    private static List<String[]> withoutCredentials(List<String[]> headers) {
        List<String[]> out = new ArrayList<>(headers.size());
        for (String[] h : headers) {
            if (!h[0].equalsIgnoreCase("Authorization") && !h[0].equalsIgnoreCase("Proxy-Authorization")
                    && !h[0].equalsIgnoreCase("Cookie")) {
                out.add(h);
            }
        }
        return out;
    }

    private static List<String[]> withoutBodyHeaders(List<String[]> headers) {
        List<String[]> out = new ArrayList<>(headers.size());
        for (String[] h : headers) {
            if (!h[0].equalsIgnoreCase("Content-Type") && !h[0].equalsIgnoreCase("Content-Length")) {
                out.add(h);
            }
        }
        return out;
    }
}
