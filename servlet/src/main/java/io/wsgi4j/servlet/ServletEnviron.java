// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import io.wsgi4j.Environ;
import io.wsgi4j.PercentCodec;
import io.wsgi4j.handler.EnvironBuilder;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.util.Enumeration;

/**
 * Builds the environ of a servlet request. SCRIPT_NAME is where the container mounted the servlet
 * (context path plus servlet path; the context path alone for the default {@code /} mapping);
 * PATH_INFO is the rest of the raw request URI, decoded by wsgi4j, so it is split exactly as every
 * other transport splits it, and {@code wsgi4j.raw_target} keeps the URI as received (an encoded
 * {@code /} survives there). Header values are the container's strings, which Tomcat and Jetty
 * decode from the request bytes as ISO-8859-1, so they are the bytes received, byte for char.
 */
final class ServletEnviron {
    private ServletEnviron() {}

    static Environ build(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String uri = request.getRequestURI();
        String query = request.getQueryString();
        EnvironBuilder b = new EnvironBuilder()
                .method(request.getMethod())
                .target(query == null ? uri : uri + "?" + query)
                .protocol(request.getProtocol())
                .scheme(request.getScheme())
                .remote(request.getRemoteAddr(), request.getRemotePort())
                .input(request.getInputStream())
                .put(WsgiServlet.SERVLET_REQUEST, request)
                .put(WsgiServlet.SERVLET_RESPONSE, response);
        boolean host = false;
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                String value = values.nextElement();
                b.header(name, value);
                host |= !value.isEmpty() && name.equalsIgnoreCase("Host");
            }
        }
        if (!host) {
            // SERVER_NAME and SERVER_PORT fall back to the bound address only without a Host: format it only then
            b.server(request.getLocalAddr(), request.getLocalPort());
        }
        String pathInfo = request.getPathInfo();
        String scriptName = scriptName(request, pathInfo);
        if (!b.mount(scriptName)) {
            // the container routed on a path it rewrote (path parameters, "//", "..") that the raw URI no
            // longer starts with: its own split is the only one that matches what it routed
            b.put(Environ.SCRIPT_NAME, scriptName);
            b.put(Environ.PATH_INFO, pathInfo == null ? "" : pathInfo);
        }
        return b.build();
    }

    private static String scriptName(HttpServletRequest request, String pathInfo) {
        // getContextPath() is not decoded (Servlet 6 section 3.6), getServletPath() is
        String context = PercentCodec.decode(request.getContextPath());
        // only a mapping without path info can be the default one; asking for the mapping costs an object
        if (pathInfo == null) {
            HttpServletMapping mapping = request.getHttpServletMapping();
            if (mapping != null && mapping.getMappingMatch() == MappingMatch.DEFAULT) {
                return context; // mapped at "/": the servlet path is the whole path, but the app is the context's root
            }
        }
        String servletPath = request.getServletPath();
        if (servletPath == null || servletPath.isEmpty()) {
            return context;
        }
        return context.isEmpty() ? servletPath : context + servletPath;
    }
}
