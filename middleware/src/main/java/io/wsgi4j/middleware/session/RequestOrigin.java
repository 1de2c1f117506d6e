// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.middleware.request.MethodOverride;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where an unsafe request came from, as the browser tells it: the {@code Sec-Fetch-Site} header of
 * Fetch metadata, else the {@code Origin} header (RFC 6454 section 7), compared with this request's
 * own origin (RFC 6454 section 4: scheme, host and port, from the environ as PEP 3333 rebuilds a URL).
 */
final class RequestOrigin {
    /**
     * An origin as a browser serialises it, or as a trusted one is given: http(s)://host[:port]. A host
     * name may hold {@code _} and {@code ~} as well (RFC 3986 unreserved characters, which the URL standard
     * keeps in a host): a container's name such as {@code my_app}.
     */
    private static final Pattern ORIGIN = Pattern.compile("(?i)https?://([a-z0-9._~-]+|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?");

    private RequestOrigin() {}

    /**
     * Why {@code environ}'s request must be refused as cross-origin, or null: a safe method (RFC 9110
     * section 9.2.1) is never refused; {@code Sec-Fetch-Site: same-origin} or {@code none} passes;
     * else the {@code Origin} header, when present or when Sec-Fetch-Site says another site, must be
     * this request's origin or one of {@code trusted} (each as {@link #normalise} makes it).
     */
    static String refusal(Environ environ, String[] trusted) {
        Object sent = environ.getOrDefault(MethodOverride.ORIGINAL_METHOD, environ.requestMethod());
        String method = environ.requestMethod();
        if (isSafe(method) && isSafe(String.valueOf(sent))) {
            return null;
        }
        String fetchSite = environ.header("Sec-Fetch-Site");
        if (fetchSite != null) {
            fetchSite = fetchSite.strip().toLowerCase(Locale.ROOT);
            if (fetchSite.equals("same-origin") || fetchSite.equals("none")) {
                return null;
            }
        }
        String origin = environ.header("Origin");
        if (origin == null) {
            return fetchSite == null ? null : "cross-origin request refused: the browser sent it from another site"
                    + " (Sec-Fetch-Site: " + Headers.describe(cut(fetchSite)) + ") without an Origin to trust";
        }
        String own = own(environ);
        String normal = ORIGIN.matcher(origin.strip()).matches() ? normalise(origin.strip()) : null;
        if (normal != null && (fetchSite == null && normal.equals(own) || contains(trusted, normal))) {
            return null;
        }
        return "cross-origin request refused: Origin " + Headers.describe(cut(origin)) + " is not this site's origin "
                + Headers.describe(own) + (trusted.length == 0 ? "" : " nor a trusted one")
                + (fetchSite == null ? "" : " (Sec-Fetch-Site: " + Headers.describe(cut(fetchSite)) + ")");
    }

    /**
     * {@code origins} as {@link #refusal} compares them.
     *
     * @throws IllegalArgumentException if one is not {@code http(s)://host[:port]}
     */
    static String[] trusted(String... origins) {
        String[] out = new String[origins.length];
        for (int i = 0; i < origins.length; i++) {
            String o = origins[i];
            if (o == null || !ORIGIN.matcher(o).matches()) {
                throw new IllegalArgumentException("a trusted origin must be scheme://host[:port] as a browser sends"
                        + " it in Origin (http or https, no path, no trailing slash), got " + Headers.describe(o));
            }
            out[i] = normalise(o);
        }
        return out;
    }

    /** This request's origin: wsgi.url_scheme, then HTTP_HOST, else SERVER_NAME and SERVER_PORT. */
    static String own(Environ environ) {
        String scheme = environ.urlScheme();
        String host = environ.header("Host");
        if (host == null || host.isBlank()) {
            String port = environ.serverPort();
            host = environ.serverName() + (port == null || port.isEmpty() ? "" : ":" + port);
        }
        return normalise(scheme + "://" + host.strip());
    }

    /** {@code origin} (scheme://host[:port]) lower-cased, without the scheme's default port. */
    private static String normalise(String origin) {
        String o = origin.toLowerCase(Locale.ROOT);
        if (o.startsWith("http://") && o.endsWith(":80")) {
            return o.substring(0, o.length() - 3);
        }
        if (o.startsWith("https://") && o.endsWith(":443")) {
            return o.substring(0, o.length() - 4);
        }
        return o;
    }

    private static boolean isSafe(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") || method.equals("TRACE");
    }

    private static boolean contains(String[] origins, String origin) {
        for (String o : origins) {
            if (o.equals(origin)) {
                return true;
            }
        }
        return false;
    }

    /** Client text cut to 60 characters for a message. */
    private static String cut(String clientText) {
        return clientText.length() > 60 ? clientText.substring(0, 60) + "..." : clientText;
    }
}
