// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.cors;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.middleware.internal.HeaderLists;
import io.wsgi4j.middleware.internal.TextAnswer;
import io.wsgi4j.middleware.internal.VaryList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cross-origin resource sharing (the Fetch standard's CORS protocol): answers preflight requests
 * itself and adds the {@code Access-Control-*} headers to responses for allowed origins.
 *
 * <pre>{@code
 * Pipeline.builder().use(Cors.builder()
 *         .allowOrigins("https://app.example.com")
 *         .allowMethods("GET", "POST", "DELETE")
 *         .allowHeaders("Content-Type", "Authorization")
 *         .allowCredentials(true)
 *         .maxAge(600)
 *         .build()).run(api);
 * }</pre>
 *
 * <p>A preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) is
 * answered 204 with the allowed methods and headers when the origin, method and every requested header
 * are allowed, else 403 with a message naming what was refused; the application never sees it. Other
 * requests reach the application; an allowed origin gets {@code Access-Control-Allow-Origin} (the
 * origin itself), credentials and exposed headers; with any origin allowed, every response gets
 * {@code *} and the exposed headers, also for a request without {@code Origin}, since caches serve it to
 * CORS requests too.
 * Responses that depend on the origin carry {@code Vary: Origin}. Any origin together with credentials
 * is refused when building, so {@code *} is never sent with credentials and no origin is reflected
 * blindly. See {@link CorsPolicy} for the options and defaults.
 *
 * @since 0.1
 */
public final class Cors implements Application {
    private static final Header VARY_ORIGIN = Header.of("Vary", "Origin");
    /** Environ keys of the request headers read on every request, built once ({@code environ.header} looks them up). */
    private static final String ORIGIN = Environ.headerKey("Origin");
    private static final String REQUEST_METHOD = Environ.headerKey("Access-Control-Request-Method");

    private final Application next;
    private final CorsPolicy policy;
    private static VaryMerge lastMerge; // see varyWithOrigin

    Cors(Application next, CorsPolicy policy) {
        this.next = Objects.requireNonNull(next, "next");
        this.policy = policy;
    }

    /** A builder: no origins, methods GET, HEAD and POST, no extra headers, no credentials. @since 0.1 */
    public static CorsPolicy.Builder builder() {
        return new CorsPolicy.Builder();
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        String origin = (String) environ.get(ORIGIN);
        String requestMethod = (String) environ.get(REQUEST_METHOD);
        if (origin != null && requestMethod != null && environ.requestMethod().equals("OPTIONS")) {
            return preflight(startResponse, origin, requestMethod, environ.header("Access-Control-Request-Headers"));
        }
        boolean allowed = origin != null && policy.allowsOrigin(origin);
        if (policy.anyOrigin()) {
            // "*" goes to requests without Origin too (a navigation, a plain <img>): a cache stores that
            // response and serves it to later CORS requests (Fetch standard, "CORS protocol and HTTP
            // caches"). The answer is the same for every request, so nothing varies.
            return next.call(environ, (status, headers, excInfo) -> startResponse.start(status,
                    general(headers, "*"), excInfo));
        }
        // Only headers change, never the body: rewrite each start as it passes (as RequestId does), with no
        // held response and no body wrapper per request.
        if (!allowed) {
            // The common request (no Origin, or one not allowed, under a list of origins): its edit needs
            // nothing of this policy, so the start_response made for it holds one reference, not three.
            return next.call(environ, (status, headers, excInfo) -> startResponse.start(status,
                    refusedOriginHeaders(headers), excInfo));
        }
        return next.call(environ, (status, headers, excInfo) -> startResponse.start(status,
                general(headers, origin), excInfo));
    }

    /**
     * The headers of a response to a request with no allowed origin under a list of origins: only Vary
     * gains Origin, and an Access-Control-Allow-Origin of the application's is removed. Without one to
     * remove, that is one header added or one replaced, in the list a wsgi4j layer further in made for
     * this response when there is one.
     */
    private static List<Header> refusedOriginHeaders(List<Header> headers) {
        int vary = -1;
        for (int i = 0, n = headers.size(); i < n; i++) {
            Header h = headers.get(i);
            if (h.is("Access-Control-Allow-Origin")) {
                List<Header> out = Headers.without(headers, "Access-Control-Allow-Origin");
                addVaryOrigin(out);
                return out;
            } else if (h.is("Vary")) {
                if (varyWithOrigin(h) == h) {
                    vary = -2; // some line lists Origin (or is *) already; still look for an Allow-Origin
                } else if (vary == -1) {
                    vary = i;
                }
            }
        }
        if (vary == -2) {
            return headers;
        }
        if (vary < 0) {
            return HeaderLists.plus(headers, VARY_ORIGIN);
        }
        return HeaderLists.replaced(headers, vary, varyWithOrigin(headers.get(vary)));
    }

