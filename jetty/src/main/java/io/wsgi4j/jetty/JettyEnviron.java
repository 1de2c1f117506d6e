// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import io.wsgi4j.Environ;
import io.wsgi4j.PercentCodec;
import io.wsgi4j.handler.EnvironBuilder;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;

/**
 * Builds the environ of a Jetty core request. SCRIPT_NAME and PATH_INFO are the path Jetty routed: the
 * context path of a {@code ContextHandler} around the handler and the path in that context. Jetty
 * normalises the URI (dot-segments, path parameters) before any handler sees it, and a handler in front
 * of this one (a guard on {@code /admin}, a {@code ContextHandler}) decides on that normalised path, so
 * the application must see it and no other, or {@code /admin/../public} would pass a guard that lets
 * {@code /public} through and reach the application's {@code /admin}.
 *
 * <p>When the raw target's path, percent-decoded, is that path (the usual case), it is split by wsgi4j
 * as on every transport and {@code wsgi4j.raw_target} keeps it (an encoded {@code /} survives there).
 * When Jetty rewrote it, the environ holds Jetty's split and no {@code wsgi4j.raw_target}, whose path
 * no longer decodes to SCRIPT_NAME + PATH_INFO (SPEC R2.16). Either way the values are the request's
 * bytes as ISO-8859-1 characters (SPEC R2.3): Jetty's strings are decoded as UTF-8 and are turned back
 * into their bytes. Header values are Jetty's strings,
 * decoded from the request bytes as ISO-8859-1. Over HTTP/2 and later the {@code :authority}
 * pseudo-header stands in for a missing Host (RFC 9113 section 8.3.1); an HTTP/1.0 request without
 * Host gets the bound address, as on every transport.
 */
final class JettyEnviron {
    private JettyEnviron() {}

    static Environ build(Request request) {
        HttpURI uri = request.getHttpURI();
        ConnectionAddresses addresses = ConnectionAddresses.of(request);
        EnvironBuilder b = new EnvironBuilder()
                .method(request.getMethod())
                .target(uri.getPathQuery())
                .protocol(request.getConnectionMetaData().getProtocol())
                .scheme(request.isSecure() ? "https" : "http")
                .put(Environ.REMOTE_ADDR, addresses.remoteAddr)
                .put(Environ.REMOTE_PORT, addresses.remotePort)
                .input(new RequestInput(request))
                .put(WsgiHandler.JETTY_REQUEST, request);
        String host = null;
        for (HttpField field : request.getHeaders()) {
            b.header(field.getName(), field.getValue());
            if (field.getHeader() == HttpHeader.HOST) {
                host = field.getValue();
            }
        }
        // only HTTP/2 and later carry :authority; on HTTP/1 Jetty fills the URI's authority in from the local
        // address when there is no Host, which is no authority the client sent
        if (host == null && uri.getAuthority() != null
                && request.getConnectionMetaData().getHttpVersion().getVersion() >= 20) {
            host = uri.getAuthority();
            b.header("Host", host);
        }
        if (host == null || host.isEmpty()) {
            // SERVER_NAME and SERVER_PORT fall back to the bound address only without a Host: format it only then
            b.server(Request.getLocalAddr(request), Request.getLocalPort(request));
        }
        // the path Jetty routed: the context's own path ("/" is the root, as no context is) and the rest,
        // both decoded and normalised; a handler in front of this one authorised that path, not the raw one
        String context = Request.getContextPath(request);
        String script = context == null || context.equals("/") ? "" : context;
        String routed = Request.getPathInContext(request);
        if (routed == null) {
            routed = "";
        }
        if (rawIsRouted(uri.getPath(), script + routed) && (script.isEmpty() || b.mount(bytes(script)))) {
            return b.build();
        }
        // Jetty rewrote the path (dot-segments, path parameters): its split, as the bytes it decoded as UTF-8
        // (R2.3), and no raw target, whose path no longer decodes to it (R2.16)
        Environ env = b.build();
        env.put(Environ.SCRIPT_NAME, bytes(script));
        env.put(Environ.PATH_INFO, script.isEmpty() && routed.isEmpty() ? "/" : bytes(routed));
        env.remove(Environ.RAW_TARGET);
        return env;
    }

    /**
     * True when the raw path, percent-decoded and read as UTF-8 as Jetty reads it, is the path Jetty
     * routed: Jetty changed nothing, so splitting the raw target gives the application the path that was
     * authorised. Jetty's path keeps some characters encoded ({@code %2F}, {@code %25}, {@code %3B}), each
     * matching the character it decodes to; but behind an encoded {@code /} a dot-segment must not
     * appear among the decoded segments, since Jetty did not see it as one and did not resolve it.
     */
    static boolean rawIsRouted(String rawPath, String routed) {
        if (rawPath == null) {
            return false;
        }
        String raw = PercentCodec.decode(rawPath);
        if (!isAscii(raw)) {
            // the decoded bytes as Jetty decodes them (a malformed sequence is U+FFFD in both), so a name in
            // UTF-8 compares equal; then the raw target, not Jetty's string, keeps the exact bytes
            raw = new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }
        int i = 0;
        int j = 0;
        boolean encodedSlash = false;
        while (i < raw.length() && j < routed.length()) {
            char c = raw.charAt(i);
            char r = routed.charAt(j);
            if (r == '%' && j + 2 < routed.length() && PercentCodec.isWellFormed(routed.substring(j, j + 3))) {
                // a "%" in Jetty's path always starts an escape it kept: a literal "%" is kept as "%25"
                if (PercentCodec.decode(routed.substring(j, j + 3)).charAt(0) != c) {
                    return false;
                }
                encodedSlash |= c == '/';
                j += 3;
            } else if (r == c) {
                j++;
            } else {
                return false;
            }
            i++;
        }
        return i == raw.length() && j == routed.length() && !(encodedSlash && hasDotSegment(raw));
    }

    private static boolean hasDotSegment(String path) {
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** A string Jetty decoded as UTF-8, as the bytes it came from, one char per byte. */
    private static String bytes(String decoded) {
        for (int i = 0; i < decoded.length(); i++) {
            if (decoded.charAt(i) >= 0x80) {
                return new String(decoded.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return decoded;
    }
}
