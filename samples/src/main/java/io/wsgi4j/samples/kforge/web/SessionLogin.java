// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.web;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.session.Session;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Authentication for KForge: sets REMOTE_USER to the person the session says is logged in, if that
 * person still exists; otherwise the request goes on as the guest (no REMOTE_USER).
 *
 * <p>The login page puts the name in the session under {@link #SESSION_KEY} after checking the
 * password; this middleware only trusts the signed session cookie.
 *
 * <p>{@code .use(SessionLogin.middleware(name -> site.persons().get(name).isPresent()))}
 *
 * @since 0.1
 */
public final class SessionLogin implements Application {
    /** The session key holding the logged-in person's name. */
    public static final String SESSION_KEY = "user";

    private final Application next;
    private final Predicate<String> exists;

    private SessionLogin(Application next, Predicate<String> exists) {
        this.next = Objects.requireNonNull(next, "next");
        this.exists = exists;
    }

    /**
     * Returns the middleware.
     *
     * @param exists tells whether a person name is still registered
     * @return a middleware printed as {@code SessionLogin.middleware(...)}
     * @since 0.1
     */
    public static Middleware middleware(Predicate<String> exists) {
        Objects.requireNonNull(exists, "exists");
        return Middleware.named("SessionLogin.middleware(persons)", next -> new SessionLogin(next, exists));
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        environ.remove(Environ.REMOTE_USER); // only the session may say who this is
        String user = Session.of(environ).get(SESSION_KEY);
        if (user != null && exists.test(user)) {
            environ.put(Environ.REMOTE_USER, user);
        }
        return next.call(environ, startResponse);
    }

    @Override
    public String toString() {
        return "SessionLogin[" + next + "]";
    }
}
