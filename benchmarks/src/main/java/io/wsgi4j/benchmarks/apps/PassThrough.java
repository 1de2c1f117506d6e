// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.apps;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import java.util.Objects;

/**
 * A middleware layer that does nothing but call the next application: the floor of what one layer
 * of a pipeline can cost, measured by {@code MiddlewareLayersBenchmark} and by the ten-layer load run.
 *
 * <pre>{@code
 * Application tenDeep = PassThrough.layers(10, HelloApp.INSTANCE);
 * }</pre>
 *
 * @since 0.1
 */
public final class PassThrough implements Application {
    /** Wraps an application in one pass-through layer. @since 0.1 */
    public static final Middleware LAYER = Middleware.named("PassThrough", PassThrough::new);

    private final Application next;

    /**
     * @throws NullPointerException if {@code next} is null
     * @since 0.1
     */
    public PassThrough(Application next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    /**
     * {@code app} wrapped in {@code n} pass-through layers ({@code n == 0} gives {@code app} itself).
     *
     * @throws IllegalArgumentException if {@code n} is negative
     * @since 0.1
     */
    public static Application layers(int n, Application app) {
        if (n < 0) {
            throw new IllegalArgumentException("layer count must be 0 or more, got " + n);
        }
        Application result = app;
        for (int i = 0; i < n; i++) {
            result = new PassThrough(result);
        }
        return result;
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        return next.call(environ, startResponse);
    }

    @Override
    public String toString() {
        return "PassThrough(" + next + ")";
    }
}
