// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import io.wsgi4j.Environ;
import io.wsgi4j.PercentCodec;
import io.wsgi4j.handler.EnvironBuilder;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.nio.charset.StandardCharsets;
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
 * every other transport and {@code wsgi4j.raw_target} keeps it (an encoded {@code /} survives there).
 * When it did, SCRIPT_NAME and PATH_INFO are the container's split and {@code wsgi4j.raw_target} is
 * left out, since its path no longer decodes to SCRIPT_NAME + PATH_INFO (SPEC R2.16). Either way the
 * values are the request's bytes as ISO-8859-1 characters (SPEC R2.3): the container's strings are
 * decoded as UTF-8, the Servlet default, and are turned back into their bytes.
 *
 * <p>Header values are the container's strings, which Tomcat and Jetty decode from the request bytes
 * as ISO-8859-1, so they are the bytes received, byte for char.
 */
final class ServletEnviron {
    private ServletEnviron() {}

    static Environ build(HttpServletRequest request, HttpServletResponse response) {
        String uri = request.getRequestURI();
        String query = request.getQueryString();
        EnvironBuilder b = new EnvironBuilder()
                .method(request.getMethod())
                .target(query == null ? uri : uri + "?" + query)
                .protocol(request.getProtocol())
                .scheme(request.getScheme())
                .remote(request.getRemoteAddr(), request.getRemotePort())
                .input(new ServletInput(request))
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
        String script = bytes(scriptName);
        String path = bytes(rest);
        if (rawIsMapped(PercentCodec.decode(uri), script + path) && b.mount(script)) {
            return b.build();
        }
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

    /** A container's decoded string as the bytes it came from, one char per byte (SPEC R2.3). */
    private static String bytes(String decoded) {
        for (int i = 0; i < decoded.length(); i++) {
            if (decoded.charAt(i) >= 0x80) {
                return new String(decoded.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return decoded; // ASCII, the usual case: the same string
    }

    /**
     * True when the raw path, decoded byte for char, is the path the container mapped: the container
     * changed nothing, so splitting the raw URI gives the application the path that was authorised. An
     * encoded {@code /} that the container passed on undecoded (Tomcat's {@code passthrough}) counts as
     * the {@code /} it decodes to, but then a dot-segment must not appear among the decoded segments:
     * the container did not see it as one and did not resolve it.
     */
    static boolean rawIsMapped(String rawDecoded, String mapped) {
        int i = 0;
        int j = 0;
        boolean encodedSlash = false;
        while (i < rawDecoded.length() && j < mapped.length()) {
            char c = rawDecoded.charAt(i);
            if (c == mapped.charAt(j)) {
                i++;
                j++;
            } else if (c == '/' && mapped.regionMatches(true, j, "%2F", 0, 3)) {
                encodedSlash = true;
                i++;
                j += 3;
            } else {
                return false;
            }
        }
        return i == rawDecoded.length() && j == mapped.length() && !(encodedSlash && hasDotSegment(rawDecoded));
    }

    private static boolean hasDotSegment(String path) {
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
