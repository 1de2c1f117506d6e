// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.web;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.request.MethodOverride;
import io.wsgi4j.middleware.request.RequestException;
import io.wsgi4j.middleware.session.Csrf;
import java.util.Objects;

/**
 * Refuses every form post (POST) that does not carry the session's CSRF token, in the
 * {@code csrf_token} form field or the {@code X-CSRF-Token} header, or that the browser says came
 * from another site ({@link Csrf#check}), saying which.
 *
 * <p>Why POST alone: a forged request comes from another site's page through the visitor's browser,
 * and a browser sends another site's request without first asking this one (a CORS preflight) only
 * for GET, HEAD and POST. Any other method, such as PUT or DELETE, needs the preflight, which this
 * site never grants, so it cannot be forged; it goes on to routing, which answers 405 with
 * {@code Allow} (or 404) like any method a resource does not take, rather than a misleading 403.
 * This holds as long as the application sends no CORS headers that allow other methods. A form post
 * that a {@code MethodOverride} in front turned into another method is still checked as the POST
 * the browser sent.
 *
 * <p>Checking in one place in front of everything means no page or service can forget; the pages
 * put the token in their forms with {@link Html#form}. Needs the session middleware in front.
 *
 * <p>{@code Pipeline.builder().use(sessions).use(CsrfGuard.of()).run(app)}
 *
 * @since 0.1
 */
public final class CsrfGuard implements Application {
    private final Application next;

    private CsrfGuard(Application next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    /**
     * Returns the middleware.
     *
     * @return a middleware printed as {@code CsrfGuard.of()}
     * @since 0.1
     */
    public static Middleware of() {
        return Middleware.named("CsrfGuard.of()", CsrfGuard::new);
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        // the method the browser sent: a MethodOverride in front may have turned a form post into DELETE
        Object sent = environ.getOrDefault(MethodOverride.ORIGINAL_METHOD, environ.requestMethod());
        if (!"POST".equals(sent)) {
            return next.call(environ, startResponse);
        }
        try {
            Csrf.check(environ);
        } catch (RequestException e) {
            if (e.status() != 403) {
                throw e; // a form that cannot be read: RequestScope answers it
            }
            // the reason: a token missing or from another session, or a form posted from another site
            return Page.of(environ, "Forbidden", "<p>" + Html.escape(e.getMessage()) + ".</p>\n")
                    .status(403).send(startResponse);
        }
        return next.call(environ, startResponse);
    }

    @Override
    public String toString() {
        return "CsrfGuard[" + next + "]";
    }
}
