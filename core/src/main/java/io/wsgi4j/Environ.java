// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request environ: a mutable map of CGI variables and {@code wsgi.*} keys, with typed accessors.
 *
 * <pre>{@code
 * String method = environ.requestMethod();        // "GET"
 * String path = environ.pathInfo();               // "/projects/wsgi4j/wiki/Home"
 * String agent = environ.header("User-Agent");    // HTTP_USER_AGENT
 * String first = environ.shiftPathInfo();         // "projects", moved to SCRIPT_NAME; restore both
 *                                                 // before returning (SPEC.md rule R6.1)
 * }</pre>
 *
 * <p>String values are the request's bytes decoded as ISO-8859-1, so they round-trip to the exact
 * bytes received (SPEC.md rule R2.3). Keys beyond the CGI and {@code wsgi.*} ones are namespaced:
 * {@code wsgi4j.*} for this library, {@code routing.*} for routers, a user's own prefix otherwise.
 * {@code SCRIPT_NAME + PATH_INFO} always rebuilds the (decoded) request path.
 *
 * @since 0.1
 */
public final class Environ extends AbstractMap<String, Object> {
    /** The HTTP method, e.g. {@code GET}. @since 0.1 */
    public static final String REQUEST_METHOD = "REQUEST_METHOD";
    /** The path where the application is mounted; empty at the root. @since 0.1 */
    public static final String SCRIPT_NAME = "SCRIPT_NAME";
    /** The rest of the path, percent-decoded; empty or starting with {@code /}. @since 0.1 */
    public static final String PATH_INFO = "PATH_INFO";
    /** The query, without {@code ?}, still percent-encoded; may be empty. @since 0.1 */
    public static final String QUERY_STRING = "QUERY_STRING";
    /** The request's Content-Type; absent when the request has none. @since 0.1 */
    public static final String CONTENT_TYPE = "CONTENT_TYPE";
    /** The request's Content-Length in decimal; absent when unknown. @since 0.1 */
    public static final String CONTENT_LENGTH = "CONTENT_LENGTH";
    /** The host the request was addressed to. @since 0.1 */
    public static final String SERVER_NAME = "SERVER_NAME";
    /** The port the request was addressed to, in decimal. @since 0.1 */
    public static final String SERVER_PORT = "SERVER_PORT";
    /** The protocol, e.g. {@code HTTP/1.1}. @since 0.1 */
    public static final String SERVER_PROTOCOL = "SERVER_PROTOCOL";
    /** The server's name and version. @since 0.1 */
    public static final String SERVER_SOFTWARE = "SERVER_SOFTWARE";
    /** The client's address. @since 0.1 */
    public static final String REMOTE_ADDR = "REMOTE_ADDR";
    /** The client's port. @since 0.1 */
    public static final String REMOTE_PORT = "REMOTE_PORT";
    /** The authenticated user, when a server or middleware authenticated one. @since 0.1 */
    public static final String REMOTE_USER = "REMOTE_USER";

    /** {@code List.of(1, 0)}. @since 0.1 */
    public static final String WSGI_VERSION = "wsgi.version";
    /** {@code "http"} or {@code "https"}. @since 0.1 */
    public static final String WSGI_URL_SCHEME = "wsgi.url_scheme";
    /** The request body, an {@link InputStream} that ends where the body ends. @since 0.1 */
    public static final String WSGI_INPUT = "wsgi.input";
    /** A {@link PrintStream} for error output. @since 0.1 */
    public static final String WSGI_ERRORS = "wsgi.errors";
    /** Boolean: the app may be called concurrently from several threads. @since 0.1 */
    public static final String WSGI_MULTITHREAD = "wsgi.multithread";
    /** Boolean: other processes may serve the same app. @since 0.1 */
    public static final String WSGI_MULTIPROCESS = "wsgi.multiprocess";
    /** Boolean: the process serves only this one request (CGI). @since 0.1 */
    public static final String WSGI_RUN_ONCE = "wsgi.run_once";
    /** A {@link FileWrapper}. @since 0.1 */
    public static final String WSGI_FILE_WRAPPER = "wsgi.file_wrapper";

