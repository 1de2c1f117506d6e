// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code --cgi}: standard output is the response (RFC 3875 section 6), from the first byte. An application
 * that prints while it is made (a static initializer, a factory method: "connected to the database") runs
 * before the request does, and under CGI a process serves one request, so such a line would precede the
 * header section of every response. It goes to standard error, as what the application prints while it
 * serves does. Runs a real CGI process, as a web server would.
 */
class CgiCliStrayOutputTest {
    /** An application that prints to System.out while it is loaded. */
    public static final class LoudApp {
        public static final Application app;

        static {
            System.out.println("stray line while the application loads");
            app = (env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                return Body.of("the body");
            };
        }

        private LoudApp() {
        }
    }

    @Test
    void whatTheApplicationPrintsWhileItLoadsGoesToStandardErrorNotIntoTheResponse() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--cgi",
                LoudApp.class.getName() + "::app");
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(Map.of("GATEWAY_INTERFACE", "CGI/1.1", "REQUEST_METHOD", "GET", "SCRIPT_NAME", "/cgi",
                "PATH_INFO", "/x", "QUERY_STRING", "", "SERVER_NAME", "localhost", "SERVER_PORT", "80",
                "SERVER_PROTOCOL", "HTTP/1.1"));
        Process p = pb.start();
        p.getOutputStream().close(); // no body
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the CGI process did not exit");
        String errors = new String(err.get(60, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), errors);
        assertEquals("Status: 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n\r\nthe body", out, errors);
        assertTrue(errors.contains("stray line while the application loads"), errors);
    }
}
