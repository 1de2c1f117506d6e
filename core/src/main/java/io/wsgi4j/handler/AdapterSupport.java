// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.PercentCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the adapters that run inside another HTTP engine (the Servlet bridge, the Jetty handler) share:
 * which path the application may be given, and which of the engine's response fields the application's
 * replace. Public only so that those modules can reach it; it is internal, not API, and may change in
 * any release.
 *
 * <p>The path rule: the engine routed the request (and any filter, security constraint or handler in
 * front decided) on its own decoded path. The application must see that path, so the raw target is
 * split by wsgi4j only when it decodes to exactly that path; otherwise the adapter uses the engine's
 * split and drops {@code wsgi4j.raw_target} (SPEC R2.16).
 *
 * @since 0.2
 */
public final class AdapterSupport {
    private AdapterSupport() {}

    /**
     * A string the engine decoded from the request as UTF-8 (the Servlet default, Jetty's only choice), as
     * the bytes it came from, one char per byte (SPEC R2.3).
     *
     * @since 0.2
     */
    public static String bytes(String decoded) {
        return isAscii(decoded) ? decoded // the usual case: the same string
                : new String(decoded.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /**
     * True when {@code rawPath}, percent-decoded and read as UTF-8 as the engine reads it, is the path the
     * engine routed ({@code routed}, the engine's decoded string), so that splitting the raw target gives
     * the application the path that was authorised. An escape the engine kept in its path ({@code %25},
     * {@code %3B}) matches the character it decodes to.
     *
     * <p>An encoded {@code /} ({@code %2F}) in the raw path makes this false: the engine routed, and a
     * guard in front decided, on one segment {@code admin%2Fx}, and decoding it to {@code admin/x} would
     * hand the application a path under {@code /admin} that no guard saw. The adapter then gives the
     * engine's split, with the {@code %2F} as the engine routed it (see {@link #withEncodedSlashes} for an
     * engine that decodes it after routing).
     *
     * @param rawPath the request target's path as received, still percent-encoded; null is not routed
     * @since 0.2
     */
    public static boolean rawIsRouted(String rawPath, String routed) {
        if (rawPath == null || hasEncodedSlash(rawPath)) {
            return false;
        }
        String raw = decodeUtf8(rawPath);
        int i = 0;
        int j = 0;
        while (i < raw.length() && j < routed.length()) {
            char c = raw.charAt(i);
            char r = routed.charAt(j);
            if (r == '%' && j + 2 < routed.length() && PercentCodec.isWellFormed(routed.substring(j, j + 3))) {
                // an escape the engine kept (Jetty keeps a literal "%" as "%25"); a "/" kept encoded was routed
                // as part of a segment, so the decoded raw path is not the routed one
                char kept = PercentCodec.decode(routed.substring(j, j + 3)).charAt(0);
                if (kept != c || kept == '/') {
                    return false;
                }
                j += 3;
            } else if (r == c) {
                j++;
            } else {
                return false;
            }
            i++;
        }
        return i == raw.length() && j == routed.length();
    }

    /**
     * The engine's split ({@code script} + {@code rest}, its decoded strings) with each encoded {@code /} of
     * the raw path put back as it was received, for an engine that routed on its path with {@code %2F} kept
     * and then decoded it in the strings it reports (Jetty ee10 with {@code decodeAmbiguousURIs}): the
     * application must get the path that was routed, not the decoded one.
     *
     * @return {script, rest} with the encoded {@code /} restored; null when the raw path, decoded, is not
     *     {@code script + rest} (the engine also resolved a dot-segment or dropped a path parameter), so
     *     where each encoded {@code /} belongs is unknown
     * @since 0.2
     */
    public static String[] withEncodedSlashes(String rawPath, String script, String rest) {
        String routed = script + rest;
        StringBuilder restored = new StringBuilder(routed.length() + 8);
        int cut = -1;
        int at = 0; // in routed
        int start = 0; // in rawPath
        while (true) {
            int slash = nextEncodedSlash(rawPath, start);
            String piece = decodeUtf8(rawPath.substring(start, slash < 0 ? rawPath.length() : slash));
            if (!routed.startsWith(piece, at)) {
                return null;
            }
            if (cut < 0 && script.length() <= at + piece.length()) {
                cut = restored.length() + script.length() - at; // a piece is as long in both
            }
            restored.append(piece);
            at += piece.length();
            if (slash < 0) {
                break;
            }
            if (at >= routed.length() || routed.charAt(at) != '/') {
                return null;
            }
            restored.append(rawPath, slash, slash + 3); // the escape as received, "%2F" or "%2f"
            at++;
            start = slash + 3;
        }
        if (at != routed.length() || cut < 0) {
            return null;
        }
        return new String[] {restored.substring(0, cut), restored.substring(cut)};
    }

    /**
     * True when {@code path} holds an encoded {@code /} ({@code %2F} or {@code %2f}).
     *
     * @since 0.2
     */
    public static boolean hasEncodedSlash(String path) {
        return nextEncodedSlash(path, 0) >= 0;
    }

    private static int nextEncodedSlash(String path, int from) {
        for (int i = path.indexOf('%', from); i >= 0 && i + 2 < path.length(); i = path.indexOf('%', i + 1)) {
            if (path.charAt(i + 1) == '2' && (path.charAt(i + 2) == 'F' || path.charAt(i + 2) == 'f')) {
                return i;
            }
        }
        return -1;
    }

    /** The raw path percent-decoded and read as UTF-8, as the engine reads it (a malformed sequence is U+FFFD). */
    private static String decodeUtf8(String rawPath) {
        String raw = PercentCodec.decode(rawPath);
        // then a name in UTF-8 compares equal to the engine's; the raw target keeps the exact bytes
        return isAscii(raw) ? raw : new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /**
     * For each application header, whether it replaces a field the engine had set before the application
     * ran ({@code engineHas}), instead of being added next to it. Only {@code Date} and {@code Server}, the
     * engine's own single-valued fields, are replaced, and only by the first application header of that
     * name (later ones are added). Every other field set in front of the application (a filter's
     * {@code Set-Cookie}, a handler's {@code Vary}) is kept, and the application's are added to it.
     *
     * @since 0.2
     */
    public static boolean[] replacesEngineField(List<Header> appHeaders, Predicate<String> engineHas) {
        boolean[] replaces = new boolean[appHeaders.size()];
        boolean date = false;
        boolean server = false;
        for (int i = 0; i < replaces.length; i++) {
            Header h = appHeaders.get(i);
            if (!date && h.is("Date")) {
                date = true;
                replaces[i] = engineHas.test(h.name());
            } else if (!server && h.is("Server")) {
                server = true;
                replaces[i] = engineHas.test(h.name());
            }
        }
        return replaces;
    }

    /**
     * A client address an engine reports, as REMOTE_ADDR holds it: a bare IPv4 or IPv6 address (RFC 3875
     * section 4.1.8), as the reference server gives it. Jetty writes an IPv6 address as a URI literal
     * ({@code [0:0:0:0:0:0:0:1]}); its brackets are dropped. Null stays null.
     *
     * @since 0.2
     */
    public static String remoteAddr(String engineAddr) {
        return isIpLiteral(engineAddr) ? engineAddr.substring(1, engineAddr.length() - 1) : engineAddr;
    }

    /**
     * The address an engine is bound to, as SERVER_NAME holds it when no Host names the server: an IPv6
     * address as a literal in brackets (RFC 3875 section 4.1.14), as a Host header gives it and as Jetty
     * writes it; Tomcat writes it bare ({@code 0:0:0:0:0:0:0:1}), which no URL rebuilt from SERVER_NAME
     * and SERVER_PORT could hold. Null stays null.
     *
     * @since 0.2
     */
    public static String serverName(String engineAddr) {
        return engineAddr != null && engineAddr.indexOf(':') >= 0 && !isIpLiteral(engineAddr)
                ? "[" + engineAddr + "]" : engineAddr;
    }

    private static boolean isIpLiteral(String addr) {
        return addr != null && addr.length() > 2 && addr.charAt(0) == '[' && addr.charAt(addr.length() - 1) == ']';
    }

    /**
     * Why an environ the adapter built from what the engine let through has no SERVER_PORT that SPEC R2.10
     * allows (a decimal number from 0 to 65535), naming the Host it came from; null when it has one. Engines
     * pass some such Hosts on ({@code x:+80} Jetty, {@code x:99999} Tomcat); the reference server answers them
     * 400, as RFC 9112 section 3.2 asks for an invalid Host, and the adapters do the same with this text.
     *
     * @since 0.2
     */
    public static String serverPortProblem(Environ environ) {
        Object port = environ.get(Environ.SERVER_PORT);
        if (port instanceof String p && isPort(p)) {
            return null;
        }
        return "invalid port in Host " + Headers.describe(environ.get("HTTP_HOST")) + " (expected host or host:port"
                + " with a port from 0 to 65535)";
    }

    private static boolean isPort(String p) {
        if (p.isEmpty() || p.length() > 5) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            if (p.charAt(i) < '0' || p.charAt(i) > '9') {
                return false;
            }
        }
        return Integer.parseInt(p) <= 65535;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
