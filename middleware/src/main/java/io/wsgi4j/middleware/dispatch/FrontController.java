// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.dispatch;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.NotFound;
import io.wsgi4j.StartResponse;
import io.wsgi4j.handler.AdapterSupport;
import io.wsgi4j.middleware.internal.BuilderCode;
import io.wsgi4j.middleware.internal.RawTargetPath;
import io.wsgi4j.middleware.internal.TextAnswer;
import io.wsgi4j.middleware.routing.PathTemplate;
import io.wsgi4j.middleware.routing.RouteTemplates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The front controller of a hosting site (the KForge pattern): resolve the request to a target such
 * as project {@code p1}'s wiki, ask a policy whether the request may reach it, then call the target's
 * application with SCRIPT_NAME moved to the target's mount point.
 *
 * <pre>{@code
 * FrontController site = FrontController.builder()
 *         .route("service", "/projects/{project}/{service}", args -> registry.app(args.get("project"), args.get("service")))
 *         .route("person", "/persons/{person}", args -> people)
 *         .policy(accessControl)
 *         .fallback(home)
 *         .build();
 * // GET /projects/p1/wiki/Home -> the wiki app sees SCRIPT_NAME "/projects/p1/wiki", PATH_INFO "/Home"
 * site.urlFor(environ, "p1", "tickets", "/42");  // "/projects/p1/tickets/42", from any target
 * }</pre>
 *
 * <p>Resolvers are tried in the order added; a template route matches leading path segments and its
 * lookup may return null to pass, so add {@code /projects/{project}/{service}} before
 * {@code /projects/{project}} when both exist. An encoded slash ({@code %2F}) stays inside its argument,
 * as in a {@code Router}, so the URL {@link #urlFor} builds for a value with a {@code /} leads back to it;
 * a path that no route takes that way but one would once decoded ({@code /admin%2Fsecret} beside an
 * {@code /admin} route) gets a 404 naming the encoded slash, never the fallback, which sees PATH_INFO
 * decoded and would serve it without the policy.
 * Unresolved requests go to the fallback ({@link NotFound}, "not
 * mine", by default). A refusing {@link Decision} answers instead of the target. During dispatch the
 * environ holds the {@link Target} under {@link #TARGET} and the front controller's SCRIPT_NAME under
 * {@link #BASE} (both left in place afterwards, so a body or access log may read them); SCRIPT_NAME and
 * PATH_INFO are restored when the target returns.
 *
 * @since 0.1
 */
public final class FrontController implements Application {
    /** Environ key of the {@link Target} being served. @since 0.1 */
    public static final String TARGET = "dispatch.target";
    /** Environ key of the front controller's own SCRIPT_NAME, the base for {@link #urlFor}. @since 0.1 */
    public static final String BASE = "dispatch.base";

    private static final AtomicLong INSTANCES = new AtomicLong();
    /** The answer to a path that {@link #hidesATarget hides a target} behind an encoded slash. */
    private static final Application HIDDEN_TARGET = TextAnswer.app("404 Not Found", 404,
            "the path has an encoded slash (%2F) where this site's routes expect a segment boundary;"
                    + " send the path with plain slashes");

    /**
     * This front controller's own copy of {@link #BASE}: a front controller nested in another's target
     * overwrites {@code BASE}, and the outer one must still build its URLs from its own SCRIPT_NAME.
     */
    private final String baseKey = BASE + "#" + INSTANCES.incrementAndGet();

    private final List<Resolver> resolvers;
    /** The template routes among the resolvers, by name, in the order added. */
    private final Map<String, TemplateRoute> routes = new LinkedHashMap<>();
    private final Policy policy;
    private final Application fallback;

    private FrontController(List<Resolver> resolvers, Policy policy, Application fallback) {
        this.resolvers = List.copyOf(resolvers);
        for (Resolver r : resolvers) {
            if (r instanceof TemplateRoute t) {
                routes.put(t.name, t);
            }
        }
        this.policy = policy;
        this.fallback = fallback;
    }

    /** A builder with no routes, {@link Policy#allowAll()} and a {@link NotFound} fallback. @since 0.1 */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        for (int i = 0, n = resolvers.size(); i < n; i++) {
            Resolver r = resolvers.get(i);
            Target target = r.resolve(environ);
            if (target != null) {
                String template = r instanceof TemplateRoute t ? t.template.toString() : null;
                return dispatch(environ, startResponse, target, template);
            }
        }
        if (hidesATarget(environ)) {
            return HIDDEN_TARGET.call(environ, startResponse);
        }
        return fallback.call(environ, startResponse);
    }

    /**
     * Whether a path no route took only because an encoded slash kept two segments one
     * ({@code /admin%2Fsecret}) reads as a route's path once decoded. PATH_INFO is decoded
     * ({@code /admin/secret}), so a fallback that dispatches on it (a mount, static files) would serve
     * what a target and its policy stand for, with no policy asked: such a request is refused instead.
     * Only requests with {@code %2F} in their target that no route took pay for this.
     */
    private boolean hidesATarget(Environ environ) throws Exception {
        String raw = environ.rawTarget();
        int query = raw == null ? -1 : raw.indexOf('?');
        String rawPath = raw == null || query < 0 ? raw : raw.substring(0, query); // "?next=%2Fa" is no path
        if (rawPath == null || !AdapterSupport.hasEncodedSlash(rawPath)) {
            return false;
        }
        for (TemplateRoute route : routes.values()) {
            PathTemplate.Match m = route.template.matchPrefix(environ.pathInfo());
            if (m != null && route.lookup.find(m.args()) != null) {
                return true;
            }
        }
        return false;
    }

    private Iterable<byte[]> dispatch(Environ environ, StartResponse startResponse, Target target, String template)
            throws Exception {
        String fullTemplate = template == null ? null : RouteTemplates.matched(environ, template);
        Decision decision = policy.decide(environ, target);
        if (decision == null) {
            throw new IllegalStateException("policy " + policy + " returned null for " + target.route()
                    + "; return Decision.allow() to continue");
        }
        if (!decision.allowed()) {
            return decision.response().call(environ, startResponse);
        }
        String mount = target.mountPoint();
        if (!environ.pathInfoStartsWith(mount)) {
            throw new IllegalStateException("resolver gave mount point \"" + mount + "\", which is not a segment"
                    + " prefix of PATH_INFO \"" + environ.pathInfo() + "\"; a target's mount point must be taken"
                    + " from the path");
        }
        environ.put(TARGET, target);
        environ.put(BASE, environ.scriptName());
        // kept after the call (urlFor also runs while the body is read), but an outer dispatch of this same
        // controller (one nested in its own target) gets its base back
        Object outerOwnBase = environ.put(baseKey, environ.scriptName());
        Object outerBase = fullTemplate == null ? null : environ.put(RouteTemplates.BASE, fullTemplate);
        try {
            return environ.callMounted(mount, target.app(), startResponse);
        } finally {
            if (outerOwnBase != null) {
                environ.put(baseKey, outerOwnBase);
            }
            if (fullTemplate != null && outerBase == null) {
                environ.remove(RouteTemplates.BASE);
            } else if (fullTemplate != null) {
                environ.put(RouteTemplates.BASE, outerBase);
            }
        }
    }

    /**
     * The target this front controller would pick for the request, without calling it or the policy.
     *
     * @return the target, or null when no resolver has one
     * @throws Exception what a resolver or lookup throws
     * @since 0.1
     */
    public Target resolve(Environ environ) throws Exception {
        for (int i = 0, n = resolvers.size(); i < n; i++) {
            Target t = resolvers.get(i).resolve(environ);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    /** The target being served, from inside a dispatched application; null outside one. @since 0.1 */
    public static Target target(Environ environ) {
        Object t = environ.get(TARGET);
        return t instanceof Target target ? target : null;
    }

    /**
     * The URL path of {@code rest} inside route {@code route}'s target for {@code args}, under the
     * front controller's SCRIPT_NAME (correct from inside any target).
     *
     * @param rest an already percent-encoded path (and query) starting with {@code /} or {@code ?}, or empty
     * @throws IllegalArgumentException if no resolver knows {@code route}, the arguments do not fit it,
     *     or {@code rest} does not start with {@code /} or {@code ?} or holds a space or control character
     * @since 0.1
     */
    public String urlFor(Environ environ, String route, Map<String, ?> args, String rest) {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(args, "args");
        checkRest(rest);
        for (Resolver r : resolvers) {
            String mount = r.mountPoint(route, args);
            if (mount != null) {
                // a base under an argument with an encoded slash keeps it encoded, or the URL leads elsewhere
                String base = RawTargetPath.encode(environ, base(environ));
                if (base.endsWith("/") && (!mount.isEmpty() || rest.startsWith("/"))) {
                    // SCRIPT_NAME "/" (shiftPathInfo() of "/"): "//projects/..." would name host "projects"
                    base = base.substring(0, base.length() - 1);
                }
                return base + mount + rest;
            }
        }
        throw new IllegalArgumentException("no route named \"" + route + "\"; known: " + routes.keySet());
    }

    /**
     * The URL path for the first template route, its variables given in order, optionally followed by
     * the rest of the path: {@code urlFor(environ, "p1", "tickets", "/42")} for
     * {@code /projects/{project}/{service}}.
     *
     * @throws IllegalArgumentException if there is no template route, or the number of values is neither
     *     the number of its variables nor one more
     * @since 0.1
     */
    public String urlFor(Environ environ, String... valuesThenRest) {
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("urlFor(environ, values...) needs a template route; add one with"
                    + " Builder.route(name, template, lookup) or call urlFor(environ, route, args, rest)");
        }
        TemplateRoute first = routes.values().iterator().next();
        List<String> vars = first.template.variables();
        int n = vars.size();
        if (valuesThenRest.length != n && valuesThenRest.length != n + 1) {
            throw new IllegalArgumentException("route \"" + first.name + "\" (" + first.template + ") takes " + n
                    + " values and an optional rest path, got " + valuesThenRest.length + ": "
                    + List.of(valuesThenRest));
        }
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i < n; i++) {
            args.put(vars.get(i), valuesThenRest[i]);
        }
        return urlFor(environ, first.name, args, valuesThenRest.length > n ? valuesThenRest[n] : "");
    }

    /** This front controller's SCRIPT_NAME: its own, once it dispatched this request; else {@link #BASE} or SCRIPT_NAME. */
    private String base(Environ environ) {
        if (environ.get(baseKey) instanceof String own) {
            return own;
        }
        return environ.get(BASE) instanceof String b ? b : environ.scriptName();
    }

    private static void checkRest(String rest) {
        Objects.requireNonNull(rest, "rest");
        if (!rest.isEmpty() && rest.charAt(0) != '/' && rest.charAt(0) != '?') {
            throw new IllegalArgumentException("the rest of a URL starts with \"/\" or \"?\", got \"" + rest + "\"");
        }
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("the rest of a URL must be percent-encoded (no spaces or control"
                        + " characters), got " + io.wsgi4j.Headers.describe(rest));
            }
        }
    }

    /**
     * The builder code that made this front controller, one route or resolver per line in the order
     * tried, then the policy and the fallback when they are not the defaults.
     *
     * @since 0.1
     */
    @Override
    public String toString() {
        BuilderCode code = BuilderCode.table("FrontController");
        for (Resolver r : resolvers) {
            if (r instanceof TemplateRoute t) {
                code.call("route", t.name, t.template.toString(), t.lookup);
            } else {
                code.call("resolver", r);
            }
        }
        return code.option("policy", policy, Policy.allowAll()).option("fallback", fallback, NotFound.INSTANCE)
                .toString();
    }

    /**
     * Collects the routes of a {@link FrontController}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final List<Resolver> resolvers = new ArrayList<>();
        private Policy policy = Policy.allowAll();
        private Application fallback = NotFound.INSTANCE;

        private Builder() {}

        /**
         * Adds a template route: {@code template}'s segments (no trailing slash, no {@code path}
         * variable) are the mount point; {@code lookup} finds the application for the arguments.
         *
         * @throws IllegalArgumentException if the template is malformed, ends with {@code /} or a path
         *     variable, or {@code name} is used already
         * @since 0.1
         */
        public Builder route(String name, String template, TargetLookup lookup) {
            for (Resolver r : resolvers) {
                if (r instanceof TemplateRoute t && t.name.equals(name)) {
                    throw new IllegalArgumentException("front controller route \"" + name + "\" is defined twice"
                            + " (first as " + t.template + "); give each route its own name");
                }
            }
            resolvers.add(new TemplateRoute(name, template, lookup));
            return this;
        }

        /** Adds a custom resolver, tried after the routes and resolvers added before it. @since 0.1 */
        public Builder resolver(Resolver resolver) {
            resolvers.add(Objects.requireNonNull(resolver, "resolver"));
            return this;
        }

        /** Sets the access-control hook; {@link Policy#allowAll()} by default. @since 0.1 */
        public Builder policy(Policy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Sets the application for unresolved requests; {@link NotFound} by default. @since 0.1 */
        public Builder fallback(Application fallback) {
            this.fallback = Objects.requireNonNull(fallback, "fallback");
            return this;
        }

        /**
         * The front controller.
         *
         * @throws IllegalStateException if no route or resolver was added
         * @since 0.1
         */
        public FrontController build() {
            if (resolvers.isEmpty()) {
                throw new IllegalStateException("a front controller needs at least one route(...) or resolver(...)"
                        + " before build()");
            }
            return new FrontController(resolvers, policy, fallback);
        }
    }
}
