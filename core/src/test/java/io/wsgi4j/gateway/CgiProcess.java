// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A CGI program run as a web server runs it: a new JVM on this test class path, a CGI environment
 * for {@code GET /cgi/x} and no body; its standard output, standard error and exit status.
 */
public record CgiProcess(String stdout, String stderr, int exitValue) {
    /** Runs {@code mainClass} with {@code args} and waits (at most a minute) for it to exit. */
    public static CgiProcess run(String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
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
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the CGI process did not exit");
        return new CgiProcess(out, new String(err.get(60, TimeUnit.SECONDS), StandardCharsets.UTF_8), p.exitValue());
    }
}
