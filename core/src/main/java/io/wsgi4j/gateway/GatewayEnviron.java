// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.Environ;
import io.wsgi4j.FileWrapper;
import io.wsgi4j.PercentCodec;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * Builds the environ from the CGI variables a web server sent (FastCGI params, SCGI headers, or the
 * process environment under CGI). Every variable goes in unchanged; only missing required keys are
 * filled in, and the {@code wsgi.*} keys are added.
 *
 * <p>SCRIPT_NAME and PATH_INFO are never rewritten when the web server supplies both. When PATH_INFO
 * is missing: under CGI it is "" (the script itself was requested, RFC 3875); behind FastCGI and
 * SCGI it is the request path (DOCUMENT_URI, else the decoded path of REQUEST_URI) less a
 * SCRIPT_NAME that is a proper prefix of it at a segment boundary — and when SCRIPT_NAME is the
 * whole path (nginx's stock {@code SCRIPT_NAME $fastcgi_script_name}) the app is taken to be
 * mounted at the root: SCRIPT_NAME "" and PATH_INFO the path. With no path and no SCRIPT_NAME at
 * all, PATH_INFO is "/" (R2.6: the two are never both empty).
 */
final class GatewayEnviron {
    private GatewayEnviron() {
    }

    static Environ build(Map<String, String> vars, InputStream input, PrintStream errors, boolean cgi) {
        Environ env = new Environ();
        env.putAll(vars);
        return complete(env, input, errors, cgi);
    }

    /**
     * As {@link #build}, on an environ that already holds the web server's variables unchanged (the
     * FastCGI gateway decodes PARAMS straight into one).
     */
    static Environ complete(Environ env, InputStream input, PrintStream errors, boolean cgi) {
        env.putIfAbsent(Environ.REQUEST_METHOD, "GET");
        env.putIfAbsent(Environ.QUERY_STRING, "");
        env.putIfAbsent(Environ.SERVER_PROTOCOL, "HTTP/1.0");
        env.putIfAbsent(Environ.SERVER_NAME, "localhost");
        env.putIfAbsent(Environ.SERVER_PORT, "80");
        if (!env.containsKey(Environ.PATH_INFO)) {
            fillPathInfo(env, cgi);
        } else {
            env.putIfAbsent(Environ.SCRIPT_NAME, "");
        }
        String requestUri = text(env, "REQUEST_URI");
        if (requestUri != null) {
            env.put(Environ.RAW_TARGET, requestUri);
        }
        env.put(Environ.WSGI_VERSION, Environ.VERSION);
        env.put(Environ.WSGI_URL_SCHEME, isHttps(env) ? "https" : "http");
        env.put(Environ.WSGI_INPUT, input);
        env.put(Environ.WSGI_ERRORS, errors);
        env.put(Environ.WSGI_MULTITHREAD, !cgi);
        env.put(Environ.WSGI_MULTIPROCESS, cgi);
        env.put(Environ.WSGI_RUN_ONCE, cgi);
        env.put(Environ.WSGI_FILE_WRAPPER, FileWrapper.DEFAULT);
        return env;
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
        if (requestUri == null || requestUri.isEmpty()) {
            return null;
        }
        int q = requestUri.indexOf('?');
        return PercentCodec.decode(q < 0 ? requestUri : requestUri.substring(0, q));
    }

    private static boolean isHttps(Environ env) {
        String https = text(env, "HTTPS");
        if (https != null && (https.equalsIgnoreCase("on") || https.equals("1") || https.equalsIgnoreCase("yes"))) {
            return true;
        }
        return "https".equalsIgnoreCase(text(env, "REQUEST_SCHEME"));
    }

    /** A web server's variable: always text (anything else would be a gateway bug, read as absent). */
    private static String text(Environ env, String name) {
        return env.get(name) instanceof String s ? s : null;
    }
}
