// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.jmh;

import io.wsgi4j.benchmarks.peers.EnginePeers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.BufferUtil;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One keep-alive {@code GET /plaintext} through Jetty 12 in-process, for each engine peer of the load
 * runs ({@code engines.sh}): the bare blocking core handler, the wsgi4j Jetty adapter, the bare
 * servlet and the wsgi4j Servlet bridge, each built by {@link EnginePeers} exactly as the load run
 * builds it, with a {@link LocalConnector} in place of the socket. Jetty parses the request and
 * generates the response as on a socket, so the difference between a bare peer and its adapter is
 * what the adapter adds per request.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar EngineBenchmark -prof gc
 * }</pre>
 *
 * <p>Read {@code gc.alloc.rate.norm} (bytes per request, counted over all threads: Jetty hands the
 * request to a pool thread); the time includes that hand-off and the in-memory endpoint, so on a busy
 * machine only the allocation figure is worth comparing.
 *
 * @since 0.2
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class EngineBenchmark {
    /** wrk's request: the target and Host only. */
    private static final byte[] REQUEST = "GET /plaintext HTTP/1.1\r\nHost: localhost:8080\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    /** Which engine peer serves the request (the names of {@code PeerMain}). */
    @Param({"jetty-blocking", "wsgi4j-jetty", "servlet", "wsgi4j-servlet"})
    public String server;

    private Server jetty;
    private LocalConnector.LocalEndPoint endPoint;

    /** Starts the peer on a local connector and checks that it answers as every peer answers. */
    @Setup
    public void setUp() throws Exception {
        jetty = EnginePeers.build(server, s -> new LocalConnector(s, new HttpConnectionFactory(EnginePeers.config())));
        jetty.start();
        endPoint = ((LocalConnector) jetty.getConnectors()[0]).connect();
        String response = BufferUtil.toString(request(), StandardCharsets.ISO_8859_1);
        String expected = "HTTP/1.1 200 OK|Content-Length: 13|Content-Type: text/plain|Hello, World!";
        if (!expected.equals(withoutDate(response))) {
            throw new IllegalStateException(server + " answered " + response.replace("\r\n", "|")
                    + " instead of (apart from Date, in any header order) " + expected + "; the benchmark is broken");
        }
    }

    /** The response without its Date line, its header lines sorted, separated by {@code |}. */
    private static String withoutDate(String response) {
        int end = response.indexOf("\r\n\r\n");
        String[] head = response.substring(0, end).split("\r\n");
        String fields = Arrays.stream(head, 1, head.length).filter(l -> !l.startsWith("Date: ")).sorted()
                .collect(Collectors.joining("|"));
        return head[0] + "|" + fields + "|" + response.substring(end + 4);
    }

    /** Stops the peer. */
    @TearDown
    public void tearDown() throws Exception {
        jetty.stop();
    }

    /** One request on the kept-alive local connection, and its whole response. */
    @Benchmark
    public ByteBuffer request() throws Exception {
        endPoint.addInputAndExecute(ByteBuffer.wrap(REQUEST));
        ByteBuffer response = endPoint.waitForResponse(false, 10, TimeUnit.SECONDS);
        if (response == null) {
            throw new IllegalStateException(server + " sent no response within 10 s");
        }
        return response;
    }
}
