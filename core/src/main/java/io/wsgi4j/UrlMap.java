// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import io.wsgi4j.observe.RequestRecord;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Dispatches on a URL prefix (and optionally the host), moving the matched prefix from PATH_INFO to
 * SCRIPT_NAME for the mounted application and restoring both afterwards.
 *
 * <pre>{@code
 * Application site = UrlMap.builder()
 *         .mount("/static", files)
 *         .mount("/projects", projects)
 *         .mount("api.example.com", "/", api)
 *         .fallback(home)
 *         .build();
 * }</pre>
 *
 * <p>Rules: a prefix starts with {@code /} and matches whole segments ({@code /api} matches
 * {@code /api} and {@code /api/x}, not {@code /apix}); it is decoded text, so {@code /café} matches the
 * request path {@code /caf%C3%A9} (its UTF-8 bytes, as a router's template does); host-specific mounts are tried before
 * host-less ones, longer prefixes before shorter. Without a match the fallback answers, by default
 * {@link NotFound} ("not mine"). SCRIPT_NAME and PATH_INFO are restored when the mounted application
 * returns, so an application that needs them while its body is iterated reads them in {@code call}.
 * The matched prefix is recorded as the request's route ({@link RequestRecord#ROUTE_TEMPLATE}, for
 * metrics), and a router inside the mounted application records its template below it.
 *
 * @since 0.1
 */
public final class UrlMap implements Application {
    private final List<Mount> mounts;
    /** The mounts in the order added, for printing the code that built this map. */
    private final List<Mount> declared;
    private final Application fallback;

    /**
     * One mount: {@code prefix} as written (without trailing slashes), and {@code path}, the same in the
     * form PATH_INFO carries it (its UTF-8 bytes, one char each, SPEC.md rule R2.3).
     */
    private record Mount(String host, String prefix, String path, Application app) {
        boolean matches(Environ environ) {
            return environ.pathInfoStartsWith(path) && (host == null || host.equals(requestHost(environ)));
        }
    }

    private UrlMap(List<Mount> declared, Application fallback) {
        this.declared = List.copyOf(declared);
        List<Mount> sorted = new ArrayList<>(declared);
        sorted.sort(Comparator.comparing((Mount m) -> m.host == null).thenComparing(m -> -m.path.length()));
        this.mounts = List.copyOf(sorted);
        this.fallback = fallback;
    }

