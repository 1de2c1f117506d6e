// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import io.wsgi4j.Environ;
import io.wsgi4j.FileWrapper;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.PercentCodec;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** The checks of SPEC.md section 2 (and R6.4) on the environ a caller hands to an application. */
final class EnvironChecks {
    /** The environ table of SPEC.md: key, type, required. */
    private static final Object[][] TABLE = {
        {Environ.REQUEST_METHOD, String.class, true},
        {Environ.SCRIPT_NAME, String.class, true},
        {Environ.PATH_INFO, String.class, true},
        {Environ.QUERY_STRING, String.class, true},
        {Environ.CONTENT_TYPE, String.class, false},
        {Environ.CONTENT_LENGTH, String.class, false},
        {Environ.SERVER_NAME, String.class, true},
        {Environ.SERVER_PORT, String.class, true},
        {Environ.SERVER_PROTOCOL, String.class, true},
        {Environ.SERVER_SOFTWARE, String.class, false},
        {Environ.REMOTE_ADDR, String.class, false},
        {Environ.REMOTE_PORT, String.class, false},
        {Environ.REMOTE_USER, String.class, false},
        {Environ.WSGI_VERSION, List.class, true},
        {Environ.WSGI_URL_SCHEME, String.class, true},
        {Environ.WSGI_INPUT, InputStream.class, true},
        {Environ.WSGI_ERRORS, PrintStream.class, true},
        {Environ.WSGI_MULTITHREAD, Boolean.class, true},
        {Environ.WSGI_MULTIPROCESS, Boolean.class, true},
        {Environ.WSGI_RUN_ONCE, Boolean.class, true},
        {Environ.WSGI_FILE_WRAPPER, FileWrapper.class, false},
        {Environ.RAW_TARGET, String.class, false},
        {Environ.NOT_MINE, Boolean.class, false},
        {Environ.ERROR, Throwable.class, false},
    };

    private EnvironChecks() {}

    // rows of TABLE whose values the later checks read
    private static final int METHOD = 0;
    private static final int SCRIPT = 1;
    private static final int PATH = 2;
    private static final int QUERY = 3;
    private static final int LENGTH = 5;
    private static final int NAME = 6;
    private static final int PORT = 7;
    private static final int PROTOCOL = 8;
    private static final int VERSION = 13;
    private static final int SCHEME = 14;
    private static final int RAW = 21;
    private static final int NOT_MINE = 22;

    /** Checks {@code env} in one pass over its entries (a request's validation must stay cheap). */
    static void check(Exchange x, Environ env) {
        Validator v = x.validator();
        Object[] values = new Object[TABLE.length];
        for (Map.Entry<String, Object> e : env.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            int row = row(key);
            if (row >= 0) {
                values[row] = value;
                if (value != null && !((Class<?>) TABLE[row][1]).isInstance(value)) {
                    String type = ((Class<?>) TABLE[row][1]).getSimpleName();
                    v.report(x, "R2.1", key + " must be of type " + type + ", got a " + value.getClass().getName()
                            + " " + Headers.describe(value) + "; put a " + type + " there (see the environ table"
                            + " of SPEC.md)");
                }
            }
            if (key.indexOf('.') < 0) {
                checkCgiVariable(x, key, value);
            }
        }
        for (int row = 0; row < TABLE.length; row++) {
            if (values[row] == null && (Boolean) TABLE[row][2]) {
                v.report(x, "R2.1", "the environ has no " + TABLE[row][0] + "; the server must set every required"
                        + " key (build environs with EnvironBuilder)");
            }
        }
        String method = string(values[METHOD]);
        if (method != null && !Header.isToken(method)) {
            v.report(x, "R2.4", "REQUEST_METHOD must be a non-empty token such as \"GET\", got "
                    + Headers.describe(method)
                    + "; answer such a request with 400 before calling the application");
        }
        String script = string(values[SCRIPT]);
        String path = string(values[PATH]);
        checkPaths(x, script, path);
        String query = string(values[QUERY]);
        if (query != null && badQuery(query)) {
            v.report(x, "R2.7", "QUERY_STRING must hold no '#', space or control character, got "
                    + Headers.describe(query) + "; percent-encode them");
        }
        String length = string(values[LENGTH]);
        if (length != null && !length.isEmpty() && !isDecimal(length, 18)) {
            v.report(x, "R2.8", "CONTENT_LENGTH must be a non-negative decimal number, got " + Headers.describe(length)
                    + "; leave it out when the length is unknown");
        }
        checkServer(x, string(values[NAME]), string(values[PORT]), string(values[PROTOCOL]));
        Object version = values[VERSION];
        if (version != null && !Environ.VERSION.equals(version)) {
            v.report(x, "R2.13", "wsgi.version must be [1, 0], got " + Headers.describe(version)
                    + "; use Environ.VERSION");
        }
        Object scheme = values[SCHEME];
        if (scheme != null && !"http".equals(scheme) && !"https".equals(scheme)) {
            v.report(x, "R2.14", "wsgi.url_scheme must be \"http\" or \"https\", got " + Headers.describe(scheme)
                    + "; use \"https\" for TLS connections, \"http\" otherwise");
        }
        checkRawTarget(x, string(values[RAW]), script, path);
        if (values[NOT_MINE] != null) {
            v.report(x, "R6.4", "the application was called with wsgi4j.not_mine already set to "
                    + Headers.describe(values[NOT_MINE]) + "; a cascade must remove the mark of the"
                    + " previous 404 before it tries the next application");
        }
    }

