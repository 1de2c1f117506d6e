// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.apps;

import io.wsgi4j.Application;
import io.wsgi4j.Middleware;
import io.wsgi4j.middleware.caching.ConditionalGet;
import io.wsgi4j.middleware.caching.ETags;
import io.wsgi4j.middleware.compress.Gzip;
import io.wsgi4j.middleware.cors.Cors;
import io.wsgi4j.middleware.errors.ErrorCatcher;
import io.wsgi4j.middleware.logging.AccessLog;
import io.wsgi4j.middleware.logging.LogFormat;
import io.wsgi4j.middleware.logging.LogSink;
import io.wsgi4j.middleware.proxy.ProxyFix;
import io.wsgi4j.middleware.request.BodyLimit;
import io.wsgi4j.middleware.request.MethodOverride;
import io.wsgi4j.middleware.response.ContentLength;
import io.wsgi4j.middleware.response.Head;
import io.wsgi4j.middleware.routing.Router;
import io.wsgi4j.middleware.session.Sessions;
import io.wsgi4j.middleware.session.SignedCookieStore;
import io.wsgi4j.middleware.tracing.RequestId;
import io.wsgi4j.middleware.tracing.ServerTiming;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's middleware as a realistic application would stack them, each configured as a user
 * would. On a hello-world {@code GET /plaintext} from wrk (no cookies, no Accept-Encoding, no
 * conditional headers, no Origin) each one does its per-request work (the access log formats a line,
 * the request id draws a random id, Server-Timing times the call) and otherwise lets the response
 * through, so the benchmark measures what a layer costs on the request most requests are.
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
     * Every layer by name, outermost first, in the order of a typical pipeline. The first ten make
     * {@link #tenLayers}: access log (combined format, to a writer that drops the lines, so the
     * formatting is paid but no I/O), error catcher, request id, proxy fix (one trusted hop),
     * Server-Timing, method override, a 10 MiB body limit, CORS for one origin, conditional GET, gzip.
     * After them, measured one by one by JMH only: Content-Length fix-up, HEAD, ETags (hashes the
     * body, real work on every 200), signed-cookie sessions, and a router with the two routes.
     *
     * @since 0.1
     */
    public static Map<String, Middleware> catalogue() {
        Map<String, Middleware> m = new LinkedHashMap<>();
        m.put("AccessLog", AccessLog.builder(LogSink.of(Writer.nullWriter())).format(LogFormat.COMBINED).build());
        m.put("ErrorCatcher", ErrorCatcher.of());
        m.put("RequestId", RequestId.of());
        m.put("ProxyFix", ProxyFix.builder().trustedHops(1).build());
        m.put("ServerTiming", ServerTiming.of());
        m.put("MethodOverride", MethodOverride.of());
        m.put("BodyLimit", BodyLimit.of(10L << 20));
        m.put("Cors", Cors.builder().allowOrigins("https://app.example.com").build());
        m.put("ConditionalGet", ConditionalGet.of());
        m.put("Gzip", Gzip.of());
        m.put("ContentLength", ContentLength.of());
        m.put("Head", Head.of());
        m.put("ETags", ETags.of());
        m.put("Sessions", Sessions.of(SignedCookieStore.of(KEY)));
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