    /** The request target exactly as received, still percent-encoded (keeps an encoded {@code /}). @since 0.1 */
    public static final String RAW_TARGET = "wsgi4j.raw_target";
    /** Boolean.TRUE on a 404 that means "not mine": a cascade may try the next application. @since 0.1 */
    public static final String NOT_MINE = "wsgi4j.not_mine";
    /**
     * The {@link Throwable} an error page is about, while it renders; a server sets it before it closes the
     * body the page replaces, so that body's {@code close()} can tell its response never went out.
     *
     * @since 0.1
     */
    public static final String ERROR = "wsgi4j.error";

    /** {@code wsgi.version} for this implementation. @since 0.1 */
    public static final List<Integer> VERSION = List.of(1, 0);

    private final StringMap map;

    /** An empty environ. @since 0.1 */
    public Environ() {
        this.map = new StringMap(40);
    }

    /** An environ holding a copy of {@code entries}. @since 0.1 */
    public Environ(Map<String, ?> entries) {
        if (entries instanceof Environ) {
            this.map = ((Environ) entries).map.copy();
        } else {
            this.map = new StringMap(Math.max(40, entries.size()));
            this.map.putAll(entries);
        }
    }

    private Environ(StringMap map) {
        this.map = map;
    }

    // ---------------------------------------------------------------- Map

    @Override
    public Object get(Object key) {
        return map.get(key);
    }

    @Override
    public Object put(String key, Object value) {
        return map.put(key, value);
    }

    @Override
    public Object putIfAbsent(String key, Object value) {
        return map.putIfAbsent(key, value); // one hash lookup, where Map's default does two
    }

