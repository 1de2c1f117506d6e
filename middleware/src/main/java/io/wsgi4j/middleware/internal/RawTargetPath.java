// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.internal;

import io.wsgi4j.Environ;
import io.wsgi4j.PercentCodec;
import io.wsgi4j.handler.AdapterSupport;

/**
 * The request path as the client sent it ({@code wsgi4j.raw_target}), for the places where the decoded
 * SCRIPT_NAME and PATH_INFO lose what matters: an encoded slash ({@code %2F}) that a router or front
 * controller kept inside one segment's value.
 */
public final class RawTargetPath {
    private RawTargetPath() {}

    /**
     * The path of a raw request target as sent: of origin form up to the query, of absolute form after
     * the authority ({@code http://host/a%2Fb} names the resource {@code /a%2Fb} does, RFC 9112 section
     * 3.2.2); null for the asterisk and authority forms, which have none, and for an absolute form
     * without a path.
     */
    public static String of(String raw) {
        int start = 0;
        if (!raw.startsWith("/")) {
            int scheme = raw.indexOf("://");
            if (scheme <= 0) {
                return null;
            }
            start = scheme + 3;
            while (start < raw.length() && raw.charAt(start) != '/' && raw.charAt(start) != '?') {
                start++; // the authority
            }
            if (start == raw.length() || raw.charAt(start) == '?') {
                return null; // "http://host?q": its path is "/", with nothing encoded to keep
            }
        }
        int q = raw.indexOf('?', start);
        return raw.substring(start, q < 0 ? raw.length() : q);
    }

    /** Where in {@code rawPath} the part after the decoded {@code prefix} starts, or -1 when it does not start so. */
    public static int offsetAfter(String rawPath, String prefix) {
        int r = 0;
        for (int d = 0; d < prefix.length(); d++) {
            if (r >= rawPath.length()) {
                return -1;
            }
            char c = rawPath.charAt(r);
            if (c == '%' && r + 2 < rawPath.length() && PercentCodec.isWellFormed(rawPath.substring(r, r + 3))) {
                c = (char) Integer.parseInt(rawPath.substring(r + 1, r + 3), 16);
                r += 3;
            } else {
                r++;
            }
            if (c != prefix.charAt(d)) {
                return -1;
            }
        }
        return r;
    }

    /**
     * {@code prefix}, a decoded leading part of the request's path (its SCRIPT_NAME, or the SCRIPT_NAME a
     * front controller had), percent-encoded for a URL, with each {@code /} that the raw target has as
     * {@code %2F} there kept encoded. SCRIPT_NAME {@code /persons/M/X} of the request
     * {@code /persons/M%2FX/about} gives {@code /persons/M%2FX}: plain, the URL would lead to person
     * {@code M}. Without a raw target, or one that does not start with {@code prefix} (a middleware
     * rewrote the path), it is {@link PercentCodec#encodePath}.
     */
    public static String encode(Environ environ, String prefix) {
        String raw = environ.rawTarget();
        if (raw == null || raw.indexOf('%') < 0) {
            return PercentCodec.encodePath(prefix); // the common case: nothing encoded, nothing to copy
        }
        String rawPath = of(raw);
        if (rawPath == null || !AdapterSupport.hasEncodedSlash(rawPath)) {
            return PercentCodec.encodePath(prefix);
        }
        int end = offsetAfter(rawPath, prefix);
        if (end < 0) {
            return PercentCodec.encodePath(prefix);
        }
        StringBuilder b = new StringBuilder(end + 8);
        int start = 0;
        while (true) {
            int slash = rawPath.indexOf('/', start);
            int pieceEnd = slash < 0 || slash > end ? end : slash;
            // each piece between real slashes decoded and encoded again, as the rest of the URL is
            b.append(PercentCodec.encodePath(PercentCodec.decode(rawPath.substring(start, pieceEnd))).replace("/", "%2F"));
            if (pieceEnd == end) {
                return b.toString();
            }
            b.append('/');
            start = pieceEnd + 1;
        }
    }
}
