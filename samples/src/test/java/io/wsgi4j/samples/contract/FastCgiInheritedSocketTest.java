// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A FastCGI gateway started the way a web server's process manager starts one: {@code cgi-fcgi -start}
 * binds the socket and execs the application with the listening socket as its descriptor 0, and the
 * gateway serves on {@code GatewayAddress.inherited()}.
 */
class FastCgiInheritedSocketTest {
    private static final Path CGI_FCGI = Path.of("/usr/bin/cgi-fcgi");

    @Test
    void servesOnTheListeningSocketItInherited() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CGI_FCGI), "cgi-fcgi not installed: apt-get install libfcgi-bin");
        Path dir = Files.createTempDirectory("wsgi4j-inherited-");
        Path socket = dir.resolve("app.sock");
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        Path launcher = dir.resolve("app.sh");
        Path pidFile = dir.resolve("app.pid");
        // the shell writes its pid, which exec hands on to the JVM: the one way to find the gateway again, since
        // cgi-fcgi -start leaves it orphaned and the JDK truncates a long command line (ProcessHandle.Info)
        Files.writeString(launcher, "#!/bin/sh\necho $$ > '" + pidFile + "'\nexec '" + javaBin + "' -XX:TieredStopAtLevel=1 -cp '"
                + System.getProperty("java.class.path") + "' " + ContractGatewayMain.class.getName()
                + " inherited > '" + dir.resolve("app.log") + "' 2>&1\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        try {
            Process start = new ProcessBuilder(CGI_FCGI.toString(), "-start", "-connect", socket.toString(),
                    launcher.toString()).redirectErrorStream(true).start();
            assertTrue(start.waitFor(30, TimeUnit.SECONDS));
            String response = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!response.contains("chunk 1") && System.nanoTime() < deadline) {
                ProcessBuilder pb = new ProcessBuilder(CGI_FCGI.toString(), "-bind", "-connect", socket.toString());
                pb.environment().clear();
                pb.environment().putAll(java.util.Map.of("REQUEST_METHOD", "GET", "SCRIPT_NAME", "",
                        "PATH_INFO", "/stream", "QUERY_STRING", "chunks=2&delay_ms=0", "SERVER_NAME", "localhost",
                        "SERVER_PORT", "80", "SERVER_PROTOCOL", "HTTP/1.1"));
                Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
                p.getOutputStream().close();
                response = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                p.waitFor(30, TimeUnit.SECONDS);
                if (!response.contains("chunk 1")) {
                    Thread.sleep(100); // the JVM behind the socket is still starting
                }
            }
            assertTrue(response.startsWith("Status: 200 OK\r\n") && response.endsWith("chunk 0\nchunk 1\n"), response);
        } finally {
            stopGateway(pidFile);
        }
    }

    /** Stops the gateway JVM the launcher started (its pid is in {@code pidFile}), and waits until it is gone. */
    private static void stopGateway(Path pidFile) throws Exception {
        if (!Files.exists(pidFile)) {
            return; // cgi-fcgi never ran the launcher
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        var gateway = ProcessHandle.of(pid);
        if (gateway.isPresent()) {
            gateway.get().destroyForcibly();
            gateway.get().onExit().get(30, TimeUnit.SECONDS);
        }
    }
}
