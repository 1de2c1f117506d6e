// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.cli.AppSpec;
import io.wsgi4j.handler.AdapterSupport;
import io.wsgi4j.handler.Outcome;
import io.wsgi4j.observe.RequestObserver;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * A servlet that serves a wsgi4j {@link Application} in any Jakarta Servlet 6 container (Tomcat 11,
 * Jetty 12 ee10, ...), the same application that runs on the reference server, behind FastCGI or on
 * the Jetty adapter.
 *
 * <p>Registered in code (an embedded container, or a {@code ServletContainerInitializer}):
 * <pre>{@code
 * WsgiServlet.register(servletContext, "shop", Shop::app, "/shop/*");
 * }</pre>
 *
 * <p>Deployed in a WAR with {@code WEB-INF/web.xml}, naming the application as the command line
 * does ({@code pkg.Class::member}, see {@link AppSpec}) in the init-param {@value #APP_PARAM}:
 * <pre>{@code
 * <servlet>
 *   <servlet-name>shop</servlet-name>
 *   <servlet-class>io.wsgi4j.servlet.WsgiServlet</servlet-class>
 *   <init-param><param-name>wsgi4j.app</param-name><param-value>com.example.Shop::app</param-value></init-param>
 * </servlet>
 * <servlet-mapping><servlet-name>shop</servlet-name><url-pattern>/shop/*</url-pattern></servlet-mapping>
 * }</pre>
 *
 * <p>What the application sees and what the client gets:
 * <ul>
 * <li>SCRIPT_NAME is the context path plus the servlet path ({@code /ctx/shop} above; the context
 *     path alone for the default mapping {@code /}); PATH_INFO is the rest of the path the container
 *     mapped, so filters and security constraints saw the path the application sees (a dot-segment
 *     or a path parameter is resolved by the container first); {@code wsgi4j.raw_target} is the URI as
 *     received, left out when the container had to rewrite it. When it did, the bridge takes the
 *     container's strings as decoded from UTF-8 (the Servlet default, Tomcat's default
 *     {@code URIEncoding}) and gives the application their bytes; under another {@code URIEncoding}
 *     such a path arrives as the wrong bytes (a path the container left as received is not affected).
 * <li>Containers reject an encoded {@code /} ({@code %2F}) by default; to pass it on, set Tomcat's
 *     connector attribute {@code encodedSolidusHandling="passthrough"} or Jetty's {@code UriCompliance}
 *     with {@code AMBIGUOUS_PATH_SEPARATOR} plus {@code ServletHandler.setDecodeAmbiguousURIs(true)}.
 *     The container then maps {@code /admin%2Fx} as one segment, so a filter or constraint on
 *     {@code /admin/*} does not apply to it; PATH_INFO therefore keeps the {@code %2F} as received
 *     ({@code /admin%2Fx}, never {@code /admin/x}) and {@code wsgi4j.raw_target} is left out. A path
 *     with an encoded {@code /} that the container also rewrote (a dot-segment, a path parameter) is
 *     answered 400 where the container decoded the {@code %2F} after mapping (Jetty), since the path it
 *     mapped can no longer be told.
 * <li>A Host whose port is not a number from 0 to 65535 (which Tomcat lets through as {@code x:99999}, Jetty as
 *     {@code x:+80}) is answered 400, as the reference server answers it: it gives no SERVER_PORT.
 * <li>Header values are the request's bytes as ISO-8859-1 characters; {@code wsgi.input} streams the
 *     request body as it arrives; {@code wsgi4j.servlet.request} and {@code wsgi4j.servlet.response}
 *     hold the container's objects for the rare app that needs them.
 * <li>Each streamed body chunk is flushed to the client as it comes; the container frames the body
 *     (Content-Length when known, else chunked or HTTP/2 DATA frames).
 * <li>An exception before the response starts becomes the 500 page; after it started, the response
 *     is aborted (the container closes the connection or resets the stream), so the client sees a
 *     truncated transfer, never a complete-looking one.
 * <li>The body's {@code close()} runs exactly once, also when the client disconnects.
 * <li>The reason phrase is the container's: the Servlet API cannot set one.
 * </ul>
 *
 * @since 0.2
 */
public class WsgiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The init-param naming the application, {@code pkg.Class::member}. @since 0.2 */
    public static final String APP_PARAM = "wsgi4j.app";

    /** The environ key holding the {@code HttpServletRequest}. @since 0.2 */
    public static final String SERVLET_REQUEST = "wsgi4j.servlet.request";

    /** The environ key holding the {@code HttpServletResponse}. @since 0.2 */
    public static final String SERVLET_RESPONSE = "wsgi4j.servlet.response";

    private transient Application app;
    private transient RequestObserver observer = RequestObserver.NONE;

    /**
     * A servlet that loads its application from the init-param {@value #APP_PARAM} (the form a
     * {@code web.xml} uses).
     *
     * @since 0.2
     */
    public WsgiServlet() {
    }

    /**
     * A servlet serving {@code app}.
     *
     * @throws NullPointerException if {@code app} is null
     * @since 0.2
     */
    public WsgiServlet(Application app) {
        this(app, RequestObserver.NONE);
    }

    /**
     * A servlet serving {@code app} that tells {@code observer} about every request it finishes (metrics:
     * {@code MicrometerObserver}), with the transport {@code "servlet"}; add it with
     * {@code context.addServlet(name, new WsgiServlet(app, observer))}.
     *
     * @throws NullPointerException if {@code app} or {@code observer} is null
     * @since 0.2
     */
    public WsgiServlet(Application app, RequestObserver observer) {
        this.app = Objects.requireNonNull(app, "app");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /**
     * Adds a servlet serving {@code app} to a context, mapped to the given URL patterns and loaded at
     * startup; the way to register it from a {@code ServletContainerInitializer} or an embedded
     * container.
     *
     * @throws IllegalArgumentException if no URL pattern is given or one is already mapped
     * @throws IllegalStateException if the context has already been initialised (a container rule)
     * @since 0.2
     */
    public static ServletRegistration.Dynamic register(ServletContext context, String name, Application app,
            String... urlPatterns) {
        if (urlPatterns.length == 0) {
            throw new IllegalArgumentException("register(\"" + name + "\") needs at least one URL pattern,"
                    + " e.g. \"/*\"");
        }
        ServletRegistration.Dynamic registration = context.addServlet(name, new WsgiServlet(app));
        var conflicts = registration.addMapping(urlPatterns);
        if (!conflicts.isEmpty()) {
            throw new IllegalArgumentException("the URL patterns " + conflicts + " are already mapped to another"
                    + " servlet; choose other patterns for \"" + name + "\"");
        }
        registration.setLoadOnStartup(1);
        registration.setAsyncSupported(false);
        return registration;
    }

    @Override
    public void init() throws ServletException {
        if (app != null) {
            return;
        }
        String spec = getInitParameter(APP_PARAM);
        if (spec == null || spec.isBlank()) {
            throw new ServletException("servlet \"" + getServletName() + "\" has no application: set the init-param "
                    + APP_PARAM + " to pkg.Class::member (e.g. com.example.Shop::app), or construct it with"
                    + " new WsgiServlet(app)");
        }
        try {
            app = AppSpec.load(spec.trim(), Thread.currentThread().getContextClassLoader());
        } catch (IllegalArgumentException e) {
            throw new ServletException("servlet \"" + getServletName() + "\": init-param " + APP_PARAM + ": "
                    + e.getMessage(), e);
        }
    }

    /** The application this servlet serves (null before {@link #init()} for the init-param form). @since 0.2 */
    public Application application() {
        return app;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        ServletInput input = new ServletInput(request);
        Environ environ = ServletEnviron.build(request, response, input);
        if (environ == null) {
            // an encoded "/" in a path the container also rewrote: the path its filters saw is unknown
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "ambiguous encoded \"/\" in the path");
            return;
        }
        String badPort = AdapterSupport.serverPortProblem(environ);
        if (badPort != null) {
            // a Host the container let through ("x:99999" on Tomcat) gives no SERVER_PORT (R2.10): 400, as the
            // reference server answers it
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, badPort);
            return;
        }
        ServletExchange exchange = new ServletExchange(response, "HEAD".equals(request.getMethod()));
        exchange.setObserver(observer);
        Outcome outcome = exchange.run(app, environ);
        // R1.2: the container's stream outlives the request (Jetty hands it the next request's body on the same
        // connection, Tomcat fails with a bare NullPointerException): a kept wsgi.input refuses instead
        input.end();
        if (outcome == Outcome.ABORTED && !exchange.clientGone()) {
            // R5.4: the application failed after its headers went out. Commit what is buffered, then let the
            // container see the failure: for a committed response Tomcat and Jetty close the connection (or reset
            // the HTTP/2 stream) instead of finishing it, so the client cannot take it for a complete one.
            try {
                response.flushBuffer();
            } catch (IOException clientAlsoGone) {
                return;
            }
            // a close-delimited body (Connection: close, HTTP/1.0) ends like a complete one unless the close resets
            ConnectionReset.onAbort(request);
            throw new ServletException("wsgi4j: the response of " + request.getMethod() + " "
                    + request.getRequestURI() + " was aborted after its headers were sent (the cause is in"
                    + " wsgi.errors)");
        }
    }

    @Override
    public String toString() {
        return "WsgiServlet(" + app + ")";
    }
}
