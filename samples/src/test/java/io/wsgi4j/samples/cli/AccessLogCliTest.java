// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.cli.Main;
import io.wsgi4j.testing.contract.ContractResponse;
import io.wsgi4j.testing.contract.HttpWire;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --access-log} from the command line, with wsgi4j-middleware on the class path (as in the
 * samples jar): one Common Log Format line per request, to a file or to standard output.
 */
class AccessLogCliTest {
    private static final Pattern SERVING = Pattern.compile("Serving one request on \\S+ port (\\d+)");
    private static final Pattern LINE =
            Pattern.compile("127\\.0\\.0\\.1 - - \\[[^\\]]+\\] \"GET /hello\\?x=1 HTTP/1\\.1\" 200 \\d+");

    /** Standard error of the command line; tells when the server has said which port it bound. */
    private static final class Announcements extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CountDownLatch serving = new CountDownLatch(1);

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            if (b == '\n' && SERVING.matcher(bytes.toString(StandardCharsets.UTF_8)).find()) {
                serving.countDown();
            }
        }

        synchronized int port() {
            Matcher m = SERVING.matcher(bytes.toString(StandardCharsets.UTF_8));
            assertTrue(m.find(), bytes.toString(StandardCharsets.UTF_8));
            return Integer.parseInt(m.group(1));
        }
    }

    /** Runs the demo for one request with {@code --access-log target} and sends it GET /hello?x=1. */
    private static void serveOneRequest(String target, ByteArrayOutputStream stdout) throws Exception {
        Announcements err = new Announcements();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Main.run(
                new String[] {"--demo", "--once", "--port", "0", "--access-log", target},
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.serving.await(30, TimeUnit.SECONDS) || exit.isDone(),
                "the server did not start: " + err.bytes);
        ContractResponse r = new HttpWire("127.0.0.1", err.port()).send("GET", "/hello?x=1", Map.of(), null);
        assertEquals(200, r.status());
        assertEquals(0, exit.get(30, TimeUnit.SECONDS), err.bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesOneCommonLogFormatLinePerRequestToTheFile(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("access.log");
        serveOneRequest(log.toString(), new ByteArrayOutputStream());
        List<String> lines = Files.readAllLines(log);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(LINE.matcher(lines.get(0)).matches(), lines.get(0));
    }

    @Test
    void writesToStandardOutputForDash() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        serveOneRequest("-", stdout);
        String[] lines = stdout.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(1, lines.length, stdout.toString(StandardCharsets.UTF_8));
        assertTrue(LINE.matcher(lines[0]).matches(), lines[0]);
    }

    @Test
    void underCgiWritesTheDashLogToStandardErrorNotIntoTheResponse() throws Exception {
        // run as a web server runs a CGI program (RFC 3875): the request in the environment, the body on
        // stdin, and stdout is the response, which must start with its header section, nothing before it
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--demo", "--cgi", "--access-log", "-");
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "GATEWAY_INTERFACE", "CGI/1.1",
                "REQUEST_METHOD", "GET", "SCRIPT_NAME", "/hello", "QUERY_STRING", "x=1", "SERVER_NAME", "localhost",
                "SERVER_PORT", "80", "SERVER_PROTOCOL", "HTTP/1.1", "REMOTE_ADDR", "127.0.0.1"));
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> text(p.getErrorStream()));
        String stdout = text(p.getInputStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the CGI program did not exit");
        assertEquals(0, p.exitValue(), stderr.get());
        assertTrue(stdout.startsWith("Status: 200 OK\r\n") && stdout.contains("Hello world!"), stdout);
        assertTrue(LINE.matcher(stderr.get()).find(), stderr.get());
    }

    private static String text(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
