// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import java.util.Objects;

/**
 * Builds an application that wraps another: {@code Application -> Application}.
 *
 * <pre>{@code
 * Middleware logging = next -> (environ, startResponse) -> {
 *     environ.errors().println(environ.requestMethod() + " " + environ.pathInfo());
 *     return next.call(environ, startResponse);
 * };
 * Application app = logging.andThen(otherMiddleware).wrap(hello);
 * }</pre>
 *
 * <p>Because middleware and applications share one signature, a pipeline is plain nesting;
 * {@link Pipeline} only makes the nesting readable.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Middleware {

    /**
     * Wraps {@code next}.
     *
     * @param next the application to call for each request; never null
     * @return the wrapping application
     * @since 0.1
     */
    Application wrap(Application next);

    /**
     * Composes two middleware: this one outermost, {@code inner} inside it.
     * {@code a.andThen(b).wrap(app)} is {@code a.wrap(b.wrap(app))}.
     *
     * @throws NullPointerException if {@code inner} is null
     * @since 0.1
     */
    default Middleware andThen(Middleware inner) {
        Objects.requireNonNull(inner, "inner");
        Middleware outer = this;
        return named(outer + " | " + inner, next -> outer.wrap(inner.wrap(next)));
    }

    /**
     * The middleware that returns the application it is given, unchanged.
     *
     * @since 0.1
     */
    static Middleware identity() {
        return named("identity", next -> next);
    }

    /**
     * Composes middleware listed outermost first: {@code chain(a, b, c).wrap(app)} is
     * {@code a.wrap(b.wrap(c.wrap(app)))}.
     *
     * @throws NullPointerException if any element is null
     * @since 0.1
     */
    static Middleware chain(Middleware... outermostFirst) {
        if (outermostFirst.length == 0) {
            return identity();
        }
        Middleware result = Objects.requireNonNull(outermostFirst[0], "middleware");
        for (int i = 1; i < outermostFirst.length; i++) {
            result = result.andThen(Objects.requireNonNull(outermostFirst[i], "middleware"));
        }
        return result;
    }

    /**
     * Gives a middleware (typically a lambda) a name that {@code toString()} prints.
     *
     * @throws NullPointerException if an argument is null
     * @since 0.1
     */
    static Middleware named(String name, Middleware middleware) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(middleware, "middleware");
        return new Middleware() {
            @Override
            public Application wrap(Application next) {
                return middleware.wrap(next);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
