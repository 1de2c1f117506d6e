// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.Environ;
import io.wsgi4j.FileWrapper;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.PercentCodec;
import io.wsgi4j.handler.BaseHandler;
import io.wsgi4j.observe.RequestObserver;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * Builds the environ from the CGI variables a web server sent (FastCGI params, SCGI headers, or the
 * process environment under CGI). Variables go in unchanged, except where a stock web-server
 * configuration sends what SPEC.md section 2 does not allow:
 * <ul>
 *   <li>{@code HTTP_CONTENT_TYPE} and {@code HTTP_CONTENT_LENGTH} (nginx passes every request header,
 *       these two included) are dropped; their values live under the CGI names (R2.9), and fill
 *       those when the web server sent no CGI name.</li>
 *   <li>{@code wsgi.*} and {@code wsgi4j.*} names are the gateway's: a web server's are dropped.</li>
 *   <li>A name that is neither a CGI name (upper-case letters, digits, {@code _}) nor namespaced with a
 *       dot is dropped (R2.2): a CGI program inherits the web server's whole environment
 *       ({@code http_proxy}, say), and Apache passes its own variables ({@code proxy-nokeepalive}) on.
 *       So is an {@code HTTP_*} name that is no CGI name ({@code HTTP_X.Y}), as the reference server
 *       drops such a header.</li>
 *   <li>An empty or missing SERVER_NAME (nginx sends "" for a server block with no
 *       {@code server_name}) is the host of HTTP_HOST, else SERVER_ADDR, else {@code localhost}; a
 *       missing SERVER_PORT, or one that is not a number from 0 to 65535, is the port of HTTP_HOST,
 *       else the scheme's (R2.10).</li>
 *   <li>A missing SERVER_PROTOCOL, or one that is not an HTTP version ({@code HTTP/1.1}), is
 *       {@code HTTP/1.0} (R2.11): nginx sends "" for an HTTP/0.9 request, and RFC 3875 section
 *       4.1.16 lets a server send {@code INCLUDED} for a server-side include.</li>
 *   <li>An empty REMOTE_USER or AUTH_TYPE is dropped: nginx's stock {@code fastcgi_params} and
 *       {@code scgi_params} send {@code REMOTE_USER ""} when nobody logged in, and SPEC.md section 2
 *       has REMOTE_USER absent then, so that {@code environ.remoteUser() != null} means someone.</li>
 *   <li>An {@code HTTP_*} value loses leading and trailing spaces and tabs, and a CR, LF or NUL in
 *       it becomes a space (R2.12; RFC 9110 section 5.5 lets a recipient replace them so): a stock
 *       web server never sends them, but the gateway's port may be reached by something else, and an
 *       application must not see a header value that could split a line it logs or forwards.</li>
 *   <li>A space, {@code #} or control character in QUERY_STRING is percent-encoded (R2.7): Apache's
 *       mod_rewrite puts a decoded back-reference there ({@code RewriteRule ^/s/(.*) /app?q=$1}
 *       without the {@code B} flag), and the encoded form decodes to the same query.</li>
 *   <li>{@code wsgi4j.raw_target} is REQUEST_URI only when its decoded path is SCRIPT_NAME +
 *       PATH_INFO; after a web server's rewrite it is left out (R2.16).</li>
 * </ul>
 *
 * <p>SCRIPT_NAME and PATH_INFO are never rewritten when the web server supplies both and they are
 * not both empty. When PATH_INFO is missing (or empty with no SCRIPT_NAME, as nginx's
 * {@code PATH_INFO $fastcgi_path_info} sends it without {@code fastcgi_split_path_info}): under CGI
 * it is "" (the script itself was requested, RFC 3875); behind FastCGI and SCGI it is the request
 * path (DOCUMENT_URI, else the decoded path of REQUEST_URI) less a SCRIPT_NAME that is a proper
 * prefix of it at a segment boundary — and when SCRIPT_NAME is the whole path (nginx's stock
 * {@code SCRIPT_NAME $fastcgi_script_name}) the app is taken to be mounted at the root: SCRIPT_NAME
 * "" and PATH_INFO the path. With no path and no SCRIPT_NAME at all, PATH_INFO is "/" (R2.6: the
 * two are never both empty).
 *
 * <p>Values no environ can hold and no default can replace ({@link #problem}) are refused with 400
 * by the gateways.
 */
final class GatewayEnviron {
    private GatewayEnviron() {
    }

    static Environ build(Map<String, String> vars, InputStream input, PrintStream errors, boolean cgi) {
        Environ env = new Environ();
        vars.forEach((name, value) -> {
            if (kept(name)) {
                env.put(name, isHeader(name) ? fieldValue(value) : value);
            }
        });
        return complete(env, input, errors, cgi);
    }

    /**
     * As {@link #build}, on an environ that already holds the web server's variables, those of
     * {@link #reserved} names left out (the FastCGI gateway decodes PARAMS straight into one).
     */
    static Environ complete(Environ env, InputStream input, PrintStream errors, boolean cgi) {
        moveToCgiName(env, "HTTP_CONTENT_TYPE", Environ.CONTENT_TYPE);
        moveToCgiName(env, "HTTP_CONTENT_LENGTH", Environ.CONTENT_LENGTH);
        removeIfEmpty(env, Environ.REMOTE_USER);
        removeIfEmpty(env, "AUTH_TYPE");
        env.putIfAbsent(Environ.REQUEST_METHOD, "GET");
        String query = text(env, Environ.QUERY_STRING);
        env.put(Environ.QUERY_STRING, query == null ? "" : PercentCodec.encodeQueryControls(query));
        if (!isHttpVersion(text(env, Environ.SERVER_PROTOCOL))) {
            env.put(Environ.SERVER_PROTOCOL, "HTTP/1.0");
        }
        boolean https = isHttps(env);
        fillServerAddress(env, https);
        String pathInfo = text(env, Environ.PATH_INFO);
        String scriptName = text(env, Environ.SCRIPT_NAME);
        if (pathInfo == null || pathInfo.isEmpty() && (scriptName == null || scriptName.isEmpty())) {
            fillPathInfo(env, cgi);
        } else {
            env.putIfAbsent(Environ.SCRIPT_NAME, "");
        }
        String requestUri = text(env, "REQUEST_URI");
        if (requestUri != null && !requestUri.isEmpty() && isPathOf(decodedPath(requestUri), env)) {
            env.put(Environ.RAW_TARGET, requestUri);
        }
        env.put(Environ.WSGI_VERSION, Environ.VERSION);
        env.put(Environ.WSGI_URL_SCHEME, https ? "https" : "http");
        env.put(Environ.WSGI_INPUT, input);
        env.put(Environ.WSGI_ERRORS, errors);
        env.put(Environ.WSGI_MULTITHREAD, !cgi);
        env.put(Environ.WSGI_MULTIPROCESS, cgi);
        env.put(Environ.WSGI_RUN_ONCE, cgi);
        env.put(Environ.WSGI_FILE_WRAPPER, FileWrapper.DEFAULT);
        return env;
    }

    /**
     * What in the web server's variables makes the request impossible to serve as sent (the
     * gateways answer 400 naming it), or null: a CONTENT_LENGTH that is not a non-negative decimal
     * number (R2.8; the body's end would be unknown), a REQUEST_METHOD that is not a token (R2.4), or
     * a SCRIPT_NAME or PATH_INFO that is not empty and does not start with {@code /} (R2.5; nginx's
     * {@code fastcgi_split_path_info ^(.+\.php)(.*)$} sends PATH_INFO {@code foo} for
     * {@code /index.phpfoo}): no application could tell where such a path is.
     */
    static String problem(Map<String, ?> vars) {
        String length = contentLength(vars);
        if (length != null && !length.isEmpty() && !isDecimal(length)) {
            return "the web server sent CONTENT_LENGTH " + Headers.describe(length)
                    + ", which is not a non-negative decimal number";
        }
        Object method = vars.get(Environ.REQUEST_METHOD);
        if (method instanceof String s && !Header.isToken(s)) {
            return "the web server sent REQUEST_METHOD " + Headers.describe(s) + ", which is not a token";
        }
        if (vars.get(Environ.SCRIPT_NAME) instanceof String script && !script.isEmpty() && script.charAt(0) != '/') {
            return "the web server sent SCRIPT_NAME " + Headers.describe(script) + ", which is not empty and does not"
                    + " start with \"/\"";
        }
        if (vars.get(Environ.PATH_INFO) instanceof String path && !path.isEmpty() && path.charAt(0) != '/'
                && !path.equals("*")) {
            return "the web server sent PATH_INFO " + Headers.describe(path) + ", which is not empty and does not"
                    + " start with \"/\"";
        }
        return null;
    }

    /**
     * The CONTENT_LENGTH the environ will hold: the CGI name's value, else (when the web server sent
     * no CGI name) HTTP_CONTENT_LENGTH's, as {@link #complete} moves it. {@code wsgi.input} is bounded
     * by this value (R2.15), so both must read it the same way.
     */
    static String contentLength(Map<String, ?> vars) {
        Object length = vars.get(Environ.CONTENT_LENGTH);
        if (length == null) {
            length = vars.get("HTTP_CONTENT_LENGTH");
        }
        return length instanceof String s ? s : null;
    }

    /**
     * The request body's declared length: -1 when unknown (absent or empty); saturates at Long.MAX_VALUE.
     * Judged by its value, not by how many characters spell it: leading zeros are allowed (RFC 9110
     * section 8.6, Content-Length = 1*DIGIT) and nginx passes the client's text on as it came.
     */
    static long declaredLength(String value) {
        if (value == null || value.isEmpty() || !isDecimal(value)) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            int digit = value.charAt(i) - '0';
            if (n > (Long.MAX_VALUE - digit) / 10) {
                return Long.MAX_VALUE; // more than any body could be
            }
            n = n * 10 + digit;
        }
        return n;
    }

    private static boolean isDecimal(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /** Whether {@code name} is a request header's ({@code HTTP_*}), whose value R2.12 constrains. */
    static boolean isHeader(String name) {
        return name.startsWith("HTTP_");
    }

    /**
     * A request header the web server passed twice, joined as SPEC.md section 2 has repeated headers:
     * with {@code ", "}, Cookie with {@code "; "}, as the reference server joins them. nginx up to 1.22
     * passes each line of a repeated header as its own variable of the same name (and none when the
     * configuration sets that HTTP_* name itself), so a repeat is the client's, not an override.
     */
    static String joinedHeader(String name, String earlier, String value) {
        return fieldValue(earlier) + (name.equals("HTTP_COOKIE") ? "; " : ", ") + fieldValue(value);
    }

    /**
     * A request header's value as R2.12 has it in the environ: {@code value} itself (no copy) in the
     * usual case, else with CR, LF and NUL replaced by a space and the leading and trailing spaces and
     * tabs removed.
     */
    static String fieldValue(String value) {
        int n = value.length();
        if (n == 0 || !isBlank(value.charAt(0)) && !isBlank(value.charAt(n - 1)) && !hasLineBreakOrNul(value)) {
            return value;
        }
        String spaced = value.replace('\r', ' ').replace('\n', ' ').replace('\0', ' ');
        int start = 0;
        int end = n;
        while (start < end && isBlank(spaced.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(spaced.charAt(end - 1))) {
            end--;
        }
        return spaced.substring(start, end);
    }

    private static boolean hasLineBreakOrNul(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return true;
            }
        }
        return false;
    }

    /** A space or tab, or what becomes a space ({@code fieldValue}'s test for the ends of a value). */
    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0;
    }

    /** {@code wsgi.*} and {@code wsgi4j.*}: the gateway's names, never taken from the web server. */
    static boolean reserved(String name) {
        return name.startsWith("wsgi.") || name.startsWith("wsgi4j.");
    }

    /**
     * Whether a web server's variable goes into the environ: a name SPEC.md R2.2 allows (a CGI name, or
     * one namespaced with a dot) outside the gateway's own namespaces. A request header's name is a
     * CGI name or nothing: a header such as {@code X.Y} (nginx passes it with
     * {@code ignore_invalid_headers off}) is dropped as the reference server drops it (SPEC.md section
     * 2), since {@code HTTP_X.Y} would pass for a namespaced key.
     */
    static boolean kept(String name) {
        return isCgiName(name) || name.indexOf('.') >= 0 && !reserved(name) && !isHeader(name);
    }

    private static boolean isCgiName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '_') {
                return false;
            }
        }
        return !name.isEmpty();
    }

    private static void moveToCgiName(Environ env, String headerName, String cgiName) {
        Object value = env.remove(headerName);
        if (value != null) {
            env.putIfAbsent(cgiName, value);
        }
    }

    private static void removeIfEmpty(Environ env, String name) {
        if ("".equals(env.get(name))) {
            env.remove(name);
        }
    }

    private static void fillServerAddress(Environ env, boolean https) {
        String host = text(env, "HTTP_HOST");
        int colon = host == null ? -1 : host.startsWith("[") ? host.indexOf("]:") + 1 : host.lastIndexOf(':');
        String name = text(env, Environ.SERVER_NAME);
        if (name == null || name.isEmpty()) {
            String fromHost = host == null ? "" : colon > 0 ? host.substring(0, colon) : host;
            String addr = text(env, "SERVER_ADDR");
            env.put(Environ.SERVER_NAME, !fromHost.isEmpty() ? fromHost
                    : addr != null && !addr.isEmpty() ? addr : "localhost");
        }
        if (!isPort(text(env, Environ.SERVER_PORT))) {
            String fromHost = colon > 0 ? host.substring(colon + 1) : null;
            env.put(Environ.SERVER_PORT, isPort(fromHost) ? fromHost : https ? "443" : "80");
        }
    }

    /** R2.11: {@code HTTP/}, a digit, and optionally {@code .} and a digit. */
    private static boolean isHttpVersion(String s) {
        int n = s == null ? 0 : s.length();
        return (n == 6 || n == 8) && s.startsWith("HTTP/") && isDigit(s.charAt(5))
                && (n == 6 || s.charAt(6) == '.' && isDigit(s.charAt(7)));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isPort(String s) {
        return s != null && isDecimal(s) && s.length() <= 5 && Integer.parseInt(s) <= 65535;
    }

    /** Whether {@code path} is SCRIPT_NAME + PATH_INFO (compared in place: no concatenation per request). */
    private static boolean isPathOf(String path, Environ env) {
        String script = env.scriptName();
        String info = env.pathInfo();
        return path.length() == script.length() + info.length() && path.startsWith(script)
                && path.startsWith(info, script.length());
    }

    private static String decodedPath(String requestUri) {
        int q = requestUri.indexOf('?');
        return PercentCodec.decode(q < 0 ? requestUri : requestUri.substring(0, q));
    }

    private static void fillPathInfo(Environ env, boolean cgi) {
        String script = text(env, Environ.SCRIPT_NAME);
        script = script == null ? "" : script;
        String path = cgi ? null : requestPath(env);
        if (path == null) {
            // R2.6: with no SCRIPT_NAME either, the request is for the root, whose PATH_INFO is "/"
            env.put(Environ.SCRIPT_NAME, script);
            env.put(Environ.PATH_INFO, script.isEmpty() ? "/" : "");
        } else if (!script.isEmpty() && !script.equals(path) && path.startsWith(script)
                && (script.endsWith("/") || path.charAt(script.length()) == '/')) {
            String scriptName = script.endsWith("/") ? script.substring(0, script.length() - 1) : script;
            env.put(Environ.SCRIPT_NAME, scriptName);
            env.put(Environ.PATH_INFO, path.substring(scriptName.length()));
        } else {
            env.put(Environ.SCRIPT_NAME, "");
            env.put(Environ.PATH_INFO, path);
        }
    }

    private static String requestPath(Environ env) {
        String documentUri = text(env, "DOCUMENT_URI");
        if (documentUri != null && !documentUri.isEmpty()) {
            return documentUri;
        }
        String requestUri = text(env, "REQUEST_URI");
        return requestUri == null || requestUri.isEmpty() ? null : decodedPath(requestUri);
    }

    private static boolean isHttps(Environ env) {
        String https = text(env, "HTTPS");
        if (https != null && (https.equalsIgnoreCase("on") || https.equals("1") || https.equalsIgnoreCase("yes"))) {
            return true;
        }
        return "https".equalsIgnoreCase(text(env, "REQUEST_SCHEME"));
    }

    /**
     * Tells {@code observer} of a request the gateway answered itself from its connection loop (a 408
     * for a head or body that did not arrive in time), with the method, path and declared body length
     * of {@code environ} (built from the web server's variables as for an application), or with none
     * when it is null (the variables were never read).
     */
    static void observeRefusal(RequestObserver observer, String transport, Environ environ, int status, long bytesOut) {
        if (environ == null) {
            BaseHandler.observeRefusal(observer, transport, "", "", status, -1, bytesOut);
        } else {
            BaseHandler.observeRefusal(observer, transport, environ.requestMethod(),
                    environ.scriptName() + environ.pathInfo(), status, declaredLength(contentLength(environ)), bytesOut);
        }
    }

    /** A web server's variable: always text (anything else would be a gateway bug, read as absent). */
    private static String text(Environ env, String name) {
        return env.get(name) instanceof String s ? s : null;
    }
}
