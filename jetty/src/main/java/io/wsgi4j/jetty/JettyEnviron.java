// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import io.wsgi4j.Environ;
import io.wsgi4j.handler.EnvironBuilder;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;

/**
 * Builds the environ of a Jetty core request. The target is Jetty's raw path and query, split by
 * wsgi4j as on every transport (an encoded {@code /} survives in {@code wsgi4j.raw_target}); a
 * {@code ContextHandler} around the handler becomes SCRIPT_NAME. Header values are Jetty's strings,
 * decoded from the request bytes as ISO-8859-1. Over HTTP/2 the {@code :authority} pseudo-header
 * stands in for a missing Host (RFC 9113 section 8.3.1).
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
        if (host == null && uri.getAuthority() != null) {
            host = uri.getAuthority();
            b.header("Host", host);
        }
        if (host == null || host.isEmpty()) {
            // SERVER_NAME and SERVER_PORT fall back to the bound address only without a Host: format it only then
            b.server(Request.getLocalAddr(request), Request.getLocalPort(request));
        }
        String context = Request.getContextPath(request);
        if (context != null && !context.isEmpty() && !b.mount(context)) {
            b.put(Environ.SCRIPT_NAME, context);
            b.put(Environ.PATH_INFO, Request.getPathInContext(request));
        }
        return b.build();
    }
}
