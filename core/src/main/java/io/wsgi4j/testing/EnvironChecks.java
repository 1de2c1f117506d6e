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

    static void check(Exchange x, Environ env) {
        Validator v = x.validator();
        for (Object[] row : TABLE) {
            String key = (String) row[0];
            Object value = env.get(key);
            if (value == null) {
                if ((Boolean) row[2]) {
                    v.report(x, "R2.1", "the environ has no " + key + "; the server must set every required key"
                            + " (build environs with EnvironBuilder)");
                }
            } else if (!((Class<?>) row[1]).isInstance(value)) {
                v.report(x, "R2.1", key + " must be a " + ((Class<?>) row[1]).getSimpleName() + ", got a "
                        + value.getClass().getName() + " " + Headers.describe(value));
            }
        }
        for (Map.Entry<String, Object> e : env.entrySet()) {
            String key = e.getKey();
            if (key.indexOf('.') < 0) {
                checkCgiVariable(x, key, e.getValue());
            }
        }
        String method = string(env, Environ.REQUEST_METHOD);
        if (method != null && !Header.isToken(method)) {
            v.report(x, "R2.4", "REQUEST_METHOD must be a non-empty token such as \"GET\", got " + Headers.describe(method));
        }
        checkPaths(x, env);
        String query = string(env, Environ.QUERY_STRING);
        if (query != null && badQuery(query)) {
            v.report(x, "R2.7", "QUERY_STRING must hold no '#', space or control character, got "
                    + Headers.describe(query) + "; percent-encode them");
        }
        String length = string(env, Environ.CONTENT_LENGTH);
        if (length != null && !length.isEmpty() && !isDecimal(length, 18)) {
            v.report(x, "R2.8", "CONTENT_LENGTH must be a non-negative decimal number, got " + Headers.describe(length)
                    + "; leave it out when the length is unknown");
        }
        for (String key : new String[] {"HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"}) {
            if (env.containsKey(key)) {
                v.report(x, "R2.9", "the environ holds " + key + " " + Headers.describe(env.get(key))
                        + "; that header belongs under " + key.substring(5) + " only");
            }
        }
        checkServer(x, env);
        Object version = env.get(Environ.WSGI_VERSION);
        if (version != null && !Environ.VERSION.equals(version)) {
            v.report(x, "R2.13", "wsgi.version must be [1, 0], got " + Headers.describe(version)
                    + "; use Environ.VERSION");
        }
        Object scheme = env.get(Environ.WSGI_URL_SCHEME);
        if (scheme != null && !"http".equals(scheme) && !"https".equals(scheme)) {
            v.report(x, "R2.14", "wsgi.url_scheme must be \"http\" or \"https\", got " + Headers.describe(scheme));
        }
        checkRawTarget(x, env);
        if (env.containsKey(Environ.NOT_MINE)) {
            v.report(x, "R6.4", "the application was called with wsgi4j.not_mine already set to "
                    + Headers.describe(env.get(Environ.NOT_MINE)) + "; a cascade must remove the mark of the"
                    + " previous 404 before it tries the next application");
        }
    }

    private static void checkCgiVariable(Exchange x, String key, Object value) {
        Validator v = x.validator();
        if (!isCgiName(key)) {
            v.report(x, "R2.2", "environ key " + Headers.describe(key) + " is neither a CGI variable (upper-case"
                    + " letters, digits, '_') nor namespaced; use a dotted key such as \"myapp." + key + "\"");
            return;
        }
        if (!(value instanceof String s)) {
            v.report(x, "R2.3", key + " must be a String, got a " + value.getClass().getName() + " "
                    + Headers.describe(value) + "; keys without a dot hold CGI strings only");
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                v.report(x, "R2.3", key + " holds a character above U+00FF: " + Headers.describe(s) + "; decode"
                        + " request bytes as ISO-8859-1, never as UTF-8");
                return;
            }
        }
        if (key.startsWith("HTTP_") && badHeaderValue(s)) {
            v.report(x, "R2.12", key + " must be the header value without surrounding whitespace, CR, LF or NUL, got "
                    + Headers.describe(s) + "; trim it when parsing");
        }
    }

    private static void checkPaths(Exchange x, Environ env) {
        Validator v = x.validator();
        String script = string(env, Environ.SCRIPT_NAME);
        String path = string(env, Environ.PATH_INFO);
        if (script != null && !script.isEmpty() && script.charAt(0) != '/') {
            v.report(x, "R2.5", "SCRIPT_NAME must be empty or start with \"/\", got " + Headers.describe(script));
        }
        if (path != null && !path.isEmpty() && path.charAt(0) != '/' && !path.equals("*")) {
            v.report(x, "R2.5", "PATH_INFO must be empty, start with \"/\" or be \"*\", got " + Headers.describe(path));
        }
        if (script != null && path != null && script.isEmpty() && path.isEmpty()) {
            v.report(x, "R2.6", "SCRIPT_NAME and PATH_INFO are both \"\"; at the root PATH_INFO must be \"/\"");
        }
    }

    private static void checkServer(Exchange x, Environ env) {
        Validator v = x.validator();
        String name = string(env, Environ.SERVER_NAME);
        if (name != null && name.isEmpty()) {
            v.report(x, "R2.10", "SERVER_NAME must not be empty, got \"\"; use the Host header or the bound address");
        }
        String port = string(env, Environ.SERVER_PORT);
        if (port != null && (!isDecimal(port, 5) || Integer.parseInt(port) > 65535)) {
            v.report(x, "R2.10", "SERVER_PORT must be a decimal number from 0 to 65535, got " + Headers.describe(port));
        }
        String protocol = string(env, Environ.SERVER_PROTOCOL);
        if (protocol != null && !isProtocol(protocol)) {
            v.report(x, "R2.11", "SERVER_PROTOCOL must look like \"HTTP/1.1\", got " + Headers.describe(protocol));
        }
    }

    private static void checkRawTarget(Exchange x, Environ env) {
        String raw = string(env, Environ.RAW_TARGET);
        String script = string(env, Environ.SCRIPT_NAME);
        String path = string(env, Environ.PATH_INFO);
        if (raw == null || script == null || path == null) {
            return;
        }
        String rawPath = pathOf(raw);
        String decoded = rawPath.equals("*") ? "*" : PercentCodec.decode(rawPath);
        if (!decoded.equals(script + path)) {
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

    private static String string(Environ env, String key) {
        return env.get(key) instanceof String s ? s : null;
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