    /** An allowed origin: the application's Access-Control-Allow-Origin replaced by this policy's answer. */
    private List<Header> general(List<Header> headers, String allowedOrigin) {
        List<Header> h = Headers.without(headers, "Access-Control-Allow-Origin");
        h.add(Header.of("Access-Control-Allow-Origin", policy.anyOrigin() ? "*" : allowedOrigin));
        if (policy.credentials()) {
            h.add(Header.of("Access-Control-Allow-Credentials", "true"));
        }
        if (!policy.exposeHeaders().isEmpty()) {
            h.add(Header.of("Access-Control-Expose-Headers", policy.exposeHeaders()));
        }
        if (!policy.anyOrigin()) {
            addVaryOrigin(h);
        }
        return h;
    }

    private Iterable<byte[]> preflight(StartResponse startResponse, String origin, String method, String headers) {
        String refused = !policy.allowsOrigin(origin) ? "origin " + Headers.describe(origin)
                : !policy.allowsMethod(method) ? "method " + Headers.describe(method)
                : policy.refusedHeader(headers);
        if (refused != null) {
            return TextAnswer.send(startResponse, 403, "CORS preflight refused: " + refused + " is not allowed",
                    Header.of("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"));
        }
        List<Header> h = new ArrayList<>(8);
        h.add(Header.of("Access-Control-Allow-Origin", policy.anyOrigin() ? "*" : origin));
        h.add(Header.of("Access-Control-Allow-Methods", policy.methods()));
        if (headers != null && !headers.isBlank()) {
            h.add(Header.of("Access-Control-Allow-Headers", headers.strip()));
        }
        if (policy.credentials()) {
            h.add(Header.of("Access-Control-Allow-Credentials", "true"));
        }
        if (policy.maxAge() >= 0) {
            h.add(Header.of("Access-Control-Max-Age", Long.toString(policy.maxAge())));
        }
        h.add(Header.of("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"));
        startResponse.start(Status.of(204), h);
        return List.of();
    }

    /**
     * Adds Origin to the response's Vary (merged into the first Vary line, as RFC 9110 section 12.5.5 lists
     * it), unless some Vary line lists it already: the lines make one list (section 5.3).
     */
    private static void addVaryOrigin(List<Header> headers) {
        int first = -1;
        for (int i = 0; i < headers.size(); i++) {
            Header v = headers.get(i);
            if (v.is("Vary")) {
                if (varyWithOrigin(v) == v) {
                    return;
                }
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (first < 0) {
            headers.add(VARY_ORIGIN);
        } else {
            headers.set(first, varyWithOrigin(headers.get(first)));
        }
    }

    /**
     * {@code vary} with Origin added to its list, or {@code vary} itself when it names Origin already or
     * is {@code *}. The last merge is remembered by the header's identity: a layer further in (Gzip's
     * {@code Vary: Accept-Encoding}) or the application usually sends the same constant header every
     * time, so the merged header is made once, not per response. One cache for every Cors instance:
     * the merge does not depend on the policy.
     */
    private static Header varyWithOrigin(Header vary) {
        VaryMerge last = lastMerge;
        if (last != null && last.in == vary) {
            return last.out;
        }
        String value = vary.value();
        // whole members only, and no lower-cased copies: X-Original-Host does not make a cache key on Origin
        Header out = VaryList.lists(value, "Origin") ? vary
                : vary.withValue(value.isBlank() ? "Origin" : value + ", Origin");
        lastMerge = new VaryMerge(vary, out);
        return out;
    }

    /**
     * One remembered Vary merge. Published without a lock on purpose: its fields are final, so a thread
     * sees a whole pair or an older one, and at worst merges again.
     */
    private record VaryMerge(Header in, Header out) {}

    @Override
    public String toString() {
        return policy + ".wrap(" + next + ")";
    }
}
