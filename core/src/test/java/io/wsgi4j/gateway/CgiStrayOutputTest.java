// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Under CGI standard output is the response (RFC 3875 section 6): what an application or a library
 * prints with {@code System.out} (a stray debug line, a logger's console appender) must not land in
 * it, ahead of the header section or inside the body. It goes to standard error, which the web
 * server logs. Runs a real CGI process, as a web server would.
 */
class CgiStrayOutputTest {
    /** The CGI program: an application that prints to System.out before and after starting its response. */
    public static void main(String[] args) {
        System.exit(CgiGateway.run((env, sr) -> {
            System.out.println("stray line before the response");
            sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            System.out.print("stray text inside the body");
            System.out.flush();
            return Body.of("the body");
        }));
    }

    @Test
    void whatTheApplicationPrintsToSystemOutGoesToStandardErrorNotIntoTheResponse() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CgiStrayOutputTest.class.getName());
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
        for (String stray : List.of("stray line before the response", "stray text inside the body")) {
            assertTrue(errors.contains(stray), errors);
        }
    }
}
