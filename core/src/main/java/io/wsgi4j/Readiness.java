// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import java.util.List;
import java.util.Objects;

/**
 * Whether a server still wants new requests: "ready" while it serves, "draining" from the moment its
 * shutdown begins. A load balancer's health check or a Kubernetes readiness probe reads it through
 * {@link #probe(String, Application)}, so traffic stops arriving before the listener closes.
 *
 * <pre>{@code
 * Readiness readiness = server.readiness();            // every wsgi4j transport owns one
 * readiness.draining();                                 // false until shutdown() starts
 * Application app = readiness.probe("/ready", inner);   // GET /ready: 200 ready, 503 draining
 * }</pre>
 *
 * <p>The servers install the probe themselves when configured with a readiness path
 * ({@code ServerConfig.builder().readinessPath("/ready")}, {@code GatewayConfig.builder().readinessPath("/ready")},
 * {@code JettyServer.Builder.readinessPath}); the flag only ever goes from ready to draining.
 *
 * @since 0.2
 */
public final class Readiness {
    private static final List<Header> HEADERS = Headers.of("Content-Type", "text/plain; charset=utf-8",
            "Cache-Control", "no-store");

    private volatile boolean draining;

    /** A new readiness, ready. @since 0.2 */
    public Readiness() {}

    /** Flips to draining (for good); the probe answers 503 from now on. @since 0.2 */
    public void drain() {
        draining = true;
    }

    /** True once {@link #drain()} was called. @since 0.2 */
    public boolean draining() {
        return draining;
    }

    /**
     * Wraps {@code app} so a request for exactly {@code path} (SCRIPT_NAME + PATH_INFO) answers
     * {@code 200 ready} while serving and {@code 503 draining} once draining; every other request goes to {@code app}.
     *
     * @param path the probe's path, starting with {@code /}
     * @throws IllegalArgumentException if {@code path} does not start with {@code /}
     * @since 0.2
     */
    public Application probe(String path, Application app) {
        Objects.requireNonNull(app, "app");
        checkPath(path);
        return new Application() {
            @Override
            public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
                if (!path.equals(environ.scriptName() + environ.pathInfo())) {
                    return app.call(environ, startResponse);
                }
                if (draining) {
                    startResponse.start(Status.of(503), HEADERS);
                    return Body.of("draining\n");
                }
                startResponse.start(Status.OK, HEADERS);
                return Body.of("ready\n");
            }

            @Override
            public String toString() {
                return "Readiness.probe(\"" + path + "\", " + app + ")";
            }
        };
    }

    /**
     * Checks a configured readiness path: null (no probe) or a path starting with {@code /}.
     *
     * @throws IllegalArgumentException naming the value when it is not
     * @since 0.2
     */
    public static String checkPath(String path) {
        if (path != null && !path.startsWith("/")) {
            throw new IllegalArgumentException("readinessPath must start with \"/\" (e.g. \"/ready\"), got \""
                    + path + "\"");
        }
        return path;
    }

    @Override
    public String toString() {
        return draining ? "Readiness(draining)" : "Readiness(ready)";
    }
}
