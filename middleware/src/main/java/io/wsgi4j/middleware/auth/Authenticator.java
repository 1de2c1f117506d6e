// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.auth;

import io.wsgi4j.Environ;
import io.wsgi4j.middleware.session.Session;
import java.util.Objects;

/**
 * Finds who made a request: a function from the environ to a user name, or null for nobody.
 * {@link Authenticate} runs it and sets REMOTE_USER to the name's UTF-8 bytes, one character per byte,
 * as every CGI variable holds its value (an ASCII name reads as itself).
 *
 * <pre>{@code
 * Authenticator fromSession = Authenticator.sessionAttribute("user");
 * Authenticator fromToken = Authenticator.named("apiToken", env -> tokens.userFor(env.header("X-Api-Token")));
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * The user who made the request, or null when it is anonymous.
     *
     * @throws Exception if authentication could not be attempted (a 500, not a 401)
     * @since 0.1
     */
    String authenticate(Environ environ) throws Exception;

    /**
     * The user stored in the session under {@code key} (by a login form), or null; requires the
     * {@link io.wsgi4j.middleware.session.Sessions} middleware in front.
     *
     * @throws NullPointerException if {@code key} is null
     * @since 0.1
     */
    static Authenticator sessionAttribute(String key) {
        Objects.requireNonNull(key, "key");
        return named("Authenticator.sessionAttribute(\"" + key + "\")", environ -> Session.of(environ).get(key));
    }

    /**
     * The user the web server in front authenticated: REMOTE_USER as the request arrived (its bytes read
     * as UTF-8), or null. Use it
     * only behind a server that sets REMOTE_USER itself after checking the password (for example nginx's
     * {@code auth_basic}); a server that passes the client's Basic user name on unchecked (nginx's stock
     * {@code fastcgi_params} send {@code $remote_user} whether or not anything checked it) makes it a
     * name anyone can claim.
     *
     * @since 0.2
     */
    static Authenticator serverUser() {
        return named("Authenticator.serverUser()", RemoteUser::of);
    }

    /**
     * Gives an authenticator (typically a lambda) a name for {@code toString()}.
     *
     * @throws NullPointerException if an argument is null
     * @since 0.1
     */
    static Authenticator named(String name, Authenticator authenticator) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(authenticator, "authenticator");
        return new Authenticator() {
            @Override
            public String authenticate(Environ environ) throws Exception {
                return authenticator.authenticate(environ);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
