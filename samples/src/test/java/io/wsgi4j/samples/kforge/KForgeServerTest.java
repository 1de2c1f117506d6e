// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wsgi4j.samples.kforge.store.Json;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KForgeServerTest {

    @Nested
    class Options {
        @Test
        void readsEveryOption() {
            Map<String, String> opts = KForgeServer.parse(new String[] {
                "--port", "0", "--data", "d", "--fastcgi", "unix:/tmp/k.sock", "--secure-cookies", "--host", "::1"});

            assertEquals(Map.of("--port", "0", "--data", "d", "--fastcgi", "unix:/tmp/k.sock",
                    "--secure-cookies", "true", "--host", "::1"), opts);
        }

        @Test
        void refusesUnknownOptionsAndMissingValues() {
            assertThrows(IllegalArgumentException.class, () -> KForgeServer.parse(new String[] {"--prot", "1"}));
            assertThrows(IllegalArgumentException.class, () -> KForgeServer.parse(new String[] {"--port"}));
            assertThrows(IllegalArgumentException.class, () -> KForgeServer.parse(new String[] {"--port", "x"}));
            assertThrows(IllegalArgumentException.class, () -> KForgeServer.parse(new String[] {"--port", "70000"}));
            assertThrows(IllegalArgumentException.class,
                    () -> KForgeServer.parse(new String[] {"--trusted-proxies", "-1"}));
            assertThrows(IllegalArgumentException.class,
                    () -> KForgeServer.parse(new String[] {"--trusted-proxies", "two"}));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KForgeServer.parse(
                    new String[] {"--fastcgi", "127.0.0.1:0", "--trusted-proxies", "1"}));
            assertTrue(e.getMessage().contains("--trusted-proxies is for HTTP"), e.getMessage());
            assertEquals("0", KForgeServer.parse(new String[] {"--fastcgi", "127.0.0.1:0", "--trusted-proxies", "0"})
                    .get("--trusted-proxies"), "0, the default, is no mistake behind FastCGI");
        }
    }

    /** The command line speaks to a person: usage on --help, one clear line on a failed start, no trace. */
    @Nested
    class CommandLine {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        private int run(String... args) {
            return KForgeServer.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
        }

        @Test
        void printsUsageForHelpAndExitsZero() {
            assertEquals(0, run("--help"));
            assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: "), out::toString);
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("--port N"), out::toString);
        }

        @Test
        void namesAWrongOptionThenTheUsageAndExitsTwo() {
            assertEquals(2, run("--prot", "1"));
            String text = err.toString(StandardCharsets.UTF_8);
            assertTrue(text.startsWith("kforge: unknown option \"--prot\"\nUsage: "), text);
        }

        @Test
        void reportsABusyPortInOneLineAndLeavesNoDataDirectory(@TempDir Path tmp) throws Exception {
            Path data = tmp.resolve("kforge-data");
            try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(1, run("--port", Integer.toString(busy.getLocalPort()), "--data", data.toString()));
            }
            String text = err.toString(StandardCharsets.UTF_8);
            assertTrue(text.startsWith("kforge: cannot listen on 127.0.0.1:"), text);
            assertTrue(text.contains("--port N"), text);
            assertEquals(1, text.lines().count(), text);
            assertFalse(text.contains("\tat "), "no stack trace: " + text);
            assertFalse(Files.exists(data), "a failed first start must not leave " + data);
        }

        @Test
        void aBusyFastCgiAddressIsAnsweredWithTheFastCgiOption(@TempDir Path tmp) throws Exception {
            Path data = tmp.resolve("kforge-data");
            try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(1, run("--fastcgi", "127.0.0.1:" + busy.getLocalPort(), "--data", data.toString()));
            }
            String text = err.toString(StandardCharsets.UTF_8);
            assertTrue(text.startsWith("kforge: cannot listen on fastcgi 127.0.0.1:"), text);
            assertTrue(text.contains("--fastcgi HOST:PORT"), text);
            assertFalse(text.contains("--port"), "--port does nothing with --fastcgi: " + text);
        }

        @Test
        void keepsAnExistingDataDirectoryAfterAFailedStart(@TempDir Path data) throws Exception {
            Files.writeString(data.resolve("keep.txt"), "mine");
            try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(1, run("--port", Integer.toString(busy.getLocalPort()), "--data", data.toString()));
            }
            assertEquals("mine", Files.readString(data.resolve("keep.txt")));
        }
    }

    /**
     * Starts KForge as its own JVM, writes in a burst from several clients, kills the process with
     * SIGKILL in the middle, restarts it on the same data, and checks that every write the server
     * acknowledged (answered 303) is there and that every JSON file parses.
     */
    @Nested
    class SurvivingSigkill {
        private static final int WRITERS = 3;

        @TempDir
        Path data;

        @Test
        void keepsEveryAcknowledgedWriteAndLeavesNoBrokenFile() throws Exception {
            Process first = start();
            WebUser alice = new WebUser(baseUrl(first));
            String token = alice.token("/signup");
            assertEquals(303, alice.post("/signup", token, "name", "alice", "password", "alice-secret").statusCode());
            token = alice.token("/projects/"); // signing up started a new session, with a new token
            assertEquals(303, alice.post("/projects/", token, "name", "demo").statusCode());

            // each writer saves revision after revision of its own page; acked[w] is the last one answered 303
            AtomicInteger[] acked = new AtomicInteger[WRITERS];
            Map<Integer, String> ackedTickets = new ConcurrentHashMap<>();
            CountDownLatch enough = new CountDownLatch(WRITERS * 5);
            List<Thread> writers = new ArrayList<>();
            String csrf = token;
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                acked[w] = new AtomicInteger();
                writers.add(new Thread(() -> burst(alice, csrf, writer, acked[writer], ackedTickets, enough)));
            }
            writers.forEach(Thread::start);
            assertTrue(enough.await(120, TimeUnit.SECONDS), "the burst never got going");
            first.destroyForcibly().waitFor(); // SIGKILL while the writers are still writing
            for (Thread t : writers) {
                t.join();
            }

            Process second = start();
            try {
                alice.moveTo(baseUrl(second));
                for (int w = 0; w < WRITERS; w++) {
                    int n = acked[w].get();
                    JsonNode page = Json.mapper().readTree(alice.get("/projects/demo/wiki/Page" + w,
                            "application/json").body());
                    JsonNode revisions = page.get("revisions");
                    assertTrue(revisions.size() >= n, "page " + w + " has " + revisions.size() + " revisions, " + n
                            + " were acknowledged");
                    for (int r = 1; r <= n; r++) {
                        assertEquals("writer " + w + " revision " + r, revisions.get(r - 1).get("text").asText());
                    }
                }
                for (Map.Entry<Integer, String> t : ackedTickets.entrySet()) {
                    JsonNode ticket = Json.mapper().readTree(alice.get("/projects/demo/tickets/" + t.getKey(),
                            "application/json").body());
                    assertEquals(t.getValue(), ticket.get("title").asText());
                }
                assertEveryJsonFileParses();
            } finally {
                second.destroyForcibly().waitFor();
            }
        }

        private void burst(WebUser user, String token, int writer, AtomicInteger acked, Map<Integer, String> tickets,
                CountDownLatch enough) {
            try {
                for (int r = 1; ; r++) {
                    var saved = user.post("/projects/demo/wiki/Page" + writer, token, "text",
                            "writer " + writer + " revision " + r);
                    if (saved.statusCode() != 303) {
                        throw new AssertionError("save answered " + saved.statusCode() + ": " + saved.body());
                    }
                    acked.set(r);
                    enough.countDown();
                    if (writer == 0) {
                        String title = "ticket after revision " + r;
                        var opened = user.post("/projects/demo/tickets/", token, "title", title);
                        String location = opened.headers().firstValue("Location").orElseThrow();
                        tickets.put(Integer.parseInt(location.substring(location.lastIndexOf('/') + 1)), title);
                    }
                }
            } catch (IOException e) {
                // the server was killed: this write was not acknowledged
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void assertEveryJsonFileParses() throws IOException {
            List<Path> files;
            try (Stream<Path> all = Files.walk(data)) {
                files = all.filter(p -> p.toString().endsWith(".json")).toList();
            }
            assertTrue(files.size() >= WRITERS + 2, "expected persons, projects and pages, found " + files);
            for (Path f : files) {
                Json.mapper().readTree(f.toFile()); // throws on a torn or empty file
            }
        }

        private Process start() throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "-Dkforge.pbkdf2.iterations=1000", KForgeServer.class.getName(),
                    "--port", "0", "--data", data.toString());
            pb.redirectErrorStream(true);
            return pb.start();
        }

        /** Reads the process output up to its "KForge ready at" line; keeps draining it afterwards. */
        private String baseUrl(Process p) throws IOException {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            for (String line; (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
                if (line.startsWith("KForge ready at http://")) {
                    Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "drain-kforge-output");
                    drain.setDaemon(true);
                    drain.start();
                    return line.substring("KForge ready at ".length(), line.length() - 1);
                }
            }
            throw new AssertionError("KForge exited before it was ready:\n" + seen);
        }
    }
}
