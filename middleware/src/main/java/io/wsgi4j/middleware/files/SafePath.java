// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Turns a request path into a path under a root, or says why it cannot: the traversal defences of
 * {@link StaticFiles} in one place. Only the lexical checks live here; the real-path check against
 * symbolic links needs the file system and happens when the file is opened. The file is then opened
 * by its real path with NOFOLLOW_LINKS, so a link swapped in for the file itself is refused; a
 * directory on the path swapped for a link between the check and the open remains a race that only
 * someone who can already write under the root can attempt.
 */
final class SafePath {
    /** Why a request path was refused, or OK. */
    enum Verdict { OK, BAD, HIDDEN }

    private static final boolean[] SEGMENT_FORBIDDEN = new boolean[128];

    static {
        for (char c = 0; c < 0x20; c++) SEGMENT_FORBIDDEN[c] = true; // NUL and the other controls
        SEGMENT_FORBIDDEN[0x7f] = true;
        SEGMENT_FORBIDDEN['\\'] = true; // a separator on Windows, never a file name character here
        // on Windows "C:x" is drive-relative and "a:b" names an alternate data stream
        SEGMENT_FORBIDDEN[':'] = java.io.File.separatorChar == '\\';
    }

    private SafePath() {}

    /**
     * Checks the raw request target: an encoded slash, backslash or NUL would be decoded into
     * PATH_INFO as a separator (or string end) the client did not write as one.
     */
    static boolean rawTargetIsSafe(String rawTarget) {
        if (rawTarget == null) {
            return true;
        }
        int q = rawTarget.indexOf('?');
        int end = q < 0 ? rawTarget.length() : q;
        for (int i = rawTarget.indexOf('%'); i >= 0 && i + 2 < end; i = rawTarget.indexOf('%', i + 1)) {
            char h = rawTarget.charAt(i + 1);
            char l = Character.toLowerCase(rawTarget.charAt(i + 2));
            if ((h == '2' && l == 'f') || (h == '5' && l == 'c') || (h == '0' && l == '0')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks PATH_INFO (ISO-8859-1 chars, one per request byte) segment by segment. Refused: {@code .}
     * and {@code ..} segments, backslashes, control characters including NUL, bytes that are not
     * strict UTF-8 (overlong forms such as {@code %c0%ae}); HIDDEN for a segment starting with a dot
     * when {@code allowHidden} is false.
     */
    static Verdict check(String pathInfo, boolean allowHidden) {
        int n = pathInfo.length();
        boolean ascii = true;
        int segStart = 0;
        Verdict verdict = Verdict.OK;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? pathInfo.charAt(i) : '/';
            if (c == '/') {
                int len = i - segStart;
                if (len > 0 && pathInfo.charAt(segStart) == '.') {
                    if (len == 1 || (len == 2 && pathInfo.charAt(segStart + 1) == '.')) {
                        return Verdict.BAD;
                    }
                    if (!allowHidden) {
                        verdict = Verdict.HIDDEN;
                    }
                }
                segStart = i + 1;
            } else if (c < 128) {
                if (SEGMENT_FORBIDDEN[c]) {
                    return Verdict.BAD;
                }
            } else if (c > 0xff) {
                return Verdict.BAD; // not a request byte: PATH_INFO was set by hand with wide characters
            } else {
                ascii = false;
            }
        }
        return ascii || decodeUtf8(pathInfo) != null ? verdict : Verdict.BAD;
    }

    /** Resolves the checked PATH_INFO under {@code root}, one segment at a time (a leading "/" never makes it absolute). */
    static Path resolve(Path root, String pathInfo) {
        String name = decodeUtf8(pathInfo);
        Path p = root;
        int start = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '/') {
                if (i > start) {
                    p = p.resolve(name.substring(start, i));
                }
                start = i + 1;
            }
        }
        return p;
    }

    /** The request bytes decoded as strict UTF-8, or null when they are not valid UTF-8. */
    static String decodeUtf8(String latin1) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
