// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import io.wsgi4j.Environ;
import io.wsgi4j.FileWrapper;
import io.wsgi4j.LogStream;
import io.wsgi4j.PercentCodec;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the environ for an HTTP request from its parts. The reference server and the test client
 * both build through this class, so the same request gives the same keys and values in both
 * (SPEC.md section 2).
 *
 * <pre>{@code
 * Environ env = new EnvironBuilder()
 *         .method("GET").target("/a%20b?x=1").protocol("HTTP/1.1")
 *         .header("Host", "example.com:8080")
 *         .server("0.0.0.0", 8000).remote("127.0.0.1", 53122)
 *         .build();
 * // PATH_INFO "/a b", QUERY_STRING "x=1", SERVER_NAME "example.com", SERVER_PORT "8080"
 * }</pre>
 *
 * <p>Defaults: scheme {@code http}, empty input, {@link LogStream#wsgiErrors()} for errors, multithread true,
 * multiprocess false, run_once false. A builder builds one environ.
 *
 * @since 0.1
 */
public final class EnvironBuilder {
    /** The SERVER_SOFTWARE this library reports. @since 0.1 */
    public static final String SERVER_SOFTWARE = "wsgi4j/0.1";

    private static final Map<String, String> COMMON_KEYS = new HashMap<>();

    static {
        for (String name : new String[] {
            "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Accept-Charset", "Connection",
            "Cookie", "Referer", "Origin", "Authorization", "Cache-Control", "Pragma", "If-None-Match",
            "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range", "Range", "Expect", "Upgrade",
            "Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Prefix",
            "X-Request-Id", "X-Requested-With", "DNT", "Upgrade-Insecure-Requests", "Sec-Fetch-Site",
            "Sec-Fetch-Mode", "Sec-Fetch-Dest", "Sec-Fetch-User", "Priority", "TE", "Transfer-Encoding",
            "Content-Type", "Content-Length",
        }) {
            COMMON_KEYS.put(name, Environ.headerKey(name));
            COMMON_KEYS.put(name.toLowerCase(java.util.Locale.ROOT), Environ.headerKey(name));
        }
    }

    /**
     * The entries every environ starts with. Copying them in one go is cheaper than thirteen puts
     * into an empty map; the input stream, which remembers being closed, must be fresh per request:
     * {@link #build()} puts one when no {@link #input} was given (most transports give one, so the
     * empty stream is made only when it is used).
     */
    private static final Environ DEFAULTS = new Environ();

    /** The placeholder input of {@link #DEFAULTS}, never handed out: {@link #build()} replaces it. */
    private static final InputStream DEFAULT_INPUT = InputStream.nullInputStream();

    static {
        DEFAULTS.put(Environ.SCRIPT_NAME, "");
        DEFAULTS.put(Environ.PATH_INFO, "/");
        DEFAULTS.put(Environ.QUERY_STRING, "");
        DEFAULTS.put(Environ.REQUEST_METHOD, "GET");
        DEFAULTS.put(Environ.SERVER_PROTOCOL, "HTTP/1.1");
        DEFAULTS.put(Environ.SERVER_SOFTWARE, SERVER_SOFTWARE);
        DEFAULTS.put(Environ.WSGI_VERSION, Environ.VERSION);
        DEFAULTS.put(Environ.WSGI_INPUT, DEFAULT_INPUT);
        DEFAULTS.put(Environ.WSGI_ERRORS, LogStream.wsgiErrors());
        DEFAULTS.put(Environ.WSGI_MULTITHREAD, Boolean.TRUE);
        DEFAULTS.put(Environ.WSGI_MULTIPROCESS, Boolean.FALSE);
        DEFAULTS.put(Environ.WSGI_RUN_ONCE, Boolean.FALSE);
        DEFAULTS.put(Environ.WSGI_FILE_WRAPPER, FileWrapper.DEFAULT);
    }

    private final Environ env = DEFAULTS.copy();
    private String host;
    private String scheme = "http";
    private String serverName = "localhost";
    private int serverPort = 80;

    /** A builder with the defaults above. @since 0.1 */
    public EnvironBuilder() {
    }

    /** REQUEST_METHOD. @since 0.1 */
    public EnvironBuilder method(String method) {
        env.put(Environ.REQUEST_METHOD, Objects.requireNonNull(method, "method"));
        return this;
    }

    /**
     * The request target as received: origin-form ({@code /path?query}), absolute-form
     * ({@code http://host/path?query}, whose authority then takes the place of the Host header, as
     * RFC 9112 section 3.2.2 says), or {@code *}. Sets PATH_INFO (percent-decoded), QUERY_STRING and
     * {@code wsgi4j.raw_target}.
     *
     * @since 0.1
     */
    public EnvironBuilder target(String rawTarget) {
        Objects.requireNonNull(rawTarget, "target");
        env.put(Environ.RAW_TARGET, rawTarget);
        String rest = rawTarget;
        int schemeEnd = rest.indexOf("://");
        if (schemeEnd > 0 && rest.charAt(0) != '/') {
            int pathStart = rest.indexOf('/', schemeEnd + 3);
            int queryStart = rest.indexOf('?', schemeEnd + 3);
            int authorityEnd = pathStart < 0 ? (queryStart < 0 ? rest.length() : queryStart)
                    : (queryStart < 0 ? pathStart : Math.min(pathStart, queryStart));
            host = rest.substring(schemeEnd + 3, authorityEnd);
            rest = authorityEnd < rest.length() && rest.charAt(authorityEnd) == '/' ? rest.substring(authorityEnd)
                    : "/" + rest.substring(authorityEnd);
        }
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        env.put(Environ.PATH_INFO, "*".equals(path) ? "*" : PercentCodec.decode(path));
        env.put(Environ.QUERY_STRING, q < 0 ? "" : rest.substring(q + 1));
        return this;
    }

    /**
     * Mounts the application under {@code scriptName}, as a container that routed the request
     * reports it (decoded, e.g. a servlet's context path plus servlet path): the leading part of the
     * raw target's path that decodes to it becomes SCRIPT_NAME, and PATH_INFO is the rest of the raw
     * path, decoded. Call it after {@link #target}; the raw target itself stays unchanged.
     *
     * <pre>{@code
     * EnvironBuilder b = new EnvironBuilder().target("/shop/items/a%2Fb");
     * b.mount("/shop");   // true: SCRIPT_NAME "/shop", PATH_INFO "/items/a/b", raw_target "/shop/items/a%2Fb"
     * Environ environ = b.build();
     * }</pre>
     *
     * @return true if the raw path starts with a prefix that decodes to {@code scriptName} and ends
     *     at a segment boundary (then SCRIPT_NAME and PATH_INFO are set); false, changing nothing,
     *     if it does not (a container that rewrote the path), so the caller can fall back to the
     *     container's own split
     * @throws IllegalStateException if no target was set
     * @since 0.2
     */
    public boolean mount(String scriptName) {
        Objects.requireNonNull(scriptName, "scriptName");
        String raw = (String) env.get(Environ.RAW_TARGET);
        if (raw == null) {
            throw new IllegalStateException("mount(\"" + scriptName + "\") needs the raw target; call target() first");
        }
        String pathInfo = (String) env.get(Environ.PATH_INFO);
        int rawEnd = rawPrefixEnd(rawPath(raw), scriptName);
        if (rawEnd < 0) {
            return false;
        }
        env.put(Environ.SCRIPT_NAME, scriptName);
        // the decoded path is the decoded prefix followed by the decoded rest, escape by escape
        env.put(Environ.PATH_INFO, pathInfo.substring(scriptName.length()));
        return true;
    }

    private static String rawPath(String raw) {
        int start = 0;
        int schemeEnd = raw.indexOf("://");
        if (schemeEnd > 0 && raw.charAt(0) != '/') {
            start = raw.indexOf('/', schemeEnd + 3);
            int query = raw.indexOf('?', schemeEnd + 3);
            if (start < 0 || (query >= 0 && query < start)) {
                return "/"; // no path: a "/" after the "?" belongs to the query, as target() reads it
            }
        }
        int q = raw.indexOf('?', start);
        return raw.substring(start, q < 0 ? raw.length() : q);
    }

    /** Where in {@code rawPath} the prefix decoding to {@code decoded} ends, at a segment boundary; else -1. */
    private static int rawPrefixEnd(String rawPath, String decoded) {
        int i = 0;
        int matched = 0;
        while (matched < decoded.length()) {
            if (i >= rawPath.length()) {
                return -1;
            }
            char c = rawPath.charAt(i);
            int step = 1;
            if (c == '%' && i + 2 < rawPath.length() && PercentCodec.isWellFormed(rawPath.substring(i, i + 3))) {
                c = PercentCodec.decode(rawPath.substring(i, i + 3)).charAt(0);
                step = 3;
            }
            if (c != decoded.charAt(matched)) {
                return -1;
            }
            matched++;
            i += step;
        }
        return i == rawPath.length() || rawPath.charAt(i) == '/' ? i : -1;
    }

    /** SERVER_PROTOCOL, e.g. {@code HTTP/1.1}. @since 0.1 */
    public EnvironBuilder protocol(String protocol) {
        env.put(Environ.SERVER_PROTOCOL, Objects.requireNonNull(protocol, "protocol"));
        return this;
    }

    /**
     * Adds a request header. Repeated names are joined with {@code ", "} (Cookie with {@code "; "});
     * Content-Type and Content-Length go to the CGI keys; Host also sets SERVER_NAME and SERVER_PORT
     * unless an absolute-form target gave the authority. A name containing {@code _} is dropped: its
     * key would be the same as the dashed name's ({@code X_Forwarded_For} and {@code X-Forwarded-For}
     * both give {@code HTTP_X_FORWARDED_FOR}), so a client could pass it off as a header a proxy in
     * front controls. So is a name with any other character than letters, digits and {@code -}
     * ({@code X.Y}, {@code X!Y}): its key would be no CGI name (SPEC.md R2.2).
     *
     * @since 0.1
     */
    public EnvironBuilder header(String name, String value) {
        String key = COMMON_KEYS.get(name);
        if (key == null) {
            if (!makesCgiKey(name)) {
                return this;
            }
            key = Environ.headerKey(name);
        }
        // one lookup for the usual first occurrence; a repeat is joined onto the value already there
        Object old = env.putIfAbsent(key, value);
        if (old instanceof String prev) {
            env.put(key, prev + (key.equals("HTTP_COOKIE") ? "; " : ", ") + value);
        } else if (old != null) {
            env.put(key, value);
        }
        return this;
    }

    /**
     * Whether a header name turns into a CGI key (R2.2): letters, digits and {@code -} only, as nginx
     * accepts them. An {@code _} would give the key of a dashed name; other token characters ({@code !},
     * {@code ~}, {@code .}, ...) a key that is no CGI name, or one that passes for a namespaced key.
     */
    private static boolean makesCgiKey(String name) {
        for (int i = 0, n = name.length(); i < n; i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** The address the server is bound to; SERVER_NAME/PORT fall back to it when there is no Host. @since 0.1 */
    public EnvironBuilder server(String name, int port) {
        this.serverName = Objects.requireNonNull(name, "name");
        this.serverPort = port;
        return this;
    }

    /** REMOTE_ADDR and REMOTE_PORT. @since 0.1 */
    public EnvironBuilder remote(String addr, int port) {
        env.put(Environ.REMOTE_ADDR, addr);
        env.put(Environ.REMOTE_PORT, Integer.toString(port));
        return this;
    }

    /** wsgi.url_scheme: {@code http} or {@code https}. @since 0.1 */
    public EnvironBuilder scheme(String urlScheme) {
        this.scheme = Objects.requireNonNull(urlScheme, "scheme");
        return this;
    }

    /** wsgi.input. @since 0.1 */
    public EnvironBuilder input(InputStream input) {
        env.put(Environ.WSGI_INPUT, Objects.requireNonNull(input, "input"));
        return this;
    }

    /** wsgi.errors. @since 0.1 */
    public EnvironBuilder errors(PrintStream errors) {
        env.put(Environ.WSGI_ERRORS, Objects.requireNonNull(errors, "errors"));
        return this;
    }

    /** wsgi.multithread, wsgi.multiprocess and wsgi.run_once. @since 0.1 */
    public EnvironBuilder concurrency(boolean multithread, boolean multiprocess, boolean runOnce) {
        env.put(Environ.WSGI_MULTITHREAD, multithread);
        env.put(Environ.WSGI_MULTIPROCESS, multiprocess);
        env.put(Environ.WSGI_RUN_ONCE, runOnce);
        return this;
    }

    /** Sets any other key. @since 0.1 */
    public EnvironBuilder put(String key, Object value) {
        env.put(key, value);
        return this;
    }

    /**
     * The environ. SERVER_NAME and SERVER_PORT come from the absolute-form authority, else the Host
     * header, else the bound address; the port defaults to 80 or 443 by scheme.
     *
     * @since 0.1
     */
    public Environ build() {
        if (env.get(Environ.WSGI_INPUT) == DEFAULT_INPUT) {
            env.put(Environ.WSGI_INPUT, InputStream.nullInputStream()); // fresh: it remembers being closed
        }
        env.put(Environ.WSGI_URL_SCHEME, scheme);
        String authority = host != null ? host : (String) env.get("HTTP_HOST");
        if (host != null) {
            env.put("HTTP_HOST", host);
        }
        if (authority != null && !authority.isEmpty()) {
            // most requests repeat the previous Host, so its split is reused rather than redone
            Authority a = lastAuthority;
            if (a == null || !a.raw.equals(authority) || !a.scheme.equals(scheme)) {
                a = new Authority(authority, scheme);
                lastAuthority = a;
            }
            env.put(Environ.SERVER_NAME, a.name);
            env.put(Environ.SERVER_PORT, a.port);
        } else {
            env.put(Environ.SERVER_NAME, serverName);
            env.put(Environ.SERVER_PORT, Integer.toString(serverPort));
        }
        return env;
    }

    /** The last Host split, shared racily between threads: its fields are final, so any copy seen is whole. */
    private static Authority lastAuthority;

    /** A Host value split into SERVER_NAME and SERVER_PORT. */
    private static final class Authority {
        final String raw;
        final String scheme;
        final String name;
        final String port;

        Authority(String raw, String scheme) {
            this.raw = raw;
            this.scheme = scheme;
            int colon = raw.lastIndexOf(':');
            boolean hasPort = colon > 0 && raw.indexOf(']', colon) < 0;
            String p = hasPort ? raw.substring(colon + 1) : "";
            this.name = hasPort ? raw.substring(0, colon) : raw;
            // "host:" with an empty port means the default port (RFC 3986 section 3.2.3)
            this.port = !p.isEmpty() ? number(p) : (scheme.equals("https") ? "443" : "80");
        }

        /**
         * A port of digits as its number ("0000080" is "80"): RFC 3986 allows leading zeros, and SERVER_PORT
         * is the number (R2.10: at most five digits); anything else stays as it is, for the caller to refuse.
         */
        private static String number(String p) {
            int zeros = 0;
            while (zeros < p.length() - 1 && p.charAt(zeros) == '0') {
                zeros++;
            }
            for (int i = zeros; i < p.length(); i++) {
                if (p.charAt(i) < '0' || p.charAt(i) > '9') {
                    return p;
                }
            }
            return zeros == 0 ? p : p.substring(zeros);
        }
    }
}
