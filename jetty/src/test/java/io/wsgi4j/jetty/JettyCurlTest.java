// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsgi4j.UrlMap;
import io.wsgi4j.testing.contract.ContractApp;
import io.wsgi4j.testing.contract.TransportProbes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Jetty adapter as curl sees it: the commands docs/DEPLOYING.md shows, run against one server
 * with HTTP/1.1 + h2c on one port and TLS (h2 by ALPN) on another. Skipped with a message when curl
 * is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JettyCurlTest {
    private JettyServer server;
    private Path certificate;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")),
                "curl is not installed (/usr/bin/curl); apt-get install curl");
        Path dir = Files.createTempDirectory("wsgi4j-curl");
        Path keyStore = TestKeyStore.create(dir);
        certificate = TestKeyStore.exportCertificate(keyStore, dir);
        UrlMap app = UrlMap.builder().mount("/probe", new TransportProbes()).mount("/", new ContractApp()).build();
        server = JettyServer.builder(app)
                .host("127.0.0.1").port(0).http2Cleartext()
                .tls(0, keyStore, TestKeyStore.PASSWORD)
                .start();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private record Curl(int exit, String out) {
    }

    private static Curl curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "curl did not finish: " + command);
        return new Curl(p.exitValue(), out);
    }

    @Test
    void http11() throws Exception {
        Curl c = curl("-w", "\n%{http_version}", "http://127.0.0.1:" + server.port() + "/env");
        assertEquals(0, c.exit(), c.out());
        assertTrue(c.out().contains("SERVER_PROTOCOL=HTTP/1.1\n") && c.out().endsWith("\n1.1"), c.out());
    }

    @Test
    void h2cByPriorKnowledge() throws Exception {
        Curl c = curl("--http2-prior-knowledge", "-w", "\n%{http_version}",
                "http://127.0.0.1:" + server.port() + "/env");
        assertEquals(0, c.exit(), c.out());
        assertTrue(c.out().contains("SERVER_PROTOCOL=HTTP/2.0\n") && c.out().endsWith("\n2"), c.out());
    }

    @Test
    void h2cByUpgrade() throws Exception {
        Curl c = curl("--http2", "-w", "\n%{http_version}", "http://127.0.0.1:" + server.port() + "/env");
        assertEquals(0, c.exit(), c.out());
        assertTrue(c.out().contains("SERVER_PROTOCOL=HTTP/2.0\n") && c.out().endsWith("\n2"), c.out());
    }

    @Test
    void tlsWithH2ByAlpn() throws Exception {
        Curl c = curl("--http2", "--cacert", certificate.toString(), "-w", "\n%{http_version}",
                "https://127.0.0.1:" + server.tlsPort() + "/env");
        assertEquals(0, c.exit(), c.out());
        assertTrue(c.out().contains("wsgi.url_scheme") || c.out().contains("SERVER_PROTOCOL=HTTP/2.0\n"), c.out());
        assertTrue(c.out().endsWith("\n2"), c.out());
    }

    @Test
    void anAbortedResponseIsAnErrorForCurlOnEveryProtocol() throws Exception {
        // curl's exit codes: 56 the connection was reset (HTTP/1.1: the adapter resets an aborted connection,
        // so that a close-delimited body cannot look complete either), 92 an HTTP/2 stream error
        String path = "/probe/abort-chunked";
        assertEquals(56, curl("http://127.0.0.1:" + server.port() + path).exit());
        assertEquals(92, curl("--http2-prior-knowledge", "http://127.0.0.1:" + server.port() + path).exit());
        assertEquals(92, curl("--http2", "--cacert", certificate.toString(),
                "https://127.0.0.1:" + server.tlsPort() + path).exit());
    }
}