    /** The row of TABLE for {@code key}, or -1. */
    private static int row(String key) {
        return switch (key) {
            case Environ.REQUEST_METHOD -> 0;
            case Environ.SCRIPT_NAME -> 1;
            case Environ.PATH_INFO -> 2;
            case Environ.QUERY_STRING -> 3;
            case Environ.CONTENT_TYPE -> 4;
            case Environ.CONTENT_LENGTH -> 5;
            case Environ.SERVER_NAME -> 6;
            case Environ.SERVER_PORT -> 7;
            case Environ.SERVER_PROTOCOL -> 8;
            case Environ.SERVER_SOFTWARE -> 9;
            case Environ.REMOTE_ADDR -> 10;
            case Environ.REMOTE_PORT -> 11;
            case Environ.REMOTE_USER -> 12;
            case Environ.WSGI_VERSION -> 13;
            case Environ.WSGI_URL_SCHEME -> 14;
            case Environ.WSGI_INPUT -> 15;
            case Environ.WSGI_ERRORS -> 16;
            case Environ.WSGI_MULTITHREAD -> 17;
            case Environ.WSGI_MULTIPROCESS -> 18;
            case Environ.WSGI_RUN_ONCE -> 19;
            case Environ.WSGI_FILE_WRAPPER -> 20;
            case Environ.RAW_TARGET -> 21;
            case Environ.NOT_MINE -> 22;
            case Environ.ERROR -> 23;
            default -> -1;
        };
    }

