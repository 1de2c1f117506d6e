// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import io.wsgi4j.Environ;
import io.wsgi4j.handler.EnvironBuilder;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;

/**
 * Builds the environ of a Jetty core request. The target is Jetty's raw path and query, split by
 * wsgi4j as on every transport (an encoded {@code /} survives in {@code wsgi4j.raw_target}); a
 * {@code ContextHandler} around the handler becomes SCRIPT_NAME. Header values are Jetty's strings,
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
        String context = Request.getContextPath(request);
        if (context != null && !context.isEmpty() && !b.mount(context)) {
            // Jetty routed on a path it rewrote (path parameters, dot-segments): its split, as the bytes it
            // decoded as UTF-8 (R2.3), and no raw target, whose path no longer decodes to it (R2.16)
            Environ env = b.build();
            env.put(Environ.SCRIPT_NAME, bytes(context));
            env.put(Environ.PATH_INFO, bytes(Request.getPathInContext(request)));
            env.remove(Environ.RAW_TARGET);
            return env;
        }
        return b.build();
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
