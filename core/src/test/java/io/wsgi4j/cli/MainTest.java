// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

class MainTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsUsageForHelp() {
        assertEquals(0, run("--help"));
        String usage = out.toString(StandardCharsets.UTF_8);
        assertTrue(usage.startsWith("usage: java -cp CLASSPATH io.wsgi4j.cli.Main [options] APP\n"), usage);
        // the jar is named as the build makes it (with its version), never as a file that does not exist
        assertFalse(usage.contains("wsgi4j-core.jar"), usage);
        assertFalse(usage.contains("VERSION"), usage);
        assertTrue(usage.contains("wsgi4j-core-<version>.jar"), usage);
    }

    @Test
    void exitsWith2AndNamesTheMissingModuleForAnAccessLogWithoutMiddleware() {
        // core's tests run without wsgi4j-middleware, as a user with only core on the class path would
        assertEquals(2, run("--demo", "--access-log", "-"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("wsgi4j: --access-log needs wsgi4j-middleware"
                + " on the class path"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void exitsWith2AndAHintForABadCommandLine() {
        assertEquals(2, run("--port", "x", "--demo"));
        assertEquals("wsgi4j: --port must be a number 0..65535, got \"x\"\ntry --help\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void exitsWith2ForATimeoutBeyondADayInsteadOfCrashingAtStart() {
        assertEquals(2, run("--demo", "--port", "0", "--idle-timeout", "9999999999999"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("wsgi4j: --idle-timeout: idleTimeout must be at"
                + " most 24 hours"), err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, run("--demo", "--fastcgi", "127.0.0.1:0", "--header-timeout", "9999999999999"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("wsgi4j: --header-timeout: headerTimeout must"
                + " be at most 24 hours"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void exitsWith2NamingThreadsForAPoolLargerThanTheMost() {
        assertEquals(2, run("--demo", "--port", "0", "--threads", "100001"));
        assertEquals("wsgi4j: --threads: workers must be between 1 and 100000, got 100001 (from \"100001\")\n"
                + "try --help\n", err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, run("--demo", "--fastcgi", "127.0.0.1:0", "--threads", "100001"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("wsgi4j: --threads: workers must be between 1"
                + " and 100000"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void exitsWith2NamingTheOptionForVirtualThreadsBeforeJava21() {
        // a command-line user is told what to type, not the name of a Java constant
        assertEquals(2, run("--demo", "--port", "0", "--threads", "virtual"));
        assertEquals("wsgi4j: --threads virtual needs Java 21 or later, this is Java " + Runtime.version().feature()
                + "; use auto (virtual threads where there are any) or platform\ntry --help\n",
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, run("--demo", "--fastcgi", "127.0.0.1:0", "--threads", "virtual"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("wsgi4j: --threads virtual needs Java 21"),
                err.toString(StandardCharsets.UTF_8));
    }

    /** An application whose start-up fails, as one does when its database or configuration is missing. */
    public static final class FailsToStart implements io.wsgi4j.Application {
        public FailsToStart() {
            throw new IllegalStateException("database unreachable");
        }

        @Override
        public Iterable<byte[]> call(io.wsgi4j.Environ environ, io.wsgi4j.StartResponse startResponse) {
            return List.of();
        }
    }

    public static io.wsgi4j.Application failingFactory() {
        throw new IllegalStateException("config file missing");
    }

    @Test
    void anApplicationThatFailsToStartIsReportedWithItsStackTraceAndNoUsageHint() {
        // the failure is the application's, not the command line's: the operator needs where it was thrown
        assertEquals(2, run("io.wsgi4j.cli.MainTest$FailsToStart::new"));
        String constructorFailure = err.toString(StandardCharsets.UTF_8);
        assertTrue(constructorFailure.startsWith("wsgi4j: constructing \"io.wsgi4j.cli.MainTest$FailsToStart::new\""
                + " failed: java.lang.IllegalStateException: database unreachable\n"), constructorFailure);
        assertTrue(constructorFailure.contains("\tat io.wsgi4j.cli.MainTest$FailsToStart.<init>("), constructorFailure);
        assertFalse(constructorFailure.contains("try --help"), constructorFailure);
        err.reset();
        assertEquals(2, run("io.wsgi4j.cli.MainTest::failingFactory"));
        String factoryFailure = err.toString(StandardCharsets.UTF_8);
        assertTrue(factoryFailure.contains("\tat io.wsgi4j.cli.MainTest.failingFactory("), factoryFailure);
        assertFalse(factoryFailure.contains("try --help"), factoryFailure);
    }

    @Test
    void exitsWith2ForAnApplicationThatCannotBeLoaded() {
        assertEquals(2, run("com.example.Missing::app"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no class \"com.example.Missing\""));
    }

    @Test
    void servesExactlyOneRequestWithOnceAndExits() throws Exception {
        PipedOutputStream pipe = new PipedOutputStream();
        BufferedReader lines = new BufferedReader(new InputStreamReader(new PipedInputStream(pipe),
                StandardCharsets.UTF_8));
        PrintStream errors = new PrintStream(pipe, true, StandardCharsets.UTF_8);
        int[] status = {-1};
        Thread main = new Thread(() -> status[0] = Main.run(
                new String[] {"--demo", "--once", "--host", "127.0.0.1", "--port", "0"}, System.out, errors));
        main.start();
        String line = lines.readLine();
        assertTrue(line.startsWith("Serving one request on 127.0.0.1 port "), line);
        int port = Integer.parseInt(line.replaceAll("\\D+", " ").trim().split(" ")[4]);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /hi HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
            assertTrue(response.contains("Hello world!"), response);
            assertTrue(response.contains("PATH_INFO=/hi"), response);
        }
        main.join(10_000);
        assertEquals(0, status[0]);
    }

    @Test
    void exitsWith1WhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertEquals(1, run("--demo", "--host", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort())));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot listen"), err.toString());
        }
    }

    @Test
    void aGatewayThatCannotListenSaysWhereInOneLine(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        String socket = tmp.resolve("no-such-dir").resolve("app.sock").toString();
        assertEquals(1, run("--demo", "--fastcgi", "unix:" + socket));
        assertEquals("wsgi4j: cannot listen on unix:" + socket + ": No such file or directory\n",
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertEquals(1, run("--demo", "--scgi", "127.0.0.1:" + taken.getLocalPort()));
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("wsgi4j: cannot listen on 127.0.0.1:"), text);
        assertTrue(text.contains("Address already in use"), text);
        assertEquals(1, text.lines().count(), text);
    }

    @Test
    void aFileInTheWayOfTheGatewaySocketIsOneLineAndStatus1(@org.junit.jupiter.api.io.TempDir Path tmp) {
        assertEquals(1, run("--demo", "--scgi", "unix:" + tmp));
        assertEquals("wsgi4j: cannot listen on unix:" + tmp + ": a file or directory is in the way; remove it,"
                + " or choose another socket path\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void exitsWith1WhenTheFastCgiPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertEquals(1, run("--demo", "--fastcgi", "127.0.0.1:" + taken.getLocalPort()));
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("wsgi4j: "), err.toString());
        }
    }

    @Test
    void logsOneLinePerRecordUnlessJavaUtilLoggingIsConfigured() throws Exception {
        // a process of its own: the format is fixed when java.util.logging first formats a record
        Process p = cli("--demo", "--fastcgi", "127.0.0.1:0");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String first = lines.readLine();
            assertTrue(first != null && first.matches(
                    "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d INFO io\\.wsgi4j\\.gateway: FastCGI gateway on .*"),
                    "first line: " + first);
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void aGatewayStoppedByTermLogsTheDrainAndThatEveryRequestFinished() throws Exception {
        Process p = cli("--demo", "--fastcgi", "127.0.0.1:0");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String first = lines.readLine();
            assertTrue(first != null && first.contains("FastCGI gateway on "), "first line: " + first);
            // SIGTERM, as an operator's kill or systemd sends it (Process.destroy would also close our end of its output)
            assertEquals(0, new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor());
            StringBuilder rest = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                rest.append(line).append('\n');
            }
            assertEquals(0, p.waitFor(), rest::toString);
            assertTrue(rest.toString().contains("INFO io.wsgi4j.gateway: stopping the FastCGI gateway on /127.0.0.1:"),
                    rest::toString);
            assertTrue(rest.toString().contains("INFO io.wsgi4j.gateway: stopped the FastCGI gateway: every request in"
                    + " flight finished"), rest::toString);
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void aPeerRefusedAgainAndAgainDoesNotLogAWarningForEachConnection() throws Exception {
        Process p = cli("--demo", "--fastcgi", "127.0.0.1:0", "--allowed-peers", "192.0.2.1");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String first = lines.readLine();
            assertTrue(first != null && first.contains("FastCGI gateway on /127.0.0.1:"), "first line: " + first);
            int port = Integer.parseInt(first.replaceAll(".*FastCGI gateway on /127\\.0\\.0\\.1:(\\d+).*", "$1"));
            int connections = 50;
            for (int i = 0; i < connections; i++) {
                try (Socket refused = new Socket("127.0.0.1", port)) {
                    // the gateway closes a refused connection once it has logged (or counted) the refusal
                    assertEquals(-1, refused.getInputStream().read());
                } catch (java.net.SocketException reset) {
                    // closed with a reset: refused all the same
                }
            }
            assertEquals(0, new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor());
            List<String> refusals = new java.util.ArrayList<>();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.contains("refused")) {
                    refusals.add(line);
                }
            }
            assertEquals(0, p.waitFor());
            assertFalse(refusals.isEmpty(), "the refusals are logged");
            assertTrue(refusals.get(0).contains("WARNING io.wsgi4j.gateway: refused a connection from /127.0.0.1:"),
                    refusals.get(0));
            // the first refusal, then at most a summary a minute: a burst is a line or two, not one per connection
            assertTrue(refusals.size() <= 2, refusals.size() + " lines for " + connections + " refusals: " + refusals);
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    /** The command line in a process of its own, its standard error merged into its output. */
    private static Process cli(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