    private static void checkCgiVariable(Exchange x, String key, Object value) {
        Validator v = x.validator();
        if (!isCgiName(key)) {
            v.report(x, "R2.2", "environ key " + Headers.describe(key) + " is neither a CGI variable (upper-case"
                    + " letters, digits, '_') nor namespaced; use a dotted key such as \"myapp." + key + "\"");
            return;
        }
        if (!(value instanceof String s)) {
            v.report(x, "R2.3", key + " must be a String, got " + (value == null ? "null; remove a key that has no"
                    + " value" : "a " + value.getClass().getName() + " " + Headers.describe(value)
                    + "; keys without a dot hold CGI strings only"));
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                v.report(x, "R2.3", key + " holds a character above U+00FF: " + Headers.describe(s) + "; decode"
                        + " request bytes as ISO-8859-1, never as UTF-8");
                return;
            }
        }
        if (key.equals("HTTP_CONTENT_TYPE") || key.equals("HTTP_CONTENT_LENGTH")) {
            v.report(x, "R2.9", "the environ holds " + key + " " + Headers.describe(s) + "; that header belongs under "
                    + key.substring(5) + " only");
        }
        if (key.startsWith("HTTP_") && badHeaderValue(s)) {
            v.report(x, "R2.12", key + " must be the header value without surrounding whitespace, CR, LF or NUL, got "
                    + Headers.describe(s) + "; trim it when parsing");
        }
    }

    private static void checkPaths(Exchange x, String script, String path) {
        Validator v = x.validator();
        if (script != null && !script.isEmpty() && script.charAt(0) != '/') {
            v.report(x, "R2.5", "SCRIPT_NAME must be empty or start with \"/\", got " + Headers.describe(script)
                    + "; mount with Environ.shiftPathInfo() or UrlMap");
        }
        if (path != null && !path.isEmpty() && path.charAt(0) != '/' && !path.equals("*")) {
            v.report(x, "R2.5", "PATH_INFO must be empty, start with \"/\" or be \"*\", got " + Headers.describe(path)
                    + "; build it from the request target (EnvironBuilder.target)");
        }
        if (script != null && path != null && script.isEmpty() && path.isEmpty()) {
            v.report(x, "R2.6", "SCRIPT_NAME and PATH_INFO are both \"\"; at the root PATH_INFO must be \"/\"");
        }
    }

    private static void checkServer(Exchange x, String name, String port, String protocol) {
        Validator v = x.validator();
        if (name != null && name.isEmpty()) {
            v.report(x, "R2.10", "SERVER_NAME must not be empty, got \"\"; use the Host header or the bound address");
        }
        if (port != null && (!isDecimal(port, 5) || Integer.parseInt(port) > 65535)) {
            v.report(x, "R2.10", "SERVER_PORT must be a decimal number from 0 to 65535, got " + Headers.describe(port)
                    + "; give the port as digits, e.g. \"8080\"");
        }
        if (protocol != null && !isProtocol(protocol)) {
            v.report(x, "R2.11", "SERVER_PROTOCOL must look like \"HTTP/1.1\", got " + Headers.describe(protocol)
                    + "; copy it from the request line");
        }
    }

    private static void checkRawTarget(Exchange x, String raw, String script, String path) {
        if (raw == null || script == null || path == null) {
            return;
        }
        String rawPath = pathOf(raw);
        String decoded = rawPath.equals("*") ? "*" : PercentCodec.decode(rawPath);
        if (decoded.length() != script.length() + path.length() || !decoded.startsWith(script)
                || !decoded.endsWith(path)) {
            x.validator().report(x, "R2.16", "SCRIPT_NAME + PATH_INFO is " + Headers.describe(script + path)
                    + " but the raw target " + Headers.describe(raw) + " decodes to " + Headers.describe(decoded)
                    + "; move segments between the two without changing their concatenation, or update"
                    + " wsgi4j.raw_target when rewriting the path");
        }
    }

    /** The path part of a request target in origin, absolute or asterisk form. */
    static String pathOf(String target) {
        String rest = target;
        int scheme = rest.indexOf("://");
        if (scheme > 0 && rest.charAt(0) != '/') {
            int slash = rest.indexOf('/', scheme + 3);
            int query = rest.indexOf('?', scheme + 3);
            if (slash < 0 || (query >= 0 && query < slash)) {
                return "/";
            }
            rest = rest.substring(slash);
        }
        int q = rest.indexOf('?');
        return q < 0 ? rest : rest.substring(0, q);
    }

    private static String string(Object value) {
        return value instanceof String s ? s : null;
    }

    private static boolean isCgiName(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean isDecimal(String s, int maxDigits) {
        if (s.isEmpty() || s.length() > maxDigits) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isProtocol(String p) {
        int n = p.length();
        return p.startsWith("HTTP/") && (n == 6 || n == 8) && Character.isDigit(p.charAt(5))
                && (n == 6 || (p.charAt(6) == '.' && Character.isDigit(p.charAt(7))));
    }

    private static boolean badQuery(String q) {
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c == '#' || c <= ' ' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static boolean badHeaderValue(String s) {
        if (!s.isEmpty() && (isBlank(s.charAt(0)) || isBlank(s.charAt(s.length() - 1)))) {
            return true;
        }
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
