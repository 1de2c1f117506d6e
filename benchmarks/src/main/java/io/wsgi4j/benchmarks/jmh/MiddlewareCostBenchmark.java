// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.jmh;

import io.wsgi4j.Application;
import io.wsgi4j.benchmarks.apps.HelloApp;
import io.wsgi4j.benchmarks.apps.MiddlewareStack;
import io.wsgi4j.benchmarks.apps.PassThrough;
import io.wsgi4j.handler.Outcome;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of each middleware on a hello-world request: a full request as a server runs it (fresh
 * environ from {@code EnvironBuilder}, the shared handler, the body sent and closed) through one
 * layer of the named middleware. Per-layer cost = score(layer) - score({@code none}). {@code all}
 * is the ten-layer {@link MiddlewareStack#tenLayers} pipeline, {@code PassThrough} the floor.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar MiddlewareCostBenchmark
 * java -jar benchmarks/target/benchmarks.jar MiddlewareCostBenchmark -p layer=none,Gzip
 * }</pre>
 *
 * <p>The names listed in {@code layer} must match {@link MiddlewareStack#catalogue()}'s keys (a
 * test checks it), so adding a middleware to the catalogue adds it here.
 *
 * @since 0.1
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class MiddlewareCostBenchmark {
    /** The baseline ({@code none}), a catalogue entry, {@code PassThrough} or {@code all}. */
    @Param({"none", "PassThrough", "AccessLog", "ErrorCatcher", "RequestId", "ProxyFix", "ServerTiming",
        "MethodOverride", "BodyLimit", "Cors", "ConditionalGet", "Gzip", "ContentLength", "Head", "ETags",
        "Sessions", "Router", "all"})
    public String layer;

    private final BenchHandler handler = new BenchHandler();
    private Application app;

    /** Builds the one-layer stack; fails fast on a name the catalogue does not have. */
    @Setup
    public void setUp() {
        app = stack(layer);
        if (handler.run(app, Requests.plaintext(false)) != Outcome.KEEP_ALIVE) {
            throw new IllegalStateException(layer + " did not let a hello-world GET through unchanged");
        }
    }

    static Application stack(String layer) {
        switch (layer) {
            case "none":
                return HelloApp.INSTANCE;
            case "PassThrough":
                return new PassThrough(HelloApp.INSTANCE);
            case "all":
                return MiddlewareStack.tenLayers(HelloApp.INSTANCE);
            default:
                var m = MiddlewareStack.catalogue().get(layer);
                if (m == null) {
                    throw new IllegalArgumentException("no middleware named \"" + layer + "\" in MiddlewareStack;"
                            + " known: " + MiddlewareStack.catalogue().keySet());
                }
                return m.wrap(HelloApp.INSTANCE);
        }
    }

    /** One GET /plaintext through the stack, as the server runs it. @since 0.1 */
    @Benchmark
    public Outcome request() {
        return handler.run(app, Requests.plaintext(false));
    }
}
