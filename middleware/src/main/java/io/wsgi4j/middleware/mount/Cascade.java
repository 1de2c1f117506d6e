// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.mount;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.NotFound;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Tries applications in turn while they answer "not mine" ({@link NotFound}); the first other answer
 * wins, and the last application's answer stands whatever it is.
 *
 * <pre>{@code
 * Application site = Cascade.of(staticFiles, router, legacyApp).replayLimit(64 * 1024);
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

    private final Application[] apps;
    private final long replayLimit;

    private Cascade(Application[] apps, long replayLimit) {
        this.apps = apps;
        this.replayLimit = replayLimit;
    }

    /**
     * A cascade over {@code apps}, tried in the order given.
     *
     * @throws IllegalArgumentException if {@code apps} is empty
     * @throws NullPointerException if an application is null
     * @since 0.1
     */
    public static Cascade of(Application... apps) {
        if (apps.length == 0) {
            throw new IllegalArgumentException("a cascade needs at least one application, got none");
        }
        for (Application a : apps) {
            Objects.requireNonNull(a, "application");
        }
        return new Cascade(apps.clone(), DEFAULT_REPLAY_LIMIT);
    }

    /**
     * The same cascade with request bodies replayable up to {@code bytes}; larger ones get 413.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative
     * @since 0.1
     */
    public Cascade replayLimit(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("replay limit must be >= 0 bytes, got " + bytes);
        }
        return new Cascade(apps, bytes);
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
                startResponse.start(Status.of(413), Headers.of("Content-Type", "text/plain; charset=utf-8"));
                return Body.of("413 Content Too Large: this resource accepts request bodies up to " + replayLimit
                        + " bytes\n");
            }
        }
        String script = environ.scriptName();
        String path = environ.pathInfo();
        try {
            for (int i = 0; i < apps.length - 1; i++) {
                reset(environ, script, path, input);
                Trial trial = new Trial(startResponse);
                Iterable<byte[]> body = apps[i].call(environ, trial);
                if (!NotFound.isNotMine(environ) || trial.committed()) {
                    return trial.commit(body);
                }
                Body.close(body);
            }
            reset(environ, script, path, input);
            return apps[apps.length - 1].call(environ, startResponse);
        } finally {
            environ.put(Environ.SCRIPT_NAME, script);
            environ.put(Environ.PATH_INFO, path);
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

    /** {@code Cascade.of(A, B, C)}, with {@code .replayLimit(n)} when not the default. @since 0.1 */
    @Override
    public String toString() {
        List<String> names = Arrays.stream(apps).map(String::valueOf).collect(Collectors.toList());
        return "Cascade.of(" + String.join(", ", names) + ")"
                + (replayLimit == DEFAULT_REPLAY_LIMIT ? "" : ".replayLimit(" + replayLimit + ")");
    }
}
