// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stranger's first hour, following only the README's "30 seconds" section: a new Maven project made
 * of the README's {@code pom.xml} block and its four Java blocks, {@code mvn -o test} in it, then the
 * README's commands to run the application with the command line, two requests, and one access-log line
 * for each; then its commands to record the requests with Flight Recorder and print the events.
 *
 * <p>It needs this build's artifacts installed in a local repository of their own (never in
 * {@code ~/.m2}, where a snapshot would mislead other builds), so it runs only when
 * {@code wsgi4j.freshProject.repo} names one; {@code .ci/run} installs them and runs it. Whatever else
 * the new project needs is read from {@code wsgi4j.freshProject.tail} (default {@code ~/.m2/repository})
 * without writing there (Maven's {@code maven.repo.local.tail}). The new project builds offline, so the
 * plugins Maven uses by default must be there too; {@code -Dwsgi4j.freshProject.online=true} lets it
 * download what is missing into the throwaway repository instead.
 */
@EnabledIfSystemProperty(named = "wsgi4j.freshProject.repo", matches = ".+",
        disabledReason = "needs this build installed in a throwaway repository; .ci/run sets wsgi4j.freshProject.repo")
class FreshProjectTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern SERVING = Pattern.compile("Serving HTTP on 127\\.0\\.0\\.1 port (\\d+)");
    /** Marks the end of a process's output in the queues of {@link #lines}. */
    private static final String EOF = "\u0000EOF";

    private final Path repo = Path.of(System.getProperty("wsgi4j.freshProject.repo")).toAbsolutePath();
    private final Path tail = Path.of(System.getProperty("wsgi4j.freshProject.tail",
            System.getProperty("user.home") + "/.m2/repository")).toAbsolutePath();

    @Test
    void theReadmesNewProjectBuildsTestsServesWithAnAccessLogAndRecordsRequestEvents(@TempDir Path project)
            throws Exception {
        List<FencedBlock> readme = MarkdownBlocks.of("README.md", Files.readString(ROOT.resolve("README.md")));
        int tests = writeProject(readme, project);

        String testRun = maven(project, List.of("test"));
        assertTrue(testRun.contains("Tests run: " + tests + ", Failures: 0, Errors: 0, Skipped: 0"),
                "the new project should run the README's " + tests + " tests, all passing:\n" + testRun);

        List<String> commands = commands(readme, "io.wsgi4j.cli.Main");
        String mvn = commands.get(0);
        assertTrue(mvn.startsWith("mvn "), "the README's first command to run the app should be Maven's: " + mvn);
        maven(project, List.of(mvn.substring(4).trim().split("\\s+")));

        List<String> names = List.of("Ada", "Grace");
        List<String> accessLog = serveAndRequest(project, onAFreePort(commands.get(1)), names);
        for (int i = 0; i < names.size(); i++) {
            String line = i < accessLog.size() ? accessLog.get(i) : null;
            assertTrue(line != null && line.matches("127\\.0\\.0\\.1 - - \\[[^\\]]+\\] \"GET /\\?name=" + names.get(i)
                    + " HTTP/1\\.1\" 200 " + ("Hello " + names.get(i) + "!").length()),
                    "access-log line for " + names.get(i) + ": " + line);
        }
        assertEquals(names.size(), accessLog.size(), "one access-log line per request, nothing else: " + accessLog);

        List<String> recording = commands(readme, "StartFlightRecording");
        assertTrue(recording.get(1).startsWith("jfr print "), "the README's second recording command should print"
                + " the events: " + recording.get(1));
        serveAndRequest(project, onAFreePort(recording.get(0)), List.of("Edsger"));
        String events = run(project, recording.get(1));
        assertEquals(1, events.split("io\\.wsgi4j\\.Request \\{", -1).length - 1, "one request event:\n" + events);
        for (String field : List.of("transport = \"http\"", "method = \"GET\"", "path = \"/\"", "status = 200",
                "bytesOut = 13 bytes", "aborted = false")) {
            assertTrue(events.contains(field), "the request event should show " + field + ":\n" + events);
        }
    }

    /** {@code command} on a free port of the loopback interface instead of 8000 on every interface. */
    private static String onAFreePort(String command) {
        assertTrue(command.contains("--port 8000"), "the README's java command should name port 8000: " + command);
        return command.replace("--port 8000", "--host 127.0.0.1 --port 0");
    }

    /** Writes the README's pom.xml and Java blocks into {@code project}; returns the number of tests. */
    private static int writeProject(List<FencedBlock> readme, Path project) throws IOException {
        FencedBlock pom = readme.stream().filter(b -> "pom.xml".equals(b.markers().get("new project"))).findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no block marked <!-- new project: pom.xml -->"));
        Files.writeString(project.resolve("pom.xml"), pom.text());
        int tests = 0;
        int files = 0;
        Pattern source = Pattern.compile(".*/src/(main|test)/java/.*?([^/]+\\.java)");
        for (FencedBlock b : readme) {
            Matcher m = source.matcher(b.marker(FencedBlock.SOURCE).orElse(""));
            if (b.language().equals("java") && m.matches()) {
                Path file = project.resolve("src/" + m.group(1) + "/java/" + m.group(2));
                Files.createDirectories(file.getParent());
                Files.writeString(file, b.text());
                files++;
                tests += b.text().split("@Test\\b", -1).length - 1;
            }
        }
        assertEquals(4, files, "README.md should show the new project's two classes and their two tests");
        return tests;
    }

    /** The lines of the README's first sh block that contains {@code text}, without comments and curl. */
    private static List<String> commands(List<FencedBlock> readme, String text) {
        FencedBlock run = readme.stream()
                .filter(b -> b.language().equals("sh") && b.text().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no sh block with " + text));
        List<String> commands = new ArrayList<>();
        for (String line : run.text().split("\n")) {
            String command = line.replaceFirst("\\s+#.*$", "").trim();
            if (!command.isEmpty() && !command.startsWith("curl ")) {
                commands.add(command);
            }
        }
        assertEquals(2, commands.size(), "expected two commands in README.md's block at " + run.where());
        return commands;
    }

    /** Runs the build's Maven wrapper (offline unless told) in {@code project} on this JDK; returns its output. */
    private String maven(Path project, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B",
                "-Dmaven.repo.local=" + repo, "-Dmaven.repo.local.tail=" + tail));
        if (!Boolean.getBoolean("wsgi4j.freshProject.online")) {
            command.add("-o");
        }
        command.addAll(args);
        Path log = Files.createTempFile(project.getParent(), "mvn", ".log");
        Process p = processIn(project, command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        String output = Files.readString(log);
        Files.delete(log);
        if (!done) {
            p.destroyForcibly();
        }
        assertTrue(done && p.exitValue() == 0, String.join(" ", command) + " failed:\n" + output);
        return output;
    }

    private static ProcessBuilder processIn(Path dir, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        String javaHome = System.getProperty("java.home");
        env.put("JAVA_HOME", javaHome);
        env.put("PATH", javaHome + "/bin:" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.remove("MAVEN_OPTS");
        return pb;
    }

    /**
     * Starts {@code command}, asks it to greet each of {@code names} and checks the answers, stops it with
     * SIGTERM (as Ctrl-C would), and returns what it printed on standard output.
     */
    private static List<String> serveAndRequest(Path project, String command, List<String> names) throws Exception {
        // standard output goes to a file, read once the server has exited: a thread reading the pipe
        // can lose the last lines when the JDK closes the pipe as the process ends ("Stream closed")
        Path stdout = Files.createTempFile(project.getParent(), "stdout", ".txt");
        Process server = processIn(project, List.of("bash", "-c", "exec " + command))
                .redirectOutput(stdout.toFile()).start();
        try {
            BlockingQueue<String> err = lines(server.getErrorStream());
            int port = port(err, server);
            HttpClient client = HttpClient.newHttpClient();
            for (String name : names) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/?name=" + name)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertEquals("Hello " + name + "!", r.body());
            }
            server.destroy();   // SIGTERM: the command line drains and exits with 0
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the server did not stop on SIGTERM");
            assertEquals(0, server.exitValue(), "exit status after SIGTERM; standard error: " + err);
            List<String> printed = new ArrayList<>();
            for (String line : Files.readAllLines(stdout)) {
                if (!line.contains("[jfr,startup]")) {   // the JVM's own note that a recording started
                    printed.add(line);
                }
            }
            return printed;
        } finally {
            server.destroyForcibly();
            Files.deleteIfExists(stdout);
        }
    }

    /** Runs a README shell command in {@code project} with this JDK's tools; returns its standard output. */
    private static String run(Path project, String command) throws Exception {
        Process p = processIn(project, List.of("bash", "-c", command)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, command + " failed:\n" + output);
        return output;
    }

    /** The lines of {@code in}, read on a thread of their own, ending with {@link #EOF}. */
    private static BlockingQueue<String> lines(InputStream in) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(read failed: " + e + ")");
            }
            lines.add(EOF);
        }, "fresh-project-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static int port(BlockingQueue<String> err, Process server) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        for (String line; (line = err.poll(120, TimeUnit.SECONDS)) != null && !line.equals(EOF); ) {
            seen.add(line);
            Matcher m = SERVING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the server did not say where it listens (alive: " + server.isAlive() + "): " + seen);
    }
}
