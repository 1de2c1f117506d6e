// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import java.nio.charset.StandardCharsets;

/**
 * The variable names a web server sends with every request (nginx's {@code fastcgi_params}, Apache's
 * CGI set, and the request headers browsers send), kept as String constants: a name read from a
 * request that equals one of them comes back as that constant, so it costs no copy and its hash is
 * already known when it goes into the environ. Names are case-sensitive, as CGI names are.
 */
final class CgiNames {
    private static final String[] KNOWN = {
        "QUERY_STRING", "REQUEST_METHOD", "CONTENT_TYPE", "CONTENT_LENGTH", "SCRIPT_NAME", "SCRIPT_FILENAME",
        "REQUEST_URI", "DOCUMENT_URI", "DOCUMENT_ROOT", "SERVER_PROTOCOL", "REQUEST_SCHEME", "HTTPS",
        "GATEWAY_INTERFACE", "SERVER_SOFTWARE", "REMOTE_ADDR", "REMOTE_PORT", "REMOTE_USER", "SERVER_ADDR",
        "SERVER_PORT", "SERVER_NAME", "REDIRECT_STATUS", "PATH_INFO", "PATH_TRANSLATED", "AUTH_TYPE",
        "HTTP_HOST", "HTTP_USER_AGENT", "HTTP_ACCEPT", "HTTP_ACCEPT_ENCODING", "HTTP_ACCEPT_LANGUAGE",
        "HTTP_CONNECTION", "HTTP_COOKIE", "HTTP_REFERER", "HTTP_ORIGIN", "HTTP_AUTHORIZATION",
        "HTTP_CACHE_CONTROL", "HTTP_PRAGMA", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE",
        "HTTP_UPGRADE_INSECURE_REQUESTS", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO",
        "HTTP_X_REQUEST_ID", "HTTP_RANGE", "HTTP_TE", "HTTP_UPGRADE", "HTTP_EXPECT", "HTTP_CONTENT_TYPE",
        "HTTP_CONTENT_LENGTH",
    };

    /** KNOWN grouped by length: at most a handful of candidates to compare for any name. */
    private static final String[][] BY_LENGTH = byLength();

    private CgiNames() {
    }

    /** The name in {@code b[at, at + n)}, read as ISO-8859-1: a constant when it is a known one. */
    static String of(byte[] b, int at, int n) {
        if (n < BY_LENGTH.length) {
            for (String k : BY_LENGTH[n]) {
                if (same(k, b, at)) {
                    return k;
                }
            }
        }
        return new String(b, at, n, StandardCharsets.ISO_8859_1);
    }

    /** Whether {@code name} is one of the constants {@link #of} returns (all of them CGI names): an identity check. */
    static boolean isKnown(String name) {
        int n = name.length();
        if (n < BY_LENGTH.length) {
            for (String k : BY_LENGTH[n]) {
                if (k == name) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean same(String k, byte[] b, int at) {
        for (int j = k.length() - 1; j >= 0; j--) { // from the end: known names share their prefixes
            if (b[at + j] != k.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    private static String[][] byLength() {
        int longest = 0;
        for (String k : KNOWN) {
            longest = Math.max(longest, k.length());
        }
        String[][] out = new String[longest + 1][];
        for (int n = 0; n <= longest; n++) {
            int count = 0;
            for (String k : KNOWN) {
                count += k.length() == n ? 1 : 0;
            }
            out[n] = new String[count];
            int i = 0;
            for (String k : KNOWN) {
                if (k.length() == n) {
                    out[n][i++] = k;
                }
            }
        }
        return out;
    }
}
