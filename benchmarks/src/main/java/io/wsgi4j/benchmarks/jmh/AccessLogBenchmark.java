// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.jmh;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.benchmarks.apps.HelloApp;
import io.wsgi4j.middleware.logging.AccessLog;
import io.wsgi4j.middleware.logging.LogFormat;
import io.wsgi4j.middleware.logging.LogSink;
import java.io.OutputStream;
import java.time.Clock;
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
 * The cost of the access log alone: the hello app called directly (as in
 * {@link MiddlewareLayersBenchmark}), its body consumed and closed, bare ({@code none}) or under
 * {@link AccessLog} in one format, writing each line to {@code LogSink.of(OutputStream)} on a null
 * stream (formatting and encoding are paid, no I/O). Per request = score(format) - score({@code none}); with
 * {@code -prof gc}, B/op likewise. The request is a browser's (User-Agent and seven more headers),
 * so the Combined and JSON formats have something to escape-check.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar AccessLogBenchmark -prof gc
 * }</pre>
 *
 * @since 0.2
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class AccessLogBenchmark {
    /** {@code none} (the bare app) or a {@link LogFormat} name. */
    @Param({"none", "COMMON", "COMBINED", "JSON"})
    public String format;

    private Application app;
    private Environ environ;

    /** Builds the app, logging to a null stream. */
    @Setup
    public void setUp() {
        environ = Requests.plaintext(true);
        LogSink sink = LogSink.of(OutputStream.nullOutputStream());
        app = format.equals("none") ? HelloApp.INSTANCE
                : AccessLog.builder(sink).format(LogFormat.valueOf(format)).clock(Clock.systemDefaultZone()).build()
                        .wrap(HelloApp.INSTANCE);
    }

    /** Calls the app, consumes the body and closes it, as a server would; the close writes the line. @since 0.2 */
    @Benchmark
    public void request(Blackhole bh) throws Exception {
        Iterable<byte[]> body = app.call(environ, Requests.IGNORE);
        try {
            for (byte[] chunk : body) {
                bh.consume(chunk);
            }
        } finally {
            Body.close(body);
        }
    }
}
