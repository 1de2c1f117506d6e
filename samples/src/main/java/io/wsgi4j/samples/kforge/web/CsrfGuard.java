// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.web;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.request.MethodOverride;
import io.wsgi4j.middleware.session.Csrf;
import java.util.Objects;

/**
 * Refuses every form post (POST) that does not carry the session's CSRF token, in the
 * {@code csrf_token} form field or the {@code X-CSRF-Token} header.
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
        if (!"POST".equals(sent) || Csrf.verify(environ)) {
            return next.call(environ, startResponse);
        }
        return Page.of(environ, "Forbidden", "<p>The form was missing its CSRF token, or the token is not from"
                + " this session. Reload the page and submit the form again.</p>\n")
                .status(403).send(startResponse);
    }

    @Override
    public String toString() {
        return "CsrfGuard[" + next + "]";
    }
}
