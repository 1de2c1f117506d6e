// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.apps;

import io.wsgi4j.Application;
import io.wsgi4j.Middleware;
import io.wsgi4j.middleware.compress.Gzip;
import io.wsgi4j.middleware.http.ConditionalGet;
import io.wsgi4j.middleware.routing.Router;
import io.wsgi4j.middleware.session.Sessions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's middleware as a realistic application would stack them, each configured as a user
 * would and each leaving a hello-world {@code GET /plaintext} (from wrk: no cookies, no
 * Accept-Encoding, no conditional headers) unchanged, so the benchmark measures what a layer costs
 * on a request it has nothing to do for, which is most requests.
 *
 * <pre>{@code
 * Application app = MiddlewareStack.tenLayers(HelloApp.INSTANCE);
 * }</pre>
 *
 * @since 0.1
 */
public final class MiddlewareStack {
    private static final byte[] KEY = "benchmark-session-key-0123456789".getBytes(StandardCharsets.US_ASCII);

    private MiddlewareStack() {}

    /**
     * Every layer by name, outermost first (the order of a typical pipeline).
     *
     * @since 0.1
     */
    public static Map<String, Middleware> catalogue() {
        Map<String, Middleware> m = new LinkedHashMap<>();
        m.put("ConditionalGet", ConditionalGet.middleware());
        m.put("Gzip", Gzip.middleware());
        m.put("Sessions", Sessions.signedCookies(KEY).build());
        m.put("Router", Middleware.named("Router(/plaintext, /echo)", next -> Router.builder()
                .get("plaintext", "/plaintext", next)
                .post("echo", "/echo", next)
                .build()));
        return Collections.unmodifiableMap(m);
    }

    /**
     * {@code app} under the first ten layers of {@link #catalogue()} (all of them if there are fewer;
     * {@link #layerCount()} says how many).
     *
     * @since 0.1
     */
    public static Application tenLayers(Application app) {
        List<Middleware> layers = new ArrayList<>(catalogue().values());
        Middleware chain = Middleware.chain(layers.subList(0, layerCount()).toArray(new Middleware[0]));
        return chain.wrap(app);
    }

    /** How many layers {@link #tenLayers} stacks: ten, or fewer while fewer exist. @since 0.1 */
    public static int layerCount() {
        return Math.min(10, catalogue().size());
    }
}
