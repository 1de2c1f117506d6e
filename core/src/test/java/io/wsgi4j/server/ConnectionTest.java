// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A connection fed raw request bytes from memory and checked byte for byte, no socket involved (as
 * wsgiref's tests drive its handler with in-memory streams).
 */
class ConnectionTest {
    static HttpServer server;

    @BeforeAll
    static void make() {
        server = HttpServer.make("127.0.0.1", 0, FuzzApp.INSTANCE, ServerConfig.builder().quiet(true)
                .maxBodyBytes(100).build());
    }

    @AfterAll
    static void close() {
        server.shutdown(Duration.ZERO);
    }

    static MemoryWire run(String request) throws IOException {
        MemoryWire wire = new MemoryWire(request.getBytes(StandardCharsets.ISO_8859_1));
        new Connection(server, wire, false).run();
        return wire;
    }

    static String text(MemoryWire wire) {
        return wire.out.toString(StandardCharsets.ISO_8859_1).replaceAll("Date: [^\r]*\r\n", "");
    }

    @Nested
    class Exchanges {
        @Test
        void writesTheExactResponseBytes() throws IOException {
            MemoryWire wire = run("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi");
            assertEquals("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nX-Method: POST\r\n"
                    + "Content-Length: 2\r\nServer: wsgi4j\r\n\r\nhi", text(wire));
            assertTrue(wire.closed);
            assertFalse(wire.aborted);
        }

        @Test
        void answersPipelinedRequestsInOneWellFormedStream() throws IOException {
            MemoryWire wire = run("GET /a HTTP/1.1\r\nHost: h\r\n\r\nHEAD /b HTTP/1.1\r\nHost: h\r\n\r\n"
                    + "POST /stream HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                    + "GET /c HTTP/1.0\r\n\r\n");
            assertEquals(List.of(200, 200, 200, 200), ResponseChecker.check(wire.out.toByteArray(), false));
            assertTrue(text(wire).contains("Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\nend\r\n0\r\n\r\n"),
                    text(wire));
        }

        @Test
        void answers500AndKeepsGoingWhenTheAppFailsBeforeHeaders() throws IOException {
            MemoryWire wire = run("GET /fail HTTP/1.1\r\nHost: h\r\n\r\nGET /ok HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals(List.of(500, 200), ResponseChecker.check(wire.out.toByteArray(), false));
        }

        @Test
        void abortsWhenTheAppFailsAfterHeaders() throws IOException {
            MemoryWire wire = run("GET /late HTTP/1.1\r\nHost: h\r\n\r\nGET /ok HTTP/1.1\r\nHost: h\r\n\r\n");
            assertTrue(wire.aborted);
            assertTrue(text(wire).endsWith("7\r\npartial\r\n"), text(wire));
        }

        @Test
        void answers413WhenTheAppReadsAChunkedBodyOverTheLimit() throws IOException {
            MemoryWire wire = run("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "65\r\n" + "x".repeat(101) + "\r\n0\r\n\r\n");
            assertEquals(List.of(413), ResponseChecker.check(wire.out.toByteArray(), false));
            assertTrue(text(wire).contains("Connection: close"));
        }

        @Test
        void closesSilentlyWhenTheHeadIsCutShort() throws IOException {
            MemoryWire wire = run("GET / HTTP/1.1\r\nHost: h");
            assertEquals("", text(wire));
            assertTrue(wire.closed);
        }

        @Test
        void lingersAfterAnErrorSoTheClientCanReadIt() throws IOException {
            MemoryWire wire = run("GET / HTTP/1.1\r\nHost : h\r\n\r\nmore bytes the client already sent");
            assertEquals(List.of(400), ResponseChecker.check(wire.out.toByteArray(), false));
            assertTrue(wire.outputShut);
        }

        @Test
        void skipsEmptyLinesWhoseCrAndLfArriveApartButRefusesABareCrRfc9112Section2_2() throws IOException {
            byte[] ok = "\r\n\r\nGET /a HTTP/1.1\r\nHost: h\r\n\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1);
            MemoryWire wire = MemoryWire.trickling(ok);
            new Connection(server, wire, false).run();
            assertEquals(List.of(200, 200), ResponseChecker.check(wire.out.toByteArray(), false));

            MemoryWire bareCr = MemoryWire.trickling("GET /a HTTP/1.1\r\nHost: h\r\n\r\n\rGET /b HTTP/1.1\r\nHost: h\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            new Connection(server, bareCr, false).run();
            assertEquals(List.of(200, 400), ResponseChecker.check(bareCr.out.toByteArray(), false));
        }

        @Test
        void skipsTheUnreadBodyOfARequest() throws IOException {
            MemoryWire wire = run("POST /skip HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
                    + "GET /next HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals(List.of(200, 200), ResponseChecker.check(wire.out.toByteArray(), false));
        }
    }

    @Nested
    class FailureLog {
        private final java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();

        /** Reads the whole body, letting any failure escape, with wsgi.errors captured. */
        private final Application reader = (env, sr) -> {
            env.put(io.wsgi4j.Environ.WSGI_ERRORS, new java.io.PrintStream(log, true, StandardCharsets.UTF_8));
            byte[] body = env.input().readAllBytes();
            sr.start("200 OK", List.of());
            return io.wsgi4j.Body.of(body);
        };

        private MemoryWire serve(String request) throws IOException {
            try (HttpServer s = HttpServer.make("127.0.0.1", 0, reader, ServerConfig.builder().quiet(true).build())) {
                MemoryWire wire = new MemoryWire(request.getBytes(StandardCharsets.ISO_8859_1));
                new Connection(s, wire, false).run();
                return wire;
            }
        }

        @Test
        void aRefusedBodyTheAppLetEscapeIsOneEscapedLineNamingItNotAStackTrace() throws IOException {
            // a chunk longer than its size line says, on a path whose decoded form holds a line feed
            MemoryWire wire = serve("POST /a%0Aforged HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "1\r\nab\r\n0\r\n\r\n");
            assertEquals(List.of(400), ResponseChecker.check(wire.out.toByteArray(), false));
            String message = "chunk data not followed by CRLF: the chunk holds more bytes than its size line says,"
                    + " or its CRLF is missing";
            assertTrue(text(wire).contains(message), text(wire));
            assertEquals("wsgi4j: the request body was refused (400: " + message + ") while serving POST /a\\x0aforged\n",
                    log.toString(StandardCharsets.UTF_8));
        }

        @Test
        void aBodyCutOffByTheClientIsOneLineToo() throws IOException {
            serve("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc");
            String logged = log.toString(StandardCharsets.UTF_8);
            assertTrue(logged.startsWith("wsgi4j: the request body was refused (400: client closed the connection after 3"
                    + " of 10 request body bytes) while serving POST /x\n"), logged);
            assertEquals(1, logged.lines().count(), logged);
        }
    }

    @Nested
    class Transport {
        @Test
        void reportsTheClientAddressFromTheWire() throws IOException {
            Application remote = (env, sr) -> {
                sr.start("200 OK", List.of());
                return io.wsgi4j.Body.of(env.remoteAddr() + ":" + env.get("REMOTE_PORT"));
            };
            try (HttpServer s = HttpServer.make("127.0.0.1", 0, remote, ServerConfig.builder().quiet(true).build())) {
                MemoryWire wire = new MemoryWire("GET / HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                new Connection(s, wire, false).run();
                assertTrue(text(wire).endsWith("192.0.2.7:40000"), text(wire));
            }
        }
    }
}
