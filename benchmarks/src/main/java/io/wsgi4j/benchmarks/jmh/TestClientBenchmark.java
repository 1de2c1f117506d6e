// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.jmh;

import io.wsgi4j.benchmarks.apps.HelloApp;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one hello-world request through the in-process test client costs: building the request and
 * its environ, running the shared handler through the validator (on by default), and capturing the
 * response; and the same without the validator. Target: a few microseconds.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar TestClientBenchmark
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
public class TestClientBenchmark {
    private final TestClient client = TestClient.of(HelloApp.INSTANCE);
    private final TestClient unvalidated = TestClient.unvalidated(HelloApp.INSTANCE);

    /** GET /plaintext, the response returned so nothing is optimised away. @since 0.1 */
    @Benchmark
    public TestResponse helloWorld() {
        return client.get("/plaintext").send();
    }

    /** The same request without the validator: what the validator adds. @since 0.1 */
    @Benchmark
    public TestResponse helloWorldUnvalidated() {
        return unvalidated.get("/plaintext").send();
    }

    /** The same request with one extra header, as most real tests send. @since 0.1 */
    @Benchmark
    public TestResponse helloWorldWithHeader() {
        return client.get("/plaintext").header("Accept", "text/plain").send();
    }
}
