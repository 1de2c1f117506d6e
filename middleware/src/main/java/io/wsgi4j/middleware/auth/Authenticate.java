// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.auth;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.internal.BuilderCode;
import io.wsgi4j.middleware.internal.Challenge;
import io.wsgi4j.middleware.internal.TextAnswer;
import java.util.List;
import java.util.Objects;

/**
 * Authenticates each request with an {@link Authenticator} and sets REMOTE_USER; in required mode,
 * answers anonymous requests without calling the application.
 *
 * <pre>{@code
 * // KForge: the login form stores "user" in the session
 * Middleware who = Authenticate.of(Authenticator.sessionAttribute("user"));
 * Middleware mustLogIn = Authenticate.builder(Authenticator.sessionAttribute("user")).onDenied(redirectToLogin).build();
 * Middleware api = Authenticate.builder(tokenAuthenticator)
 *         .onDenied(Authenticate.unauthorized("Bearer realm=\"api\"")).build();   // 401
 * }</pre>
 *
 * <p>An empty user name counts as anonymous. REMOTE_USER is this middleware's to set: when the
 * authenticator finds nobody, a REMOTE_USER already in the environ (one the web server in front passed
 * on, which may be a name the client merely claimed) is removed, so the application never takes it for
 * a person the authenticator found. To trust a web server that checks passwords itself, authenticate
 * with {@link Authenticator#serverUser()}. An exception from the authenticator propagates (a 500), since
 * the check could not be made.
 *
 * @since 0.1
 */
public final class Authenticate implements Application {
    private final Application next;
    private final Authenticator authenticator;
    private final Application onDenied;

    private Authenticate(Application next, Authenticator authenticator, Application onDenied) {
        this.next = Objects.requireNonNull(next, "next");
        this.authenticator = authenticator;
        this.onDenied = onDenied;
    }

    /**
     * Sets REMOTE_USER when {@code authenticator} finds a user; anonymous requests go on unchanged.
     *
     * @throws NullPointerException if {@code authenticator} is null
     * @since 0.2
     */
    public static Middleware of(Authenticator authenticator) {
        return builder(authenticator).build();
    }

    /**
     * A builder for {@code authenticator}, starting from the defaults (anonymous requests go on).
     *
     * @throws NullPointerException if {@code authenticator} is null
     * @since 0.2
     */
    public static Builder builder(Authenticator authenticator) {
        return new Builder(authenticator);
    }

    /**
     * Sets REMOTE_USER when {@code authenticator} finds a user; anonymous requests go on unchanged.
     *
     * @deprecated use {@link #of(Authenticator)}
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static Middleware optional(Authenticator authenticator) {
        return of(authenticator);
    }

    /**
     * Answers anonymous requests with 401 and {@code WWW-Authenticate: challenge}.
     *
     * @deprecated use {@code Authenticate.builder(authenticator).onDenied(Authenticate.unauthorized(challenge)).build()}
     * @throws IllegalArgumentException if {@code challenge} is not a valid header value (CR, LF, ...)
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static Middleware required(Authenticator authenticator, String challenge) {
        return builder(authenticator).onDenied(unauthorized(challenge)).build();
    }

    /**
     * Hands anonymous requests to {@code onDenied}.
     *
     * @deprecated use {@code Authenticate.builder(authenticator).onDenied(onDenied).build()}
     * @throws NullPointerException if an argument is null
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static Middleware required(Authenticator authenticator, Application onDenied) {
        return builder(authenticator).onDenied(onDenied).build();
    }

    /**
     * An application answering 401 with {@code WWW-Authenticate: challenge} and a short plain-text body.
     *
     * @throws IllegalArgumentException if {@code challenge} is not a valid header value or does not start
     *     with an auth-scheme (a token such as {@code Bearer})
     * @throws NullPointerException if {@code challenge} is null
     * @since 0.1
     */
    public static Application unauthorized(String challenge) {
        // a 401 must carry at least one challenge (RFC 9110 section 11.6.1), and a challenge starts with its
        // auth-scheme: an empty value, or one that is only parameters, is a 401 no client can answer
        Challenge.check(challenge);
        return TextAnswer.app("Authenticate.unauthorized(" + BuilderCode.literal(challenge) + ")", 401,
                "this resource needs you to log in", Header.of("WWW-Authenticate", challenge));
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        String user = authenticator.authenticate(environ);
        if (user != null && !user.isEmpty()) {
            RemoteUser.set(environ, user);
            return next.call(environ, startResponse);
        }
        environ.remove(Environ.REMOTE_USER);
        return onDenied == null ? next.call(environ, startResponse) : onDenied.call(environ, startResponse);
    }

    /** Like {@code Authenticate.of(Authenticator.sessionAttribute("user")).wrap(app)}. @since 0.1 */
    @Override
    public String toString() {
        return describe(authenticator, onDenied) + ".wrap(" + next + ")";
    }

    private static String describe(Authenticator authenticator, Application onDenied) {
        return BuilderCode.of("Authenticate", authenticator).option("onDenied", onDenied, null).toString();
    }

    /**
     * Configures {@link Authenticate}.
     *
     * @since 0.2
     */
    public static final class Builder {
        private final Authenticator authenticator;
        private Application onDenied;

        private Builder(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        }

        /**
         * Hands anonymous requests to {@code onDenied} instead of the application: a redirect to a
         * login page, or {@link #unauthorized} for a 401 challenge (default: none, anonymous requests
         * go on).
         *
         * @throws NullPointerException if {@code onDenied} is null
         * @since 0.2
         */
        public Builder onDenied(Application onDenied) {
            this.onDenied = Objects.requireNonNull(onDenied, "onDenied");
            return this;
        }

        /** The middleware. @since 0.2 */
        public Middleware build() {
            Application denied = onDenied;
            return Middleware.named(describe(authenticator, denied), next -> new Authenticate(next, authenticator, denied));
        }
    }
}
