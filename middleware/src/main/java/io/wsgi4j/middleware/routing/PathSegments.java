// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.routing;

import com.google.common.escape.Escaper;
import com.google.common.net.PercentEscaper;
import com.google.common.net.UrlEscapers;
import io.wsgi4j.Environ;
import io.wsgi4j.PercentCodec;
import io.wsgi4j.middleware.internal.EnvironText;
import io.wsgi4j.middleware.internal.RawTargetPath;

/**
 * Splitting request paths into segments, and the encodings between PATH_INFO's Latin-1 strings, UTF-8
 * text and percent-encoded URLs.
 */
final class PathSegments {
    private static final String[] ROOT = {""};
    /** RFC 3986 pchar: what a path segment keeps unescaped (Guava's path-segment set). */
    private static final Escaper SEGMENT = UrlEscapers.urlPathSegmentEscaper();
    /** The same with {@code /} kept, for a {@code {name:path}} value that spans segments. */
    private static final Escaper PATH = new PercentEscaper("-._~!$&'()*+,;=:@/", false);


    private PathSegments() {}

    /** {@code "/a/b/"} -> {@code [a, b, ""]}; {@code ""} and {@code "/"} -> {@code [""]}; null if no leading slash. */
    static String[] split(String path) {
        if (path.isEmpty() || path.equals("/")) {
            return ROOT;
        }
        if (path.charAt(0) != '/') {
            return null;
        }
        int count = 1;
        for (int i = 1; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                count++;
            }
        }
        String[] segs = new String[count];
        int start = 1;
        for (int k = 0; k < count; k++) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            segs[k] = path.substring(start, end);
            start = end + 1;
        }
        return segs;
    }

    /**
     * The segments of the request's PATH_INFO. When the raw request target has an encoded slash
     * ({@code %2F}) and still agrees with SCRIPT_NAME + PATH_INFO, the segments come from it, so
     * {@code /files/a%2Fb} gives one segment {@code a/b} rather than two.
     */
    static String[] split(Environ environ) {
        String path = environ.pathInfo();
        String raw = environ.rawTarget();
        if (raw == null || !hasEncodedSlash(raw)) {
            return split(path);
        }
        String rawPath = RawTargetPath.of(raw);
        if (rawPath == null) {
            return split(path);
        }
        String script = environ.scriptName();
        int at = RawTargetPath.offsetAfter(rawPath, script);
        if (at < 0 || !PercentCodec.decode(rawPath.substring(at)).equals(path)) {
            return split(path); // a middleware rewrote the path: trust PATH_INFO
        }
        String[] segs = split(rawPath.substring(at));
        if (segs == null || segs == ROOT) {
            return split(path); // nothing encoded left to keep (and ROOT is shared: never write into it)
        }
        for (int i = 0; i < segs.length; i++) {
            segs[i] = PercentCodec.decode(segs[i]);
        }
        return segs;
    }

    /**
     * The request's SCRIPT_NAME percent-encoded, without a trailing slash: where a path below it starts. An
     * encoded slash the client sent inside it (a front controller's argument) stays encoded.
     */
    static StringBuilder base(Environ environ) {
        StringBuilder b = new StringBuilder(RawTargetPath.encode(environ, environ.scriptName()));
        if (b.length() > 0 && b.charAt(b.length() - 1) == '/') {
            b.setLength(b.length() - 1);
        }
        return b;
    }

    /** True when the path of {@code raw} (the query left out) contains {@code %2F} or {@code %2f}. */
    static boolean hasEncodedSlash(String raw) {
        int q = raw.indexOf('?');
        int end = q < 0 ? raw.length() : q;
        for (int i = raw.indexOf('%'); i >= 0 && i + 2 < end; i = raw.indexOf('%', i + 1)) {
            if (raw.charAt(i + 1) == '2' && (raw.charAt(i + 2) == 'F' || raw.charAt(i + 2) == 'f')) {
                return true;
            }
        }
        return false;
    }

    /** Reads a Latin-1 string (one char per byte) as UTF-8; null when the bytes are not valid UTF-8. */
    static String utf8(String latin1) {
        return EnvironText.read(latin1);
    }

    static String latin1(String text) {
        return EnvironText.of(text);
    }

    /**
     * Appends {@code text} percent-encoded as UTF-8; {@code /} is kept only when {@code keepSlash}.
     *
     * @throws IllegalArgumentException if {@code text} holds an unpaired surrogate
     */
    static StringBuilder encode(String text, boolean keepSlash, StringBuilder b) {
        return b.append((keepSlash ? PATH : SEGMENT).escape(text));
    }
}
