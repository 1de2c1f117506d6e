// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.jmh;

import io.wsgi4j.Environ;
import io.wsgi4j.benchmarks.apps.HelloApp;
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
 * What the WSGI side of a request costs every transport: building the environ
 * ({@code EnvironBuilder}) and running the shared request algorithm ({@code BaseHandler}) for the
 * hello app, with the response head serialised into a reused buffer. No sockets, no parsing.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar HandlerBenchmark
 * }</pre>
 *
 * <p>{@code headers=wrk} is the request wrk sends (Host only); {@code browser} adds seven more.
 * {@code jfr=recording} runs the benchmark while an in-process Flight Recorder recording with the
 * {@code io.wsgi4j.Request} event enabled runs ({@code off}: none runs, the default path); with
 * {@code -prof gc} the pair shows what a request event costs, and that it costs nothing when off.
 *
 * @since 0.1
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class HandlerBenchmark {
    /** Which request: wrk's (Host only) or a browser's (eight headers). */
    @Param({"wrk", "browser"})
    public String headers;

    /** Whether a Flight Recorder recording with request events runs: off or recording. */
    @Param({"off"})
    public String jfr;

    private jdk.jfr.Recording recording;

    private final BenchHandler handler = new BenchHandler();
    private boolean browser;
    private Environ environ;

    /** Builds one environ for the handler-only benchmark and checks the handler writes a response. */
    @Setup
    public void setUp() {
        if ("recording".equals(jfr)) {
            recording = new jdk.jfr.Recording();
            recording.enable(io.wsgi4j.observe.RequestEvent.NAME);
            recording.setToDisk(false);
            recording.setMaxSize(16 << 20);
            recording.start();
        } else if (!"off".equals(jfr)) {
            throw new IllegalArgumentException("jfr is off or recording, got " + jfr);
        }
        browser = "browser".equals(headers);
        environ = Requests.plaintext(browser);
        if (handler.run(HelloApp.INSTANCE, environ) != Outcome.KEEP_ALIVE || handler.total() < 60) {
            throw new IllegalStateException("the hello app did not write a kept-alive response; the benchmark is broken");
        }
    }

    /** Stops the recording, if one runs. */
    @org.openjdk.jmh.annotations.TearDown
    public void tearDown() {
        if (recording != null) {
            recording.close();
        }
    }

    /** EnvironBuilder alone: the full environ for one request. @since 0.1 */
    @Benchmark
    public Environ environBuilder() {
        return Requests.plaintext(browser);
    }

    /** BaseHandler alone: start_response, head serialisation, body, close, on a built environ. @since 0.1 */
    @Benchmark
    public Outcome baseHandler() {
        return handler.run(HelloApp.INSTANCE, environ);
    }

    /** Both, as a server pays them per request. @since 0.1 */
    @Benchmark
    public Outcome environAndHandler() {
        return handler.run(HelloApp.INSTANCE, Requests.plaintext(browser));
    }
}