    /** A builder with no mounts. @since 0.1 */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        for (int i = 0, n = mounts.size(); i < n; i++) {
            Mount m = mounts.get(i);
            if (m.matches(environ)) {
                return callMounted(environ, m, startResponse);
            }
        }
        return fallback.call(environ, startResponse);
    }

    /**
     * Calls a mount's application with the prefix moved to SCRIPT_NAME, and its prefix recorded as the
     * route (so metrics tell {@code /api/users/{id}} from {@code /admin/users/{id}} when a router inside
     * each records {@code /users/{id}}).
     */
    private static Iterable<byte[]> callMounted(Environ environ, Mount m, StartResponse startResponse)
            throws Exception {
        Object outerBase = environ.get(RequestRecord.ROUTE_BASE);
        String template = outerBase instanceof String s ? s + m.prefix : m.prefix;
        if (!template.isEmpty()) {
            environ.put(RequestRecord.ROUTE_TEMPLATE, template);
        }
        environ.put(RequestRecord.ROUTE_BASE, template);
        try {
            return environ.callMounted(m.path, m.app, startResponse);
        } finally {
            if (outerBase == null) {
                environ.remove(RequestRecord.ROUTE_BASE);
            } else {
                environ.put(RequestRecord.ROUTE_BASE, outerBase);
            }
        }
    }

    /** The host a request names: HTTP_HOST (or SERVER_NAME) lower-cased, without a port. */
    static String requestHost(Environ environ) {
        String host = environ.header("Host");
        if (host == null || host.isEmpty()) {
            host = environ.serverName();
        }
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']', colon) < 0) {
            host = host.substring(0, colon);
        }
        // "example.com." names the same host as "example.com" (the root's empty label, RFC 1034 section 3.1)
        if (host.length() > 1 && host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host.toLowerCase(Locale.ROOT);
    }

    /**
     * The builder code that made this map, one mount per line in the order added (the fallback when
     * it is not {@link NotFound}), the way {@link Pipeline} and the middleware catalogue print.
     *
     * @since 0.1
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("UrlMap.builder()");
        for (Mount m : declared) {
            String host = m.host == null ? "" : Headers.quote(m.host) + ", ";
            Pipeline.appendLine(b, ".mount(" + host + Headers.quote(m.prefix.isEmpty() ? "/" : m.prefix) + ", " + m.app
                    + ")");
        }
        if (fallback != NotFound.INSTANCE) {
            Pipeline.appendLine(b, ".fallback(" + fallback + ")");
        }
        return Pipeline.appendLine(b, ".build()").toString();
    }

    /**
     * Collects mounts for a {@link UrlMap}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final List<Mount> mounts = new ArrayList<>();
        private Application fallback = NotFound.INSTANCE;

        private Builder() {}

        /**
         * Mounts {@code app} at {@code prefix} for every host. The prefix is compared with the decoded
         * path: write {@code "/my app"} or {@code "/café"}, not their percent escapes.
         *
         * @throws IllegalArgumentException if the prefix does not start with {@code /}, holds a percent
         *     escape (it could never match), or is mounted twice
         * @since 0.1
         */
        public Builder mount(String prefix, Application app) {
            return add(null, prefix, app);
        }

        /**
         * Mounts {@code app} at {@code prefix} for requests to {@code host} (compared without port and
         * trailing dot, ignoring case; an internationalised name matches its ASCII form, which is what
         * a Host header carries).
         *
         * @throws IllegalArgumentException if the host is empty or contains {@code /}, or the prefix is
         *     not valid as for {@link #mount(String, Application)}
         * @since 0.1
         */
        public Builder mount(String host, String prefix, Application app) {
            Objects.requireNonNull(host, "host");
            if (host.isEmpty() || host.contains("/")) {
                throw new IllegalArgumentException("mount host must be a host name like \"api.example.com\", got \""
                        + host + "\"");
            }
            if (!host.startsWith("[") && host.contains(":")) {
                // requests are compared without their port, so a mount with one would never match
                throw new IllegalArgumentException("mount host is compared without the port, got \"" + host
                        + "\"; drop \"" + host.substring(host.indexOf(':')) + "\"");
            }
            return add(hostAsSent(host), prefix, app);
        }

        /**
         * The host as a request's Host names it: an internationalised name in its ASCII form
         * ({@code bücher.example} is sent as {@code xn--bcher-kva.example}, RFC 5890), lower case, without
         * a trailing dot.
         */
        private static String hostAsSent(String host) {
            String h = host.endsWith(".") && host.length() > 1 ? host.substring(0, host.length() - 1) : host;
            for (int i = 0; i < h.length(); i++) {
                if (h.charAt(i) >= 0x80) {
                    try {
                        h = IDN.toASCII(h, IDN.ALLOW_UNASSIGNED);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("mount host \"" + host + "\" is not a valid"
                                + " internationalised host name: " + e.getMessage(), e);
                    }
                    break;
                }
            }
            return h.toLowerCase(Locale.ROOT);
        }

        /** The application for requests no mount matches; {@link NotFound} by default. @since 0.1 */
        public Builder fallback(Application app) {
            this.fallback = Objects.requireNonNull(app, "fallback");
            return this;
        }

        /** The map. @since 0.1 */
        public UrlMap build() {
            return new UrlMap(mounts, fallback);
        }

        private static boolean hasPercentEscape(String s) {
            for (int i = s.indexOf('%'); i >= 0 && i + 2 < s.length(); i = s.indexOf('%', i + 1)) {
                if (Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
                    return true;
                }
            }
            return false;
        }

        private Builder add(String host, String prefix, Application app) {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(app, "app");
            if (!prefix.startsWith("/")) {
                throw new IllegalArgumentException("mount prefix must start with \"/\", got \"" + prefix + "\"");
            }
            if (hasPercentEscape(prefix)) {
                // PATH_INFO is decoded, so "/my%20app" could never match: say what to write instead
                throw new IllegalArgumentException("mount prefix \"" + prefix + "\" holds a percent escape, but"
                        + " prefixes are compared with the decoded path; write \"" + PercentCodec.decode(prefix)
                        + "\"");
            }
            String p = prefix;
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            for (Mount m : mounts) {
                if (m.prefix.equals(p) && Objects.equals(m.host, host)) {
                    throw new IllegalArgumentException("prefix \"" + prefix + "\" is already mounted"
                            + (host == null ? "" : " for host " + host) + " (to " + m.app + ")");
                }
            }
            mounts.add(new Mount(host, p, new String(p.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1),
                    app));
            return this;
        }
    }
}
