// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.web;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.session.Csrf;
import java.util.Objects;
import java.util.Set;

/**
 * Refuses every state-changing request (anything but GET, HEAD, OPTIONS) that does not carry the
 * session's CSRF token, in the {@code csrf_token} form field or the {@code X-CSRF-Token} header.
 *
 * <p>Checking in one place in front of everything means no page or service can forget; the pages
 * put the token in their forms with {@link Html#form}. Needs the session middleware in front.
 *
 * <p>{@code Pipeline.builder().use(sessions).use(CsrfGuard.of()).run(app)}
 *
 * @since 0.1
 */
public final class CsrfGuard implements Application {
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

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
        if (SAFE.contains(environ.requestMethod()) || Csrf.verify(environ)) {
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
