// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.routing;

import com.google.common.escape.Escaper;
import com.google.common.net.PercentEscaper;
import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.NotFound;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.internal.BuilderCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Dispatches on method and path template, puts the route's arguments in the environ, and builds URLs
 * back from route names.
 *
 * <pre>{@code
 * Router router = Router.builder()
 *         .get("home", "/", home)
 *         .get("page", "/projects/{project}/wiki/{page}", showPage)
 *         .post("save", "/projects/{project}/wiki/{page}", savePage)
 *         .get("ticket", "/projects/{project}/tickets/{id:int}", showTicket)
 *         .redirectTrailingSlash(308)
 *         .build();
 * // in showPage: Router.args(environ) is {project=p1, page=Home}, Router.ROUTE names "page"
 * router.urlFor(environ, "page", Map.of("project", "p1", "page", "Front Page"));
 * // -> SCRIPT_NAME + "/projects/p1/wiki/Front%20Page"
 * }</pre>
 *
 * <p>Behaviour: routes are tried most specific first (literal segments before typed variables before
 * plain ones, catch-alls last; ties in the order added). A HEAD request goes to the route a GET would
 * go to (a GET route answers HEAD too), unless a route with that same template names HEAD. When the path
 * matches but the method does not, the answer is 405 with {@code Allow}, and OPTIONS gets 200 with
 * {@code Allow} unless a route handles OPTIONS itself. With {@link Builder#redirectTrailingSlash}, a
 * path that matches only with its trailing slash added or removed is redirected (301: GET and HEAD
 * only; 308: any method). Anything else goes to the fallback, by default {@link NotFound}, the 404 that
 * marks itself "not mine". An encoded slash ({@code %2F}) stays inside its segment's value. The
 * environ keys {@link #ARGS}, {@link #ROUTE} and the route's template ({@link RouteTemplates}) are set
 * when a route is dispatched and left in place.
 *
 * @since 0.1
 */
public final class Router implements Application {
    /** Environ key of the matched route's arguments: an unmodifiable {@code Map<String,String>}. @since 0.1 */
    public static final String ARGS = "routing.args";
    /** Environ key of the matched route's name: a {@code String}; also read by the access log. @since 0.1 */
    public static final String ROUTE = "routing.route";

    /** Query names and values keep only RFC 3986 unreserved characters. */
    private static final Escaper QUERY = new PercentEscaper("-._~", false);

    private final Route[] routes;
    /** The routes in the order added, for printing the code that built this router. */
    private final List<Route> declared;
    private final Map<String, Route> byName;
    private final int redirectStatus;
    private final Application fallback;
    private final int maxVariables;

    private Router(List<Route> declared, int redirectStatus, Application fallback) {
        this.declared = List.copyOf(declared);
        List<Route> routes = new ArrayList<>(declared);
        routes.sort(Route::compareSpecificity);
        this.routes = routes.toArray(new Route[0]);
        Map<String, Route> names = new LinkedHashMap<>();
        int max = 0;
        for (Route r : routes) {
            names.put(r.name(), r);
            max = Math.max(max, r.template().variables().size());
        }
        this.byName = Collections.unmodifiableMap(names);
        this.redirectStatus = redirectStatus;
        this.fallback = fallback;
        this.maxVariables = max;
    }

    /** A builder with no routes. @since 0.1 */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        String path = environ.pathInfo();
        // split into segments only when an encoded slash must stay inside one; else match in place
        String raw = environ.rawTarget();
        String[] segs = raw != null && PathSegments.hasEncodedSlash(raw) ? PathSegments.split(environ) : null;
        if (segs == null && !path.isEmpty() && path.charAt(0) != '/') {
            return fallback.call(environ, startResponse);
        }
        String method = environ.requestMethod();
        String[] values = new String[maxVariables];
        boolean pathMatched = false;
        boolean head = method.equals("HEAD");
        // HEAD goes where GET would go (RFC 9110 section 9.3.2): to the most specific route taking GET or
        // every method, unless a route for that same template names HEAD itself
        Route getForHead = null;
        for (Route r : routes) {
            if (matches(r, segs, path, values)) {
                if ((r.methods().isEmpty() && !head) || (r.methods().contains(method)
                        && (getForHead == null || getForHead.template().equals(r.template())))) {
                    return dispatch(r, values, environ, startResponse);
                }
                if (getForHead == null && r.accepts(method)) {
                    getForHead = r;
                }
                pathMatched = true;
            }
        }
        if (getForHead != null) {
            matches(getForHead, segs, path, values); // refill the values, which routes tried after it overwrote
            return dispatch(getForHead, values, environ, startResponse);
        }
        if (pathMatched) {
            return MethodNotAllowed.answer(routes, segs != null ? segs : PathSegments.split(path), method,
                    startResponse);
        }
        if (redirectStatus != 0 && (redirectStatus == 308 || method.equals("GET") || method.equals("HEAD"))) {
            String[] other = TrailingSlash.toggle(segs != null ? segs : PathSegments.split(path));
            for (Route r : routes) {
                if (r.accepts(method) && r.template().match(other, values)) {
                    Iterable<byte[]> redirect = TrailingSlash.redirect(environ, startResponse, redirectStatus, other);
                    if (redirect != null) {
                        return redirect;
                    }
                    break;
                }
            }
        }
        return fallback.call(environ, startResponse);
    }

    /** Matches the segments when an encoded slash made the router split them, else the path in place. */
    private static boolean matches(Route r, String[] segs, String path, String[] values) {
        return segs != null ? r.template().match(segs, values) : r.template().match(path, values);
    }

    private static Iterable<byte[]> dispatch(Route r, String[] values, Environ environ, StartResponse startResponse)
            throws Exception {
        environ.put(ARGS, argsOf(r, values));
        environ.put(ROUTE, r.name());
        RouteTemplates.matched(environ, r.template().toString());
        return r.app().call(environ, startResponse);
    }

    private static Map<String, String> argsOf(Route r, String[] values) {
        List<String> names = r.template().variables();
        return names.isEmpty() ? Map.of() : new RouteArgs(names, values);
    }

    /** The route arguments the router put in {@code environ}; an empty map when none. @since 0.1 */
    @SuppressWarnings("unchecked")
    public static Map<String, String> args(Environ environ) {
        Object a = environ.get(ARGS);
        return a instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
    }

    /**
     * The URL path of route {@code name} for {@code args}, under the request's SCRIPT_NAME. Arguments
     * the template does not name become the query string, in the map's order.
     *
     * <pre>{@code
     * router.urlFor(environ, "ticket", Map.of("project", "p1", "id", 42));  // "/app/projects/p1/tickets/42"
     * }</pre>
     *
     * @throws IllegalArgumentException if there is no such route, an argument is missing, or a value
     *     does not fit its segment's type or would make a {@code .} or {@code ..} segment
     * @since 0.1
     */
    public String urlFor(Environ environ, String name, Map<String, ?> args) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(args, "args");
        Route r = byName.get(name);
        if (r == null) {
            throw new IllegalArgumentException("no route named \"" + name + "\"; known routes: " + byName.keySet());
        }
        StringBuilder b = PathSegments.base(environ);
        b.append(r.template().expand(args));
        char sep = '?';
        for (Map.Entry<String, ?> e : args.entrySet()) {
            if (!r.template().variables().contains(e.getKey())) {
                b.append(sep);
                b.append(QUERY.escape(e.getKey())).append('=').append(QUERY.escape(String.valueOf(e.getValue())));
                sep = '&';
            }
        }
        return b.toString();
    }

    /**
     * The builder code that made this router, one route per line in the order added, e.g.
     * {@code Router.builder()\n    .get("page", "/wiki/{page}", show)\n    .build()}.
     *
     * @since 0.1
     */
    @Override
    public String toString() {
        BuilderCode code = BuilderCode.table("Router");
        for (Route r : declared) {
            code.call(r.builderMethod(), r.builderArgs());
        }
        return code.option("redirectTrailingSlash", redirectStatus, 0)
                .option("fallback", fallback, NotFound.INSTANCE)
                .toString();
    }

    /**
     * Collects the routes of a {@link Router}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();
        private int redirectStatus;
        private Application fallback = NotFound.INSTANCE;

        private Builder() {}

        /** Adds a GET (and so HEAD) route. @since 0.1 */
        public Builder get(String name, String template, Application app) {
            return route(name, List.of("GET"), template, app);
        }

        /** Adds a POST route. @since 0.1 */
        public Builder post(String name, String template, Application app) {
            return route(name, List.of("POST"), template, app);
        }

        /** Adds a PUT route. @since 0.1 */
        public Builder put(String name, String template, Application app) {
            return route(name, List.of("PUT"), template, app);
        }

        /** Adds a PATCH route (RFC 5789). @since 0.2 */
        public Builder patch(String name, String template, Application app) {
            return route(name, List.of("PATCH"), template, app);
        }

        /** Adds a DELETE route. @since 0.1 */
        public Builder delete(String name, String template, Application app) {
            return route(name, List.of("DELETE"), template, app);
        }

        /** Adds a route for every method. @since 0.1 */
        public Builder any(String name, String template, Application app) {
            return route(name, List.of(), template, app);
        }

        /**
         * Adds a route for {@code methods} (upper-case tokens; empty means every method).
         *
         * @throws IllegalArgumentException if the template is malformed (the message names it), a method
         *     is not an upper-case token, the name is taken, or an earlier route already has the same
         *     template and a shared method (the new one could never answer)
         * @since 0.1
         */
        public Builder route(String name, List<String> methods, String template, Application app) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(app, "app");
            PathTemplate t = PathTemplate.parse(template);
            TreeSet<String> m = new TreeSet<>();
            for (String method : methods) {
                if (!Header.isToken(method) || !method.equals(method.toUpperCase(java.util.Locale.ROOT))) {
                    throw new IllegalArgumentException("route \"" + name + "\": method \"" + method
                            + "\" is not an upper-case token like GET or PROPFIND");
                }
                m.add(method);
            }
            for (Route r : routes) {
                if (r.name().equals(name)) {
                    throw new IllegalArgumentException("route name \"" + name + "\" is used twice (" + r.template()
                            + " and " + template + "); give each route its own name");
                }
                boolean overlap = r.methods().isEmpty() || m.isEmpty() || !Collections.disjoint(r.methods(), m);
                if (r.template().equals(t) && overlap) {
                    throw new IllegalArgumentException("route \"" + name + "\" (" + template + ") repeats route \""
                            + r.name() + "\" for the same method, so it could never answer");
                }
            }
            routes.add(new Route(name, Collections.unmodifiableSet(m), t, app));
            return this;
        }

        /**
         * Redirects a path that matches a route only with its trailing slash added or removed: 301 for
         * GET and HEAD, or 308 for every method (keeps the method and body). Off by default.
         *
         * @throws IllegalArgumentException if {@code status} is not 301 or 308
         * @since 0.1
         */
        public Builder redirectTrailingSlash(int status) {
            if (status != 301 && status != 308) {
                throw new IllegalArgumentException("trailing-slash redirects use 301 or 308, got " + status);
            }
            this.redirectStatus = status;
            return this;
        }

        /** The application for paths no route matches; {@link NotFound} by default. @since 0.1 */
        public Builder fallback(Application fallback) {
            this.fallback = Objects.requireNonNull(fallback, "fallback");
            return this;
        }

        /** The router. @since 0.1 */
        public Router build() {
            return new Router(routes, redirectStatus, fallback);
        }
    }
}
