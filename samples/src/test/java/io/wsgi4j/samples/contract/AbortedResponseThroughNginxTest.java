// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.gateway.FastCgiServer;
import io.wsgi4j.gateway.GatewayAddress;
import io.wsgi4j.gateway.ScgiServer;
import io.wsgi4j.testing.contract.ContractApp;
import io.wsgi4j.testing.contract.ContractResponse;
import io.wsgi4j.testing.contract.HttpWire;
import io.wsgi4j.testing.contract.NginxProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * R5.4 through a real nginx: a response that fails after its headers went out (the body raises, ends
 * short of its Content-Length, or calls start_response with excInfo) must reach the client as a
 * truncated transfer (or, when nginx had not yet flushed the head, as no response at all), never
 * as a complete response, and the gateway and nginx's upstream connections must serve the next
 * request normally. One nested class per transport.
 */
class AbortedResponseThroughNginxTest {

    /** FastCGI with {@code fastcgi_keep_conn on} and one pooled upstream connection, so every request reuses it. */
    @org.junit.jupiter.api.Nested
    class FastCgiKeepConn extends Probes {
        @Override
        NginxProcess start() throws Exception {
            FastCgiServer gateway = closeLater(FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), new ContractApp()).start());
            return NginxProcess.start(location("fastcgi_pass wsgi4j;\n  fastcgi_keep_conn on;\n  include fastcgi_params;\n"),
                    "upstream wsgi4j { server 127.0.0.1:" + gateway.port() + "; keepalive 1; }\n");
        }
    }

    /** FastCGI without keep-conn: a connection per request, closed by the gateway. */
    @org.junit.jupiter.api.Nested
    class FastCgiConnectionPerRequest extends Probes {
        @Override
        NginxProcess start() throws Exception {
            FastCgiServer gateway = closeLater(FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), new ContractApp()).start());
            return NginxProcess.start(location("fastcgi_pass 127.0.0.1:" + gateway.port() + ";\n  include fastcgi_params;\n"), "");
        }
    }

    /** FastCGI over a Unix socket, which has no reset, with keep-conn on. */
    @org.junit.jupiter.api.Nested
    class FastCgiUnixSocket extends Probes {
        @Override
        NginxProcess start() throws Exception {
            java.nio.file.Path socket = java.nio.file.Files.createTempDirectory("wsgi4j-fcgi-").resolve("gateway.sock");
            closeLater(FastCgiServer.bind(GatewayAddress.unix(socket), new ContractApp(),
                    io.wsgi4j.gateway.GatewayConfig.builder().unixSocketPermissions("rw-rw----").build()).start());
            return NginxProcess.start(location("fastcgi_pass wsgi4j;\n  fastcgi_keep_conn on;\n  include fastcgi_params;\n"),
                    "upstream wsgi4j { server unix:" + socket + "; keepalive 1; }\n");
        }
    }

    /** SCGI: a connection per request. */
    @org.junit.jupiter.api.Nested
    class Scgi extends Probes {
        @Override
        NginxProcess start() throws Exception {
            ScgiServer gateway = closeLater(ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), new ContractApp()).start());
            return NginxProcess.start(location("scgi_pass 127.0.0.1:" + gateway.port() + ";\n  include scgi_params;\n"), "");
        }
    }

    /**
     * CGI: nginx, fcgiwrap, and a JVM per request running the CGI gateway. Only a body short of its
     * Content-Length can show as failed here: CGI (RFC 3875) gives a script no way to say that its
     * output is incomplete. The gateway exits with status 1, but fcgiwrap ends the FastCGI request
     * with a normal END_REQUEST whatever the exit status (it only passes it on as appStatus, which
     * nginx ignores), so a response without Content-Length that fails midway reaches the client as
     * a complete chunked body (seen with nginx 1.22 and fcgiwrap 1.1: {@code c\r\nfirst
     * chunk\n\r\n0\r\n\r\n}).
     */
    @org.junit.jupiter.api.Nested
    class Cgi extends Probes {
        @Override
        NginxProcess start() throws Exception {
            java.util.List<AutoCloseable> fcgiwrap = new java.util.ArrayList<>();
            NginxProcess nginx = CgiNginxContractTest.startBehindFcgiwrap(fcgiwrap);
            fcgiwrap.forEach(this::closeLater);
            return nginx;
        }

        @Override
        java.util.List<String> hows() {
            return java.util.List.of("short");
        }
    }

    private static String location(String pass) {
        String param = pass.startsWith("scgi") ? "scgi_param" : "fastcgi_param";
        return "location / {\n  " + pass
                + "  " + param + " SCRIPT_NAME \"\";\n"
                + "  " + param + " PATH_INFO $uri;\n"
                + "}\n";
    }

    /** The probes every transport runs; a subclass starts nginx in front of its gateway. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Probes {
        private final java.util.List<AutoCloseable> started = new java.util.ArrayList<>();
        private NginxProcess nginx;

        abstract NginxProcess start() throws Exception;

        <T extends AutoCloseable> T closeLater(T resource) {
            started.add(resource);
            return resource;
        }

        @BeforeAll
        void startNginx() throws Exception {
            NginxProcess.assumeInstalled();
            nginx = start();
        }

        @AfterAll
        void stop() throws Exception {
            if (nginx != null) {
                nginx.close();
            }
            for (AutoCloseable c : started) {
                c.close();
            }
        }

        /** The ways /cut-short fails that this transport can show as failed. */
        java.util.List<String> hows() {
            return java.util.List.of("raise", "short", "excinfo");
        }

        @ParameterizedTest(name = "R5.4 how={0}")
        @org.junit.jupiter.params.provider.MethodSource("hows")
        void aResponseCutShortAfterItsHeadersReachesTheClientTruncatedAndTheNextRequestSucceeds(String how)
                throws Exception {
            for (int round = 0; round < 2; round++) {
                RawResponse cut = RawResponse.get(nginx.port(), "/cut-short?how=" + how);
                assertTrue(cut.status() == 200 || cut.status() == RawResponse.NOTHING,
                        () -> cut + "\nnginx log:\n" + nginx.log());
                assertFalse(cut.complete(), () -> "the cut-short response looks complete: " + cut + "\nnginx log:\n" + nginx.log());
                if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(CURL))) {
                    int exit = curl(nginx.port(), "/cut-short?how=" + how);
                    assertTrue(exit != 0, "curl took the cut-short response for a complete one (exit 0)");
                }
                ContractResponse next = new HttpWire("127.0.0.1", nginx.port()).send("GET", "/big?n=100000", Map.of(), null);
                assertEquals(200, next.status(), () -> "the request after the abort: " + next + "\n" + nginx.log());
                assertEquals(100_000, next.body().length, "the request after the abort got its whole body");
            }
        }
    }

    private static final String CURL = "/usr/bin/curl";

    /** curl's exit status for a GET through nginx: 0 only when it received a complete response. */
    private static int curl(int port, String target) throws Exception {
        Process p = new ProcessBuilder(CURL, "-sS", "-o", "/dev/null", "--max-time", "60",
                "http://127.0.0.1:" + port + target).redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return p.waitFor();
    }

    /**
     * A response read to the end of the connection, raw: whether its framing says it is complete
     * (a chunked body with its last chunk, or as many bytes as Content-Length declared).
     */
    record RawResponse(int status, String head, byte[] body, String endedBy) {
        /** The status of a connection that closed before any response byte. */
        static final int NOTHING = -1;

        static RawResponse get(int port, String target) throws IOException {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                s.setSoTimeout(60_000);
                s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                String endedBy = "end of stream";
                InputStream in = s.getInputStream();
                byte[] b = new byte[8192];
                try {
                    int n;
                    while ((n = in.read(b)) > 0) {
                        raw.write(b, 0, n);
                    }
                } catch (IOException e) {
                    endedBy = e.toString(); // a reset is a truncation too
                }
                String all = raw.toString(StandardCharsets.ISO_8859_1);
                int end = all.indexOf("\r\n\r\n");
                if (end < 0) {
                    // nginx drops the client when the upstream fails before it flushed the head
                    assertEquals("", all, "a response head cut in half");
                    return new RawResponse(NOTHING, "", new byte[0], endedBy);
                }
                byte[] body = java.util.Arrays.copyOfRange(raw.toByteArray(), end + 4, raw.size());
                return new RawResponse(Integer.parseInt(all.substring(9, 12)), all.substring(0, end), body, endedBy);
            }
        }

        boolean complete() {
            if (status == NOTHING) {
                return false;
            }
            String lower = head.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("\r\ntransfer-encoding: chunked")) {
                try {
                    HttpWire.dechunk(body);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            }
            java.util.regex.Matcher cl = java.util.regex.Pattern.compile("\r\ncontent-length: *(\\d+)").matcher(lower);
            assertTrue(cl.find(), () -> "neither chunked nor Content-Length, so truncation cannot show: " + head);
            return body.length >= Long.parseLong(cl.group(1));
        }

        @Override
        public String toString() {
            return head + "\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1) + "\n[" + body.length
                    + " body bytes, ended by " + endedBy + "]";
        }
    }
}
