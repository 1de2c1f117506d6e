// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.contract;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx for end-to-end tests: its own temporary prefix and configuration, a free loopback
 * port, started in the foreground and stopped by {@link #close()}. Tests call
 * {@link #assumeInstalled()} first, so they skip (not fail) where nginx is absent.
 *
 * <pre>{@code
 * try (NginxProcess nginx = NginxProcess.start("location / { fastcgi_pass 127.0.0.1:9000; include fastcgi_params; }", "")) {
 *     new HttpWire("127.0.0.1", nginx.port()).send("GET", "/", Map.of(), null);
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class NginxProcess implements AutoCloseable {
    private static final List<String> CANDIDATES = List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx",
            "/usr/local/nginx/sbin/nginx", "/usr/bin/nginx");

    private final Process process;
    private final Path prefix;
    private final int port;

    private NginxProcess(Process process, Path prefix, int port) {
        this.process = process;
        this.prefix = prefix;
        this.port = port;
    }

    /** The nginx binary, or null when none is installed. @since 0.1 */
    public static String binary() {
        for (String c : CANDIDATES) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        return null;
    }

    /** Skips the calling test when nginx is not installed. @since 0.1 */
    public static void assumeInstalled() {
        org.junit.jupiter.api.Assumptions.assumeTrue(binary() != null,
                "nginx not installed: apt-get install nginx-light (looked in " + CANDIDATES + ")");
    }

    /** A free loopback TCP port (free when asked; taken soon after by the caller). @since 0.1 */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts nginx with one server on a free loopback port.
     *
     * @param serverBody directives inside {@code server { }} (locations); {@code fastcgi_params} and
     *     {@code scgi_params} (the Debian files' content) can be included by name
     * @param httpExtra directives at the {@code http { }} level (upstreams)
     * @since 0.1
     */
    public static NginxProcess start(String serverBody, String httpExtra) throws IOException, InterruptedException {
        String bin = binary();
        if (bin == null) {
            throw new IllegalStateException("nginx not installed; call NginxProcess.assumeInstalled() first");
        }
        Path prefix = Files.createTempDirectory("wsgi4j-nginx-");
        int port = freePort();
        Files.writeString(prefix.resolve("fastcgi_params"), PARAMS.replace("@", "fastcgi_param")
                + "fastcgi_param  CONTENT_LENGTH     $content_length;\n");
        Files.writeString(prefix.resolve("scgi_params"), PARAMS.replace("@", "scgi_param")
                + "scgi_param  SCGI  1;\n");
        String root = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        String conf = root
                + "daemon off;\nmaster_process on;\nworker_processes 1;\n"
                + "error_log " + prefix.resolve("error.log") + " warn;\npid " + prefix.resolve("nginx.pid") + ";\n"
                + "events { worker_connections 4096; }\n"
                + "http {\n  access_log off;\n  client_max_body_size 64m;\n"
                + "  client_body_temp_path " + prefix.resolve("client_body") + ";\n"
                + "  fastcgi_temp_path " + prefix.resolve("fastcgi_temp") + ";\n"
                + "  scgi_temp_path " + prefix.resolve("scgi_temp") + ";\n"
                + "  proxy_temp_path " + prefix.resolve("proxy_temp") + ";\n"
                + "  uwsgi_temp_path " + prefix.resolve("uwsgi_temp") + ";\n"
                + httpExtra + "\n"
                + "  server {\n    listen 127.0.0.1:" + port + ";\n" + serverBody + "\n  }\n}\n";
        Path confFile = prefix.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        Process p = new ProcessBuilder(bin, "-p", prefix + "/", "-e", prefix.resolve("error.log").toString(),
                "-c", confFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("stdout.log").toFile())
                .start();
        NginxProcess nginx = new NginxProcess(p, prefix, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!nginx.accepts()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String log = nginx.log();
                nginx.close();
                throw new IllegalStateException("nginx did not start:\n" + log + "\nconfig:\n" + conf);
            }
            Thread.sleep(50);
        }
        return nginx;
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The loopback port nginx listens on. @since 0.1 */
    public int port() {
        return port;
    }

    /** The temporary prefix directory (config, logs, temp files). @since 0.1 */
    public Path prefix() {
        return prefix;
    }

    /** nginx's error log and console output so far. @since 0.1 */
    public String log() {
        StringBuilder b = new StringBuilder();
        for (String f : new String[] {"error.log", "stdout.log"}) {
            try {
                b.append(Files.readString(prefix.resolve(f), StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                // not written yet
            }
        }
        return b.toString();
    }

    /** Stops nginx (fast shutdown) and waits for it. @since 0.1 */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(prefix)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }

    // the Debian fastcgi_params/scgi_params content (HTTP_HOST as nginx passes it)
    private static final String PARAMS = ""
            + "@  QUERY_STRING       $query_string;\n"
            + "@  REQUEST_METHOD     $request_method;\n"
            + "@  CONTENT_TYPE       $content_type;\n"
            + "@  REQUEST_URI        $request_uri;\n"
            + "@  DOCUMENT_URI       $document_uri;\n"
            + "@  DOCUMENT_ROOT      $document_root;\n"
            + "@  SERVER_PROTOCOL    $server_protocol;\n"
            + "@  REQUEST_SCHEME     $scheme;\n"
            + "@  HTTPS              $https if_not_empty;\n"
            + "@  GATEWAY_INTERFACE  CGI/1.1;\n"
            + "@  SERVER_SOFTWARE    nginx/$nginx_version;\n"
            + "@  REMOTE_ADDR        $remote_addr;\n"
            + "@  REMOTE_PORT        $remote_port;\n"
            + "@  SERVER_ADDR        $server_addr;\n"
            + "@  SERVER_PORT        $server_port;\n"
            + "@  SERVER_NAME        $server_name;\n";
}
