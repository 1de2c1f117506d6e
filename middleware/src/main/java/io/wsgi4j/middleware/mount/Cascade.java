// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.mount;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.NotFound;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.dispatch.FrontController;
import io.wsgi4j.middleware.internal.BuilderCode;
import io.wsgi4j.middleware.internal.TextAnswer;
import io.wsgi4j.middleware.routing.Router;
import io.wsgi4j.observe.RequestRecord;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Objects;

/**
 * Tries applications in turn while they answer "not mine" ({@link NotFound}); the first other answer
 * wins, and the last application's answer stands whatever it is.
 *
 * <pre>{@code
 * Application site = Cascade.of(staticFiles, router, legacyApp);
 * Application small = Cascade.builder(staticFiles, router, legacyApp).replayLimit(64 * 1024).build();
 * }</pre>
 *
 * <p>Each application sees the environ as the cascade got it (SCRIPT_NAME and PATH_INFO are reset
 * before each try and restored at the end) and can read the whole request body: a body is read into memory once, up to the
 * replay limit (1 MiB by default), and each application gets its own stream over it. A larger body is
 * answered 413 before any application runs; requests without a body cost no copying. A rejected
 * application's response is held back (its start_response is recorded, not sent) and its body is
 * closed. An application that writes through the legacy write callable has answered, even with a 404.
 * Exceptions are not caught: the next application is not tried.
 *
 * @since 0.1
 */
public final class Cascade implements Application {
    /** The default replay limit: 1 MiB. @since 0.1 */
    public static final long DEFAULT_REPLAY_LIMIT = 1 << 20;
    /**
     * The largest replay limit: a body is replayed from one array, and one byte past the limit must
     * still fit to tell a chunked body over it.
     *
     * @since 0.2
     */
    public static final long MAX_REPLAY_LIMIT = Integer.MAX_VALUE - 9;

    private final Application[] apps;
    private final long replayLimit;

    private Cascade(Application[] apps, long replayLimit) {
        this.apps = apps;
        this.replayLimit = replayLimit;
    }

    /**
     * A cascade over {@code apps}, tried in the order given, with the default replay limit.
     *
     * @throws IllegalArgumentException if {@code apps} is empty
     * @throws NullPointerException if an application is null
     * @since 0.1
     */
    public static Cascade of(Application... apps) {
        return builder(apps).build();
    }

    /**
     * A builder for a cascade over {@code apps}, tried in the order given.
     *
     * @throws IllegalArgumentException if {@code apps} is empty
     * @throws NullPointerException if an application is null
     * @since 0.2
     */
    public static Builder builder(Application... apps) {
        if (apps.length == 0) {
            throw new IllegalArgumentException("a cascade needs at least one application, got none");
        }
        for (Application a : apps) {
            Objects.requireNonNull(a, "application");
        }
        return new Builder(apps.clone());
    }

    /**
     * The 0.1 way to set the replay limit: the same cascade with request bodies replayable up to
     * {@code bytes}.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative or above {@link #MAX_REPLAY_LIMIT}
     * @deprecated use {@code Cascade.builder(apps...).replayLimit(bytes).build()}: one construction rule
     *     for the whole catalogue
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public Cascade replayLimit(long bytes) {
        return new Builder(apps).replayLimit(bytes).build();
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        if (apps.length == 1) {
            return apps[0].call(environ, startResponse);
        }
        byte[] input = null;
        if (ReplayableInput.hasBody(environ)) {
            input = ReplayableInput.read(environ, replayLimit);
            if (input == null) {
                return TextAnswer.send(startResponse, 413, "this resource accepts request bodies up to " + replayLimit
                        + " bytes");
            }
        }
        String script = environ.scriptName();
        String path = environ.pathInfo();
        Object[] routing = routingOf(environ);
        try {
            for (int i = 0; i < apps.length - 1; i++) {
                reset(environ, script, path, input);
                restoreRouting(environ, routing);
                Trial trial = new Trial(startResponse);
                Iterable<byte[]> body = apps[i].call(environ, trial);
                if (!NotFound.isNotMine(environ) || trial.committed()) {
                    return trial.commit(body);
                }
                Body.close(body);
            }
            reset(environ, script, path, input);
            restoreRouting(environ, routing);
            return apps[apps.length - 1].call(environ, startResponse);
        } finally {
            environ.put(Environ.SCRIPT_NAME, script);
            environ.put(Environ.PATH_INFO, path);
        }
    }

    /**
     * The route keys a router or front controller inside an application sets: an application that said
     * "not mine" must not leave its route for the access log and the metrics of the one that answers,
     * nor its target for an application that asks {@link FrontController#target} which project it serves.
     */
    private static final String[] ROUTING_KEYS = {RequestRecord.ROUTE_TEMPLATE, Router.ROUTE, Router.ARGS,
        FrontController.TARGET, FrontController.BASE};

    private static Object[] routingOf(Environ environ) {
        Object[] values = new Object[ROUTING_KEYS.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = environ.get(ROUTING_KEYS[i]);
        }
        return values;
    }

    private static void restoreRouting(Environ environ, Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                environ.remove(ROUTING_KEYS[i]);
            } else {
                environ.put(ROUTING_KEYS[i], values[i]);
            }
        }
    }

    private static void reset(Environ environ, String script, String path, byte[] input) {
        environ.remove(Environ.NOT_MINE);
        environ.put(Environ.SCRIPT_NAME, script);
        environ.put(Environ.PATH_INFO, path);
        if (input != null) {
            InputStream replay = new ByteArrayInputStream(input);
            environ.put(Environ.WSGI_INPUT, replay);
        }
    }

    /** The builder code that made this cascade: {@code Cascade.of(A, B, C)}, or its builder form. @since 0.1 */
    @Override
    public String toString() {
        return BuilderCode.of("Cascade", (Object) apps).option("replayLimit", replayLimit, DEFAULT_REPLAY_LIMIT)
                .toString();
    }

    /**
     * Configures a {@link Cascade}.
     *
     * @since 0.2
     */
    public static final class Builder {
        private final Application[] apps;
        private long replayLimit = DEFAULT_REPLAY_LIMIT;

        private Builder(Application[] apps) {
            this.apps = apps;
        }

        /**
         * Request bodies are replayable up to {@code bytes} ({@link #DEFAULT_REPLAY_LIMIT} by default);
         * larger ones get 413.
         *
         * @throws IllegalArgumentException if {@code bytes} is negative or above {@link #MAX_REPLAY_LIMIT}
         * @since 0.2
         */
        public Builder replayLimit(long bytes) {
            if (bytes < 0 || bytes > MAX_REPLAY_LIMIT) {
                // a larger limit let a 4 GiB body into an array of (int) 4294967306 = 10 bytes: cut, not refused
                throw new IllegalArgumentException("replay limit must be 0 to " + MAX_REPLAY_LIMIT + " bytes (a body"
                        + " is replayed from one array in memory), got " + bytes);
            }
            this.replayLimit = bytes;
            return this;
        }

        /** The cascade. @since 0.2 */
        public Cascade build() {
            return new Cascade(apps, replayLimit);
        }
    }
}
