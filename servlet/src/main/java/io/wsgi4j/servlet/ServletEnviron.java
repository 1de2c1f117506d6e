// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import io.wsgi4j.Environ;
import io.wsgi4j.handler.AdapterSupport;
import io.wsgi4j.handler.EnvironBuilder;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.util.Enumeration;

/**
 * Builds the environ of a servlet request. SCRIPT_NAME is where the container mounted the servlet
 * (context path plus servlet path; the context path alone for the default {@code /} mapping) and
 * PATH_INFO the rest of the path the container mapped: the container normalises the URI (dot-segments,
 * path parameters, {@code //}) before it maps the request and applies its filters and security
 * constraints to that path (Servlet 6 section 3.5.2), so the application must see that path and no
 * other, or a request such as {@code /admin/../public} would pass a guard on {@code /public} and reach
 * the application's {@code /admin}.
 *
 * <p>When the raw request URI needed no normalisation (the usual case), it is split by wsgi4j as on
 * every other transport and {@code wsgi4j.raw_target} keeps it. When it did, SCRIPT_NAME and PATH_INFO
 * are the container's split and {@code wsgi4j.raw_target} is left out, since its path no longer decodes
 * to SCRIPT_NAME + PATH_INFO (SPEC R2.16). An encoded {@code /} counts as such a rewrite: a container
 * that lets {@code %2F} through maps {@code /admin%2Fx} as one segment, so a filter on {@code /admin/*}
 * does not run; decoded, the path would reach the application's {@code /admin}. PATH_INFO then holds the
 * {@code %2F} as received, also where the container decoded it after mapping (Jetty's
 * {@code decodeAmbiguousURIs}); if the container also rewrote such a path, {@link #build} returns null and
 * the request is refused, since the mapped path is then unknown. Either way the values are the request's
 * bytes as ISO-8859-1 characters (SPEC R2.3): the container's strings are taken as decoded as UTF-8,
 * the Servlet default, and are turned back into their bytes.
 *
 * <p>Header values are the container's strings, which Tomcat and Jetty decode from the request bytes
 * as ISO-8859-1, so they are the bytes received, byte for char. Over HTTP/2 and later the authority the
 * container parsed from {@code :authority} stands in for a missing Host (RFC 9113 section 8.3.1), as on the
 * Jetty adapter; its port is left out when it is the scheme's default.
 */
final class ServletEnviron {
    private ServletEnviron() {}

    /** The environ, or null when the path the container mapped cannot be known (see above): refuse the request. */
    static Environ build(HttpServletRequest request, HttpServletResponse response, ServletInput input) {
        String uri = request.getRequestURI();
        String query = request.getQueryString();
        EnvironBuilder b = new EnvironBuilder()
                .method(request.getMethod())
                .target(query == null ? uri : uri + "?" + query)
                .protocol(request.getProtocol())
                .scheme(request.getScheme())
                // RFC 3875 writes both addresses as Host does not always: REMOTE_ADDR bare, SERVER_NAME an IPv6
                // literal in brackets; Jetty brackets both, Tomcat neither
                .remote(AdapterSupport.remoteAddr(request.getRemoteAddr()), request.getRemotePort())
                .input(input)
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
        if (!host && !request.getProtocol().startsWith("HTTP/1")) {
            // HTTP/2 and later carry the authority as ":authority", which stands in for Host (RFC 9113 section 8.3.1)
            // but which neither Tomcat nor Jetty lists among the headers; both parse it into the server name and port
            String name = AdapterSupport.serverName(request.getServerName()); // an IPv6 literal in brackets
            if (name != null && !name.isEmpty()) {
                int port = request.getServerPort();
                int defaultPort = "https".equals(request.getScheme()) ? 443 : 80;
                b.header("Host", port == defaultPort || port <= 0 ? name : name + ":" + port);
                host = true;
            }
        }
        if (!host) {
            // SERVER_NAME and SERVER_PORT fall back to the bound address only without a Host: format it only then
            b.server(AdapterSupport.serverName(request.getLocalAddr()), request.getLocalPort());
        }
        // the context's own path, not request.getContextPath(): that one is the raw URI's prefix, which may
        // still hold path parameters or dot-segments ("/ctx;v=1", "/x/../ctx")
        String context = request.getServletContext().getContextPath();
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String scriptName;
        String rest;
        if (pathInfo == null && isDefaultMapping(request)) {
            // mapped at "/": the servlet path is the whole path, but the app is the context's root
            scriptName = context;
            rest = servletPath;
        } else {
            scriptName = context + servletPath;
            rest = pathInfo == null ? "" : pathInfo;
        }
        if (AdapterSupport.rawIsRouted(uri, scriptName + rest) && b.mount(AdapterSupport.bytes(scriptName))) {
            return b.build();
        }
        if (AdapterSupport.hasEncodedSlash(uri) && !AdapterSupport.hasEncodedSlash(scriptName + rest)) {
            // the container mapped (and its filters decided on) the path with "%2F" kept, then decoded it in
            // getServletPath()/getPathInfo() (Jetty's decodeAmbiguousURIs): the application gets the mapped form
            String[] kept = AdapterSupport.withEncodedSlashes(uri, scriptName, rest);
            if (kept == null) {
                return null; // where the "%2F" belongs is unknown, so the mapped path is too
            }
            scriptName = kept[0];
            rest = kept[1];
        }
        String script = AdapterSupport.bytes(scriptName);
        String path = AdapterSupport.bytes(rest);
        Environ env = b.build();
        env.put(Environ.SCRIPT_NAME, script);
        env.put(Environ.PATH_INFO, script.isEmpty() && path.isEmpty() ? "/" : path);
        env.remove(Environ.RAW_TARGET);
        return env;
    }

    private static boolean isDefaultMapping(HttpServletRequest request) {
        // only a mapping without path info can be the default one; asking for the mapping costs an object
        HttpServletMapping mapping = request.getHttpServletMapping();
        return mapping != null && mapping.getMappingMatch() == MappingMatch.DEFAULT;
    }
}
