// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The drain test of every transport: a real SIGTERM reaches a serving child JVM during a burst of
 * HTTP requests; every request that entered the application must get its whole response, every
 * other one must be refused before a single byte of a response, and the child must exit 0.
 *
 * <pre>{@code
 * SigtermBurst child = SigtermBurst.start(List.of(java, "-cp", cp, "my.DrainChild"));
 * SigtermBurst.Result r = child.burst(child.port(), 8, 64 * 1024);   // or a proxy's port in front of it
 * r.assertDrained();
 * }</pre>
 *
 * <p>The child speaks a small protocol on its standard output: {@code port N} once it listens, then
 * {@code started} each time a request enters the application, which answers {@code 200} with
 * exactly {@code bodyBytes} bytes {@code x}, slowly enough (a few hundred milliseconds) that the
 * SIGTERM lands while requests are inside. Clients send {@code GET /burst/N} with
 * {@code Connection: close} until one is refused: no byte at all, or a {@code 502} from a proxy whose
 * only backend refused it.
 *
 * @since 0.2
 */
public final class SigtermBurst {
    private final Process child;
    private final Path output;
    private final int port;

    private SigtermBurst(Process child, Path output, int port) {
        this.child = child;
        this.output = output;
        this.port = port;
    }

    /**
     * Starts the child and waits for its {@code port N} line.
     *
     * @param command the child's command line
     * @return the running child
     * @throws IOException if it cannot start
     * @throws AssertionError if it exits before printing its port
     * @since 0.2
     */
    public static SigtermBurst start(List<String> command) throws IOException, InterruptedException {
        // the output goes to a file: reading a pipe while the process exits can fail with "Stream closed"
        Path output = Files.createTempFile("wsgi4j-drain-child", ".out");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        List<String> lines = awaitLines(output, child, l -> l.stream().anyMatch(s -> s.startsWith("port ")));
        String line = lines.stream().filter(s -> s.startsWith("port ")).findFirst().orElseThrow();
        return new SigtermBurst(child, output, Integer.parseInt(line.substring("port ".length()).strip()));
    }

    /** The port the child printed. @since 0.2 */
    public int port() {
        return port;
    }

    /**
     * Runs {@code clients} clients against {@code 127.0.0.1:httpPort}, sends SIGTERM once two requests
     * per client entered the application, and waits for the child to exit and the clients to stop.
     *
     * @param httpPort where the clients send HTTP: the child's port, or a proxy's in front of it
     * @param clients how many clients run at once
     * @param bodyBytes how many bytes {@code x} a whole response carries
     * @return what the clients saw and the child printed
     * @since 0.2
     */
    public Result burst(int httpPort, int clients, int bodyBytes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                results.add(pool.submit(() -> requestsUntilRefused(httpPort, bodyBytes)));
            }
            awaitLines(output, child, l -> l.stream().filter("started"::equals).count() >= 2L * clients);
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not exit within 60 s of SIGTERM");
            int complete = 0;
            int partial = 0;
            for (Future<int[]> f : results) {
                int[] r = f.get(60, TimeUnit.SECONDS);
                complete += r[0];
                partial += r[1];
            }
            List<String> lines = Files.readAllLines(output);
            return new Result(child.exitValue(), lines.stream().filter("started"::equals).count(), complete, partial,
                    lines);
        } finally {
            pool.shutdownNow();
            child.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }

    /**
     * What one burst showed.
     *
     * @param exitStatus the child's exit status
     * @param started how many requests entered the application
     * @param complete how many whole 200 responses the clients read
     * @param partial how many responses began but were cut off
     * @param output the child's output lines
     * @since 0.2
     */
    public record Result(int exitStatus, long started, int complete, int partial, List<String> output) {
        /**
         * Asserts the drain: no response cut off, one whole response per request that entered the
         * application, exit status 0.
         *
         * @since 0.2
         */
        public void assertDrained() {
            String tail = output.subList(Math.max(0, output.size() - 8), output.size()).toString();
            assertEquals(0, partial, "responses cut off after their first byte; child output: " + tail);
            assertEquals(started, complete,
                    "every request that reached the application must get its whole response; child output: " + tail);
            assertEquals(0, exitStatus, "exit status after SIGTERM; child output: " + tail);
        }
    }

    /** The child's output lines once {@code enough} holds for them (polled: the output is a file). */
    private static List<String> awaitLines(Path output, Process child, Predicate<List<String>> enough)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            List<String> lines = Files.readAllLines(output);
            if (enough.test(lines)) {
                return lines;
            }
            if (!child.isAlive()) {
                throw new AssertionError("the child exited (" + child.exitValue() + ") early; output: " + lines);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the child did not get there within 120 s; output: " + lines);
            }
            Thread.sleep(10);
        }
    }

    /** Requests until one is refused; returns {complete responses, partial responses}. */
    private static int[] requestsUntilRefused(int port, int bodyBytes) {
        int complete = 0;
        int partial = 0;
        for (int n = 0; ; n++) {
            byte[] got = request(port, "/burst/" + n);
            String text = new String(got, StandardCharsets.ISO_8859_1);
            if (got.length == 0 || text.startsWith("HTTP/1.1 502 ")) {
                return new int[] {complete, partial}; // refused before it reached the application
            }
            int headEnd = text.indexOf("\r\n\r\n");
            boolean whole = text.startsWith("HTTP/1.1 200 ") && headEnd >= 0
                    && text.substring(headEnd + 4).chars().filter(c -> c == 'x').count() == bodyBytes;
            if (whole) {
                complete++;
            } else {
                partial++;
            }
        }
    }

    /** The bytes of one GET's response, read until the server closes; empty if refused or reset before any. */
    private static byte[] request(int port, String path) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(60_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            for (int k; (k = in.read(buf)) > 0; ) {
                got.write(buf, 0, k);
            }
        } catch (IOException e) {
            // refused or reset: what was read so far tells whether a response had begun
        }
        return got.toByteArray();
    }
}