    @Override
    public Object remove(Object key) {
        return map.remove(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return map.containsKey(key);
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public void clear() {
        map.clear();
    }

    @Override
    public void putAll(Map<? extends String, ?> m) {
        map.putAll(m);
    }

    @Override
    public Set<String> keySet() {
        return map.keySet();
    }

    @Override
    public Collection<Object> values() {
        return map.values();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return map.entrySet();
    }

    // ---------------------------------------------------------------- typed accessors

    /** REQUEST_METHOD. @since 0.1 */
    public String requestMethod() {
        return string(REQUEST_METHOD, "GET");
    }

    /** SCRIPT_NAME, or "" when absent. @since 0.1 */
    public String scriptName() {
        return string(SCRIPT_NAME, "");
    }

    /** PATH_INFO, or "" when absent. @since 0.1 */
    public String pathInfo() {
        return string(PATH_INFO, "");
    }

    /** QUERY_STRING, or "" when absent. @since 0.1 */
    public String queryString() {
        return string(QUERY_STRING, "");
    }

    /** CONTENT_TYPE, or "" when absent. @since 0.1 */
    public String contentType() {
        return string(CONTENT_TYPE, "");
    }

    /**
     * CONTENT_LENGTH as a number, or -1 when absent or empty (the body then ends where
     * {@code wsgi.input} ends).
     *
     * @throws IllegalArgumentException if it is present but not a non-negative decimal number of ASCII
     *     digits (leading zeros allowed), or larger than {@code Long.MAX_VALUE}
     * @since 0.1
     */
    public long contentLength() {
        String s = string(CONTENT_LENGTH, "");
        if (s.isEmpty()) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') { // ASCII digits only (RFC 9110 8.6), no sign: Long.parseLong takes more
                throw new IllegalArgumentException("CONTENT_LENGTH must be a non-negative decimal number, got "
                        + Headers.quote(s));
            }
            if (n > (Long.MAX_VALUE - (c - '0')) / 10) {
                throw new IllegalArgumentException("CONTENT_LENGTH " + Headers.quote(s)
                        + " is larger than any body can be (the largest is " + Long.MAX_VALUE + ")");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** SERVER_NAME. @since 0.1 */
    public String serverName() {
        return string(SERVER_NAME, "");
    }

    /** SERVER_PORT (a decimal string, as in CGI). @since 0.1 */
    public String serverPort() {
        return string(SERVER_PORT, "");
    }

    /** SERVER_PROTOCOL, e.g. "HTTP/1.1". @since 0.1 */
    public String serverProtocol() {
        return string(SERVER_PROTOCOL, "HTTP/1.0");
    }

    /** REMOTE_ADDR, or "" when unknown. @since 0.1 */
    public String remoteAddr() {
        return string(REMOTE_ADDR, "");
    }

    /** REMOTE_USER, or null when nobody is authenticated. @since 0.1 */
    public String remoteUser() {
        return (String) map.get(REMOTE_USER);
    }

    /**
     * A request header by its HTTP name ({@code "User-Agent"} reads {@code HTTP_USER_AGENT};
     * Content-Type and Content-Length read the CGI keys), or null when absent. Repeated headers were
     * joined with {@code ", "} by the server.
     *
     * @since 0.1
     */
    public String header(String name) {
        return (String) map.get(headerKey(name));
    }

    /**
     * The environ key that holds request header {@code name}: {@code HTTP_} plus the name upper-cased
     * with {@code -} turned into {@code _}, except CONTENT_TYPE and CONTENT_LENGTH.
     *
     * @since 0.1
     */
    public static String headerKey(String name) {
        return HeaderKeys.of(name); // remembered: middleware asks for the same names on every request
    }

    /** wsgi.url_scheme, "http" when absent. @since 0.1 */
    public String urlScheme() {
        return string(WSGI_URL_SCHEME, "http");
    }

    /** wsgi.input; an empty stream when absent. @since 0.1 */
    public InputStream input() {
        Object in = map.get(WSGI_INPUT);
        return in instanceof InputStream s ? s : InputStream.nullInputStream();
    }

    /** wsgi.errors; {@link LogStream#wsgiErrors()} (lines to a System.Logger) when absent. @since 0.1 */
    public PrintStream errors() {
        Object err = map.get(WSGI_ERRORS);
        return err instanceof PrintStream p ? p : LogStream.wsgiErrors();
    }

    /** wsgi.version. @since 0.1 */
    @SuppressWarnings("unchecked")
    public List<Integer> version() {
        Object v = map.get(WSGI_VERSION);
        return v instanceof List<?> l ? (List<Integer>) l : VERSION;
    }

    /** wsgi.multithread. @since 0.1 */
    public boolean multithread() {
        return Boolean.TRUE.equals(map.get(WSGI_MULTITHREAD));
    }

    /** wsgi.multiprocess. @since 0.1 */
    public boolean multiprocess() {
        return Boolean.TRUE.equals(map.get(WSGI_MULTIPROCESS));
    }

    /** wsgi.run_once. @since 0.1 */
    public boolean runOnce() {
        return Boolean.TRUE.equals(map.get(WSGI_RUN_ONCE));
    }

    /** wsgi.file_wrapper; {@link FileWrapper#DEFAULT} when absent. @since 0.1 */
    public FileWrapper fileWrapper() {
        Object w = map.get(WSGI_FILE_WRAPPER);
        return w instanceof FileWrapper f ? f : FileWrapper.DEFAULT;
    }

    /** wsgi4j.raw_target: the request target as received, or null when the server did not keep it. @since 0.1 */
    public String rawTarget() {
        return (String) map.get(RAW_TARGET);
    }

    // ---------------------------------------------------------------- paths and URLs

    /**
     * Moves the first segment of PATH_INFO to the end of SCRIPT_NAME and returns it; null, changing
     * nothing, when PATH_INFO is empty or the {@code *} of {@code OPTIONS *} (no path: SCRIPT_NAME would
     * become {@code *}, against SPEC.md rule R2.5). {@code SCRIPT_NAME + PATH_INFO} is unchanged by the move.
     *
     * <pre>{@code
     * // SCRIPT_NAME="/app", PATH_INFO="/projects/x"  ->  returns "projects",
     * // SCRIPT_NAME="/app/projects", PATH_INFO="/x"
     * // PATH_INFO="/" -> returns "", SCRIPT_NAME gains the trailing "/", PATH_INFO=""
     * }</pre>
     *
     * @since 0.1
     */
    public String shiftPathInfo() {
        String path = pathInfo();
        if (path.isEmpty() || path.equals("*")) {
            return null;
        }
        int start = path.charAt(0) == '/' ? 1 : 0;
        int end = path.indexOf('/', start);
        if (end < 0) {
            end = path.length();
        }
        map.put(SCRIPT_NAME, scriptName() + (start == 1 ? "/" : "") + path.substring(start, end));
        map.put(PATH_INFO, path.substring(end));
        return path.substring(start, end);
    }

    /**
     * True when PATH_INFO starts with {@code prefix} at a segment boundary: {@code "/api"} matches
     * {@code /api} and {@code /api/x}, not {@code /apix}; the empty prefix matches an empty PATH_INFO
     * or one that starts with {@code /}.
     *
     * @since 0.2
     */
    public boolean pathInfoStartsWith(String prefix) {
        String path = pathInfo();
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    /**
     * Calls {@code app} with {@code prefix} moved from the start of PATH_INFO to the end of
     * SCRIPT_NAME, and puts both back when it returns or throws (STYLE.md example 6): how a map or a
     * front controller mounts an application. An application that needs the moved values while its
     * body is iterated reads them in {@code call}.
     *
     * <pre>{@code
     * // SCRIPT_NAME="", PATH_INFO="/api/items": app sees "/api" and "/items"
     * return environ.callMounted("/api", api, startResponse);
     * }</pre>
     *
     * @throws IllegalArgumentException if {@link #pathInfoStartsWith(String) PATH_INFO does not start with}
     *     {@code prefix}
     * @throws Exception what {@code app} throws
     * @since 0.2
     */
    public Iterable<byte[]> callMounted(String prefix, Application app, StartResponse startResponse)
            throws Exception {
        if (!pathInfoStartsWith(prefix)) {
            throw new IllegalArgumentException("mount prefix \"" + prefix + "\" is not a segment prefix of PATH_INFO \""
                    + pathInfo() + "\"");
        }
        String script = scriptName();
        String path = pathInfo();
        map.put(SCRIPT_NAME, script + prefix);
        map.put(PATH_INFO, path.substring(prefix.length()));
        try {
            return app.call(this, startResponse);
        } finally {
            map.put(SCRIPT_NAME, script);
            map.put(PATH_INFO, path);
        }
    }

    /**
     * Where the application is mounted, as an absolute URL: scheme, host (from HTTP_HOST, else
     * SERVER_NAME and a non-default SERVER_PORT) and the percent-encoded SCRIPT_NAME, ending in
     * {@code /}.
     *
     * @since 0.1
     */
    public String applicationUri() {
        StringBuilder b = hostPart();
        String script = scriptName();
        b.append(PercentCodec.encodePath(script.isEmpty() ? "/" : script));
        if (b.charAt(b.length() - 1) != '/') {
            b.append('/');
        }
        return b.toString();
    }

    /**
     * The full request URL rebuilt from the environ: scheme, host, the percent-encoded
     * SCRIPT_NAME + PATH_INFO, and the query string when {@code includeQuery} and it is not empty.
     *
     * @since 0.1
     */
    public String requestUri(boolean includeQuery) {
        StringBuilder b = hostPart();
        String path = scriptName() + pathInfo();
        b.append(PercentCodec.encodePath(path.isEmpty() ? "/" : path));
        String q = queryString();
        if (includeQuery && !q.isEmpty()) {
            b.append('?').append(q);
        }
        return b.toString();
    }

    private StringBuilder hostPart() {
        String scheme = urlScheme();
        StringBuilder b = new StringBuilder(64).append(scheme).append("://");
        String host = header("Host");
        if (host != null && !host.isEmpty()) {
            return b.append(host);
        }
        b.append(serverName());
        String port = serverPort();
        boolean defaultPort = scheme.equals("https") ? port.equals("443") : port.equals("80");
        if (!port.isEmpty() && !defaultPort) {
            b.append(':').append(port);
        }
        return b;
    }

    /**
     * A shallow copy for a sub-request: the same values (the same input stream) in a new map, so
     * changes to the copy do not reach this environ.
     *
     * @since 0.1
     */
    public Environ copy() {
        return new Environ(map.copy());
    }

    private String string(String key, String dflt) {
        Object v = map.get(key);
        return v == null ? dflt : (String) v;
    }
}
