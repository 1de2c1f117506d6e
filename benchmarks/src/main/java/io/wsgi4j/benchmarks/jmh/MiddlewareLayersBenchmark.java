// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.jmh;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.benchmarks.apps.HelloApp;
import io.wsgi4j.benchmarks.apps.PassThrough;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of one pass-through middleware layer: the hello app called directly, under 0, 1 and 10
 * {@link PassThrough} layers. Per layer = (t(10) - t(1)) / 9. Target: tens of nanoseconds.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar MiddlewareLayersBenchmark
 * }</pre>
 *
 * @since 0.1
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class MiddlewareLayersBenchmark {
    /** How many pass-through layers wrap the hello app. */
    @Param({"0", "1", "10"})
    public int layers;

    private Application app;
    private Environ environ;

    /** Builds the stack and one environ (pass-through layers never change it). */
    @Setup
    public void setUp() {
        app = PassThrough.layers(layers, HelloApp.INSTANCE);
        environ = Requests.plaintext(false);
    }

    /** Calls the stack and consumes the body, as a server would. @since 0.1 */
    @Benchmark
    public void call(Blackhole bh) throws Exception {
        for (byte[] chunk : app.call(environ, Requests.IGNORE)) {
            bh.consume(chunk);
        }
    }
}
