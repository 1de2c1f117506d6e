// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.testing.contract.NginxProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/DEPLOYING.md's systemd units, run the way systemd runs them, since no test can run systemd
 * itself: the socket unit's {@code ListenStream} is bound (in a temporary directory), the service's
 * {@code ExecStart} command starts as written with that listening socket as its standard input
 * ({@code StandardInput=socket}), nginx reaches it with the document's upstream and FastCGI location
 * blocks, and {@code systemctl stop}'s SIGTERM ends it with status 0. Skipped when nginx or perl is
 * not installed.
 */
class SystemdUnitTest {
    private static final Path PERL = Path.of("/usr/bin/perl");
    /** Binds a Unix socket, makes it descriptor 0, and execs the command: what StandardInput=socket does. */
    private static final String SOCKET_ON_STDIN = "use IO::Socket::UNIX; use POSIX;"
            + " my $path = shift @ARGV;"
            + " my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => $path, Listen => 128)"
            + " or die qq(cannot listen on $path: $!);"
            + " POSIX::dup2(fileno($s), 0) or die qq(dup2: $!);"
            + " exec { $ARGV[0] } @ARGV or die qq(cannot exec $ARGV[0]: $!);";

    @TempDir
    Path dir;

    @Test
    @DisplayName("the service's ExecStart serves FastCGI on the socket unit's socket passed as stdin; SIGTERM exits 0")
    void theUnitsServeThroughNginxAndStopWithStatusZero() throws Exception {
        NginxProcess.assumeInstalled();
        Assumptions.assumeTrue(Files.isExecutable(PERL), "perl not installed (Debian's perl-base): " + PERL);
        String documentedSocket = value(DocSnippets.block("systemd-socket"), "ListenStream");
        Path socket = dir.resolve("kforge.sock");
        List<String> argv = execStart(Map.of(
                "/usr/bin/java", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "/opt/kforge/wsgi4j-samples.jar", System.getProperty("java.class.path"),
                "/var/lib/kforge", dir.resolve("data").toString()));
        List<String> command = new ArrayList<>(List.of(PERL.toString(), "-e", SOCKET_ON_STDIN, socket.toString()));
        command.addAll(argv);
        Path output = dir.resolve("journal.out");
        Process kforge = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            awaitReady(kforge, output);
            String upstream = DocSnippets.block("nginx-systemd-upstream");
            assertTrue(upstream.contains(documentedSocket), "the upstream names " + documentedSocket
                    + ", the socket unit's ListenStream:\n" + upstream);
            try (NginxProcess nginx = NginxProcess.start(DocSnippets.block("nginx-fastcgi-location"),
                    upstream.replace(documentedSocket, socket.toString()))) {
                WebUser erin = new WebUser("http://127.0.0.1:" + nginx.port());
                HttpResponse<String> signedUp = erin.post("/signup", erin.token("/signup"), "name", "erin",
                        "password", "erin-secret");
                assertEquals(303, signedUp.statusCode(), nginx::log);
                assertEquals(200, erin.get("/admin/", "text/html").statusCode(), "logged in as the site admin");
            }

            kforge.destroy(); // SIGTERM, as systemctl stop sends it
            assertTrue(kforge.waitFor(60, TimeUnit.SECONDS), "KForge did not exit within 60 s of SIGTERM");
            assertEquals(0, kforge.exitValue(), Files.readString(output));
            assertTrue(Files.exists(socket), "the socket belongs to systemd and stays for the next start");
        } finally {
            kforge.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The service unit's ExecStart words, each documented path replaced by the test's. */
    private static List<String> execStart(Map<String, String> replacements) throws Exception {
        String line = value(DocSnippets.block("systemd-service"), "ExecStart");
        List<String> words = new ArrayList<>();
        List<String> unused = new ArrayList<>(replacements.keySet());
        for (String w : DocSnippets.words(line)) {
            words.add(replacements.getOrDefault(w, w));
            unused.remove(w);
        }
        assertEquals(List.of(), unused, "documented paths this test replaces but ExecStart no longer has: " + line);
        assertTrue(words.containsAll(List.of("--fastcgi", "inherited")), "ExecStart serves the inherited socket: "
                + line);
        return words;
    }

    /** The value of {@code key=} in a unit file. */
    private static String value(String unit, String key) {
        return unit.lines().filter(l -> l.startsWith(key + "=")).findFirst()
                .map(l -> l.substring(key.length() + 1))
                .orElseThrow(() -> new AssertionError("the unit has no " + key + "=:\n" + unit));
    }

    private static void awaitReady(Process p, Path output) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (Files.readString(output).contains("KForge ready at fastcgi")) {
                return;
            }
            if (!p.isAlive()) {
                throw new AssertionError("KForge exited (" + p.exitValue() + "):\n" + Files.readString(output));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("KForge not ready within 120 s:\n" + Files.readString(output));
    }
}
