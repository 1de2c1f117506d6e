// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import io.wsgi4j.Environ;
import io.wsgi4j.handler.AdapterSupport;
import io.wsgi4j.handler.EnvironBuilder;
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
 * as on every transport and {@code wsgi4j.raw_target} keeps it. When Jetty rewrote it, the environ holds
 * Jetty's split and no {@code wsgi4j.raw_target}, whose path no longer decodes to SCRIPT_NAME + PATH_INFO
 * (SPEC R2.16). An encoded {@code /} counts as a rewrite: Jetty keeps {@code %2F} in its path and routes
 * {@code /admin%2Fx} as one segment, so a guard on {@code /admin/} lets it through; decoded, it would
 * reach the application's {@code /admin} mount. PATH_INFO then holds the {@code %2F} as Jetty routed it
 * (see {@link io.wsgi4j.handler.AdapterSupport#rawIsRouted}). Either way the values are the request's
 * bytes as ISO-8859-1 characters (SPEC R2.3): Jetty's strings are decoded as UTF-8 and are turned back
 * into their bytes. Header values are Jetty's strings, decoded from the request bytes as ISO-8859-1. Over HTTP/2 and later the {@code :authority}
 * pseudo-header stands in for a missing Host (RFC 9113 section 8.3.1); an HTTP/1.0 request without
 * Host gets the bound address, as on every transport.
 */
final class JettyEnviron {
    private JettyEnviron() {}

    /** The environ of {@code request}, with {@code input} as {@code wsgi.input}. */
    static Environ build(Request request, RequestInput input) {
        HttpURI uri = request.getHttpURI();
        ConnectionAddresses addresses = ConnectionAddresses.of(request);
        EnvironBuilder b = new EnvironBuilder()
                .method(request.getMethod())
                .target(uri.getPathQuery())
                .protocol(request.getConnectionMetaData().getProtocol())
                .scheme(request.isSecure() ? "https" : "http")
                .put(Environ.REMOTE_ADDR, addresses.remoteAddr)
                .put(Environ.REMOTE_PORT, addresses.remotePort)
                .input(input)
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
            b.server(AdapterSupport.serverName(Request.getLocalAddr(request)), Request.getLocalPort(request));
        }
        // the path Jetty routed: the context's own path ("/" is the root, as no context is) and the rest,
        // both decoded and normalised; a handler in front of this one authorised that path, not the raw one
        String context = Request.getContextPath(request);
        String script = context == null || context.equals("/") ? "" : context;
        String routed = Request.getPathInContext(request);
        if (routed == null) {
            routed = "";
        }
        if (AdapterSupport.rawIsRouted(uri.getPath(), script + routed)
                && (script.isEmpty() || b.mount(AdapterSupport.bytes(script)))) {
            return b.build();
        }
        // Jetty rewrote the path (dot-segments, path parameters) or kept an encoded "/" in it: its split, as the
        // bytes it decoded as UTF-8 (R2.3), a kept "%2F" as it stands, and no raw target, whose path no longer
        // decodes to it (R2.16)
        Environ env = b.build();
        env.put(Environ.SCRIPT_NAME, AdapterSupport.bytes(script));
        env.put(Environ.PATH_INFO, script.isEmpty() && routed.isEmpty() ? "/" : AdapterSupport.bytes(routed));
        env.remove(Environ.RAW_TARGET);
        return env;
    }
}
