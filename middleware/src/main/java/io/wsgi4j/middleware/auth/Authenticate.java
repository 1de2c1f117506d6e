// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.auth;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import java.util.List;
import java.util.Objects;

/**
 * Authenticates each request with an {@link Authenticator} and sets REMOTE_USER; in required mode,
 * answers anonymous requests without calling the application.
 *
 * <pre>{@code
 * // KForge: the login form stores "user" in the session
 * Middleware who = Authenticate.optional(Authenticator.sessionAttribute("user"));
 * Middleware mustLogIn = Authenticate.required(Authenticator.sessionAttribute("user"), redirectToLogin);
 * Middleware api = Authenticate.required(tokenAuthenticator, "Bearer realm=\"api\"");   // 401
 * }</pre>
 *
 * <p>An empty user name counts as anonymous. A REMOTE_USER set by the server in front stays when the
 * authenticator finds nobody. An exception from the authenticator propagates (a 500), since the check
 * could not be made.
 *
 * @since 0.1
 */
public final class Authenticate implements Application {
    private final Application next;
    private final Authenticator authenticator;
    private final Application onDenied;
    private final String description;

    private Authenticate(Application next, Authenticator authenticator, Application onDenied, String description) {
        this.next = Objects.requireNonNull(next, "next");
        this.authenticator = authenticator;
        this.onDenied = onDenied;
        this.description = description;
    }

    /**
     * Sets REMOTE_USER when {@code authenticator} finds a user; anonymous requests go on unchanged.
     *
     * @throws NullPointerException if {@code authenticator} is null
     * @since 0.1
     */
    public static Middleware optional(Authenticator authenticator) {
        Objects.requireNonNull(authenticator, "authenticator");
        String d = "Authenticate.optional(" + authenticator + ")";
        return Middleware.named(d, next -> new Authenticate(next, authenticator, null, d));
    }

    /**
     * Like {@link #optional} but answers anonymous requests with 401 and {@code WWW-Authenticate: challenge}.
     *
     * @param challenge the WWW-Authenticate value, e.g. {@code Basic realm="admin", charset="UTF-8"}
     * @throws IllegalArgumentException if {@code challenge} is not a valid header value (CR, LF, ...)
     * @since 0.1
     */
    public static Middleware required(Authenticator authenticator, String challenge) {
        Objects.requireNonNull(authenticator, "authenticator");
        String d = "Authenticate.required(" + authenticator + ", " + Headers.describe(challenge) + ")";
        Application denied = unauthorized(challenge);
        return Middleware.named(d, next -> new Authenticate(next, authenticator, denied, d));
    }

    /**
     * Like {@link #optional} but hands anonymous requests to {@code onDenied} (for example a redirect to
     * a login page).
     *
     * @throws NullPointerException if an argument is null
     * @since 0.1
     */
    public static Middleware required(Authenticator authenticator, Application onDenied) {
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(onDenied, "onDenied");
        String d = "Authenticate.required(" + authenticator + ", " + onDenied + ")";
        return Middleware.named(d, next -> new Authenticate(next, authenticator, onDenied, d));
    }

    /**
     * An application answering 401 with {@code WWW-Authenticate: challenge} and a short plain-text body.
     *
     * @throws IllegalArgumentException if {@code challenge} is not a valid header value
     * @since 0.1
     */
    public static Application unauthorized(String challenge) {
        Header h = Header.of("WWW-Authenticate", challenge);
        return new Application() {
            @Override
            public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
                startResponse.start("401 Unauthorized", List.of(h,
                        Header.of("Content-Type", "text/plain; charset=utf-8")));
                return Body.of("401 Unauthorized: this resource needs you to log in\n");
            }

            @Override
            public String toString() {
                return "Authenticate.unauthorized(" + Headers.describe(challenge) + ")";
            }
        };
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        String user = authenticator.authenticate(environ);
        if (user != null && !user.isEmpty()) {
            environ.put(Environ.REMOTE_USER, user);
            return next.call(environ, startResponse);
        }
        return onDenied == null ? next.call(environ, startResponse) : onDenied.call(environ, startResponse);
    }

    /** Like {@code Authenticate.optional(Authenticator.sessionAttribute("user")).wrap(app)}. @since 0.1 */
    @Override
    public String toString() {
        return description + ".wrap(" + next + ")";
    }
}
