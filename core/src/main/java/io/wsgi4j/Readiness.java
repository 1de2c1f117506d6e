// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import java.util.List;
import java.util.Objects;

/**
 * Whether a server still wants new requests: "ready" while it serves, "draining" from the moment its
 * shutdown begins. A load balancer's health check or a Kubernetes readiness probe reads it through
 * {@link #probe(String, Application)}, so traffic stops arriving before the listener closes.
 *
 * <p>Usually the server answers the probe itself, from the readiness it owns:
 *
 * <pre>{@code
 * HttpServer server = HttpServer.make("0.0.0.0", 8080, app,
 *         ServerConfig.builder().readinessPath("/ready").build()).start();  // GET /ready: 200 ready, 503 draining
 * server.readiness().draining();                                          // false until shutdown() starts
 * }</pre>
 *
 * ({@code GatewayConfig.builder().readinessPath("/ready")} and {@code JettyServer.Builder.readinessPath}
 * do the same for the gateways and the Jetty adapter.) To place the probe in a pipeline yourself, make
 * the readiness first and drain it when you decide to, before the server's own shutdown:
 *
 * <pre>{@code
 * Readiness readiness = new Readiness();
 * HttpServer server = HttpServer.make("0.0.0.0", 8080, readiness.probe("/healthz/ready", app)).start();
 * // at shutdown: readiness.drain(); wait for the load balancer to notice; then server.shutdown()
 * }</pre>
 *
 * <p>The flag only ever goes from ready to draining.
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
