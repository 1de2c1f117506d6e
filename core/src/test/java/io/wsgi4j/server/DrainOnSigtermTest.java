// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

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
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The drain lifecycle end to end: a real SIGTERM ({@code Process.destroy()}) reaches a serving child
 * JVM during a burst of requests; every request that entered the application gets its whole response,
 * every other one is refused before a single response byte, and the process exits 0.
 */
class DrainOnSigtermTest {
    private static final int CLIENTS = 8;

    @Test
    @DisplayName("SIGTERM during a burst: every accepted request completes, the rest are refused cleanly, exit 0")
    void sigtermDrainsInFlightRequestsAndExitsZero() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the child's output goes to a file: reading a pipe while the process exits can fail with "Stream closed"
        Path output = Files.createTempFile("drain-child", ".out");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DrainChild.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(output.toFile()).start();
        List<String> lines = awaitLines(output, child, l -> l.get(0).startsWith("port "));
        int port = Integer.parseInt(lines.get(0).substring("port ".length()));

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<int[]>> results = new java.util.ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                results.add(clients.submit(() -> burst(port)));
            }
            awaitLines(output, child, l -> l.stream().filter("started"::equals).count() >= 2 * CLIENTS);
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not exit within 60 s of SIGTERM");
            lines = Files.readAllLines(output);

            int complete = 0;
            for (Future<int[]> f : results) {
                int[] r = f.get(60, TimeUnit.SECONDS);
                assertEquals(0, r[1], "responses cut off after their first byte: " + r[1]);
                complete += r[0];
            }
            assertEquals(0, child.exitValue(), "exit status after SIGTERM");
            long entered = lines.stream().filter("started"::equals).count();
            assertEquals(entered, complete,
                    "every request that reached the application must get its whole response; output: " + tail(lines));
            assertEquals("drained Readiness(draining)", lines.get(lines.size() - 1));
        } finally {
            clients.shutdownNow();
            child.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }

    /** The child's output lines once {@code enough} holds for them (polled: the output is a file). */
    private static List<String> awaitLines(Path output, Process child, Predicate<List<String>> enough)
            throws IOException, InterruptedException {
        while (true) {
            List<String> lines = Files.readAllLines(output);
            if (!lines.isEmpty() && enough.test(lines)) {
                return lines;
            }
            if (!child.isAlive()) {
                throw new AssertionError("the child exited (" + child.exitValue() + ") early; output: " + lines);
            }
            Thread.sleep(10);
        }
    }

    /** Requests until one is refused; returns {complete responses, partial responses}. */
    private static int[] burst(int port) {
        int complete = 0;
        int partial = 0;
        for (int n = 0; ; n++) {
            byte[] got = request(port, "/burst/" + n);
            if (got.length == 0) {
                return new int[] {complete, partial}; // refused before any byte: the server is draining
            }
            if (isComplete(got)) {
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

    private static boolean isComplete(byte[] response) {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 200 ") || headEnd < 0) {
            return false;
        }
        long xs = text.substring(headEnd + 4).chars().filter(c -> c == 'x').count();
        return xs == DrainChild.BODY_BYTES;
    }

    private static String tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 5), lines.size()).toString();
    }
}
