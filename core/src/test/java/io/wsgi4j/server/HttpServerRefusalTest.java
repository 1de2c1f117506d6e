// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request the server refuses, over a real socket: the status, a body naming the problem,
 * {@code Connection: close}, the close itself, and a server that keeps serving the next client.
 * (Part of {@link HttpServer}'s tests, split out because the table is long.)
 */
class HttpServerRefusalTest {
    static HttpServer server;
    /** Default limits: a read buffer large enough to hold a whole over-long chunk line at once. */
    static HttpServer roomy;

    @BeforeAll
    static void start() {
        server = HttpServer.make("127.0.0.1", 0, HttpServerTest.ECHO, ServerConfig.builder()
                .quiet(true)
                .maxRequestLineBytes(100)
                .maxHeaderBytes(200)
                .maxHeaderCount(5)
                .maxBodyBytes(1000)
                .headerTimeout(Duration.ofSeconds(5))
                .build()).start();
        roomy = HttpServer.make("127.0.0.1", 0, HttpServerTest.ECHO, ServerConfig.builder().quiet(true).build()).start();
    }

    @AfterAll
    static void stop() {
        server.shutdown(Duration.ZERO);
        roomy.shutdown(Duration.ZERO);
    }

    static Stream<Arguments> refusals() {
        String h = "Host: h\r\n";
        return Stream.of(
                // request                                                               status  body mentions
                Arguments.of("GET / HTTP/1.1\r\nHost : h\r\n\r\n",                         400, "whitespace between header name and colon"),
                Arguments.of("GET / HTTP/1.1\r\n" + h + "X: a\r\n b\r\n\r\n",              400, "obsolete line folding"),
                Arguments.of("GET / HTTP/1.1\r\n" + h + "X: a\rb\r\n\r\n",                 400, "bare CR"),
                Arguments.of("GET / HTTP/1.1\r\n" + h + "X: a\0b\r\n\r\n",                 400, "NUL"),
                Arguments.of("GET / HTTP/1.1\r\n" + h + "X: a\u0001b\r\n\r\n",             400, "control character"),
                Arguments.of("GET / HTTP/1.1\r\n" + h + "X(y: a\r\n\r\n",                  400, "invalid character in header name"),
                Arguments.of("GET / HTTP/1.1\r\n" + h + ": a\r\n\r\n",                     400, "without a name"),
                Arguments.of("GET / HTTP/1.1\r\n" + h + "NoColon\r\n\r\n",                 400, "header line without a colon"),
                Arguments.of("GET / HTTP/1.1\nHost: h\n\n",                                 400, "bare LF"),
                Arguments.of("GET / HTTP/1.1\r\n\r\n",                                     400, "without a Host"),
                Arguments.of("GET / HTTP/1.1\r\n" + h + h + "\r\n",                        400, "more than one Host"),
                Arguments.of("GET / HTTP/1.1\r\nHost: a b\r\n\r\n",                        400, "invalid character in Host"),
                Arguments.of("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n",                        400, "invalid character in Host"),
                // R2.10: the Host port becomes SERVER_PORT, so it is digits from 0 to 65535 (RFC 9110 section 7.2)
                Arguments.of("GET / HTTP/1.1\r\nHost: a:b\r\n\r\n",                        400, "invalid port in Host"),
                Arguments.of("GET / HTTP/1.1\r\nHost: a:99999\r\n\r\n",                    400, "invalid port in Host"),
                Arguments.of("GET / HTTP/1.1\r\nHost: a:-1\r\n\r\n",                       400, "invalid port in Host"),
                Arguments.of("GET / HTTP/1.1\r\nHost: a:b:80\r\n\r\n",                     400, "invalid port in Host"),
                Arguments.of("GET / HTTP/1.1\r\nHost: :80\r\n\r\n",                        400, "no host before the port"),
                Arguments.of("GET / HTTP/1.1\r\nHost: [::1]x\r\n\r\n",                     400, "malformed IP literal"),
                // RFC 9110 section 7.4: an https target over this plain-HTTP connection is for another origin
                Arguments.of("GET https://other.example/p HTTP/1.1\r\n" + h + "\r\n",     421, "https URL"),
                Arguments.of("GET HTTPS://other.example/p HTTP/1.1\r\n" + h + "\r\n",     421, "plain HTTP"),
                Arguments.of("GET  / HTTP/1.1\r\n" + h + "\r\n",                           400, "malformed request line"),
                Arguments.of(" GET / HTTP/1.1\r\n" + h + "\r\n",                           400, "malformed request line"),
                // RFC 9112 section 2.2: a bare CR is invalid, never an empty line to skip before the request line
                Arguments.of("\rGET / HTTP/1.1\r\n" + h + "\r\n",                          400, "malformed request line"),
                Arguments.of("\r\n\r\rGET / HTTP/1.1\r\n" + h + "\r\n",                  400, "malformed request line"),
                Arguments.of("GET /\r\n" + h + "\r\n",                                     400, "malformed request line"),
                Arguments.of("GET / HTTP/1.1 \r\n" + h + "\r\n",                           400, "malformed request line"),
                // a byte the target may not hold raw, or a method that is no token, is named, so the client knows what to fix
                Arguments.of("GET /a\u0080 HTTP/1.1\r\n" + h + "\r\n",                     400, "byte 0x80 in the request target"),
                Arguments.of("GET /caf\u00e9 HTTP/1.1\r\n" + h + "\r\n",                   400, "percent-encode it as %E9"),
                Arguments.of("GET /a\u0001b HTTP/1.1\r\n" + h + "\r\n",                    400, "byte 0x01 in the request target"),
                Arguments.of("G(T / HTTP/1.1\r\n" + h + "\r\n",                            400, "character \"(\" in the method"),
                Arguments.of("GET / http/1.1\r\n" + h + "\r\n",                            400, "malformed HTTP version"),
                Arguments.of("GET / HTTP/2.0\r\n" + h + "\r\n",                            505, "version 2.0"),
                Arguments.of("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",                           505, "version 2.0"),
                Arguments.of("GET x HTTP/1.1\r\n" + h + "\r\n",                            400, "request target"),
                Arguments.of("GET ftp://h/ HTTP/1.1\r\n" + h + "\r\n",                     400, "request target"),
                Arguments.of("GET http://h:80@e/ HTTP/1.1\r\n" + h + "\r\n",               400, "userinfo"),
                Arguments.of("GET * HTTP/1.1\r\n" + h + "\r\n",                            400, "only for OPTIONS"),
                // R2.7: a fragment never reaches PATH_INFO or QUERY_STRING
                Arguments.of("GET /a#f HTTP/1.1\r\n" + h + "\r\n",                         400, "fragment \"#f\""),
                Arguments.of("GET /a?q=1#f HTTP/1.1\r\n" + h + "\r\n",                     400, "fragment \"#f\""),
                Arguments.of("GET http://h/a#f HTTP/1.1\r\n" + h + "\r\n",                 400, "fragment \"#f\""),
                Arguments.of("CONNECT h:443 HTTP/1.1\r\n" + h + "\r\n",                    501, "CONNECT"),
                // RFC 9110 section 9.3.6: a 2xx to CONNECT is a tunnel, so no CONNECT may reach the application
                Arguments.of("CONNECT / HTTP/1.1\r\n" + h + "\r\n",                        501, "CONNECT"),
                Arguments.of("CONNECT http://h/ HTTP/1.1\r\n" + h + "\r\n",                501, "CONNECT"),
                Arguments.of("POST / HTTP/1.1\r\n" + h + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
                                                                                           400, "both Content-Length and Transfer-Encoding"),
                Arguments.of("POST / HTTP/1.1\r\n" + h + "Content-Length: 3\r\nContent-Length: 4\r\n\r\n",
                                                                                           400, "disagree"),
                Arguments.of("POST / HTTP/1.1\r\n" + h + "Content-Length: 3, 4\r\n\r\n",   400, "disagree"),
                Arguments.of("POST / HTTP/1.1\r\n" + h + "Content-Length: -1\r\n\r\n",     400, "malformed Content-Length"),
                Arguments.of("POST / HTTP/1.1\r\n" + h + "Content-Length: +1\r\n\r\n",     400, "malformed Content-Length"),
                Arguments.of("POST / HTTP/1.1\r\n" + h + "Content-Length: 0x10\r\n\r\n",   400, "malformed Content-Length"),
                Arguments.of("POST / HTTP/1.1\r\n" + h + "Content-Length:\r\n\r\n",        400, "malformed Content-Length"),
                Arguments.of("POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: gzip\r\n\r\n", 400, "must end with chunked"),
                Arguments.of("POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: gzip, chunked\r\n\r\n",
                                                                                           501, "\"gzip\" is not supported"),
                Arguments.of("POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked, chunked\r\n\r\n",
                                                                                           400, "last transfer coding"),
                Arguments.of("POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n\r\n",
                                                                                           400, "last transfer coding"),
                Arguments.of("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",      400, "HTTP/1.0"),
                Arguments.of("POST / HTTP/1.1\r\n" + h + "Expect: teapot\r\n\r\n",         417, "teapot"),
                Arguments.of("GET /" + "a".repeat(100) + " HTTP/1.1\r\n" + h + "\r\n",     414, "longer than 100"),
                // a method alone over the line limit: no method is that long (RFC 9112 section 3), the target is not
                Arguments.of("A".repeat(120) + " / HTTP/1.1\r\n" + h + "\r\n",              501, "method longer than 100"),
                Arguments.of("GET / HTTP/1.1\r\n" + h + "X: " + "a".repeat(200) + "\r\n\r\n",
                                                                                           431, "larger than 200"),
                Arguments.of("GET / HTTP/1.1\r\n" + h + "A: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n",
                                                                                           431, "more than 5 header fields"),
                Arguments.of("POST / HTTP/1.1\r\n" + h + "Content-Length: 1001\r\n\r\n",   413, "over the limit of 1000"));
    }

    @ParameterizedTest(name = "[{index}] {1} {2}")
    @MethodSource("refusals")
    void refusesWithAStatusThatNamesTheProblemAndCloses(String request, int status, String mentions)
            throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.send(request).read();
            assertEquals(status, r.status(), r.toString());
            assertTrue(r.text().contains(mentions), r.text());
            assertTrue(r.text().startsWith(status + " "), r.text());
            assertEquals("close", r.header("Connection"));
            assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
            assertTrue(c.closedByServer());
        }
        try (RawClient next = new RawClient(server.port())) {
            assertEquals("GET /still-serving ", next.send(HttpServerTest.get("/still-serving")).read().text());
        }
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
        "HEAD / HTTP/1.1\\r\\n\\r\\n                                   | 400",
        "HEAD / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 5000\\r\\n\\r\\n | 413",
        "HEAD / HTTP/1.1\\r\\nHost: h\\r\\nExpect: foo\\r\\n\\r\\n         | 417",
    })
    void aRefusedHeadRequestGetsTheHeadAloneRfc9110Section9_3_2(String request, int status) throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.send(request.replace("\\r\\n", "\r\n")).readHead();
            assertEquals(status, r.status(), r.toString());
            assertEquals("close", r.header("Connection"));
            assertTrue(c.closedByServer(), "no content after the head: the next read is the close");
        }
    }

    @Test
    void refuses414BeforeTheRequestLineEnds() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            assertEquals(414, c.send("GET /" + "a".repeat(500)).read().status());
        }
    }

    @Test
    void refuses501BeforeAnOverlongMethodEnds() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            assertEquals(501, c.send("A".repeat(500)).read().status());
        }
    }

    @Test
    void refuses431BeforeTheHeaderSectionEnds() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            assertEquals(431, c.send("GET / HTTP/1.1\r\nX: " + "a".repeat(500)).read().status());
        }
    }

    @Test
    void refuses400AtOnceForARequestLineWithoutAVersionInsteadOfWaitingForHeaders() throws IOException {
        // HTTP/0.9 style: the line is complete at its CRLF; no header section will follow
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.send("GET /path\r\n").read();
            assertEquals(400, r.status(), r.toString()); // not 408 after the header timeout
            assertTrue(r.text().contains("no HTTP version"), r.text());
            assertTrue(c.closedByServer());
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        // request target                       | body mentions
        "http://ev\"<il>/env                   | invalid character in the request target's authority",
        "http://user@evil.example/env           | userinfo",
        "http://user:pw@evil.example/env        | userinfo",
        "http://?q                              | empty authority",
        "http://h{x}/                           | invalid character in the request target's authority",
        "http://h:8o/                           | invalid port in the request target's authority",
    })
    void validatesTheAuthorityOfAnAbsoluteFormTargetLikeHost(String target, String mentions) throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.send("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n").read();
            assertEquals(400, r.status(), r.toString());
            assertTrue(r.text().contains(mentions), r.text());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void refusesAChunkSizeLineOver4KiBEvenWhenItArrivesInOneWrite() throws IOException {
        try (RawClient c = new RawClient(roomy.port())) {
            RawClient.Response r = c.send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "1;" + "x".repeat(5000) + "\r\na\r\n0\r\n\r\n").read();
            assertEquals(400, r.status(), r.toString());
            assertTrue(r.text().contains("longer than 4096 bytes"), r.text());
        }
    }

    @Test
    void refusesChunkExtensionsOverTheCapForOneBody() throws IOException {
        String chunk = "1;" + "x".repeat(2000) + "\r\na\r\n"; // each line is legal on its own
        try (RawClient c = new RawClient(roomy.port())) {
            RawClient.Response r = c.send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunk.repeat(9) + "0\r\n\r\n").read();
            assertEquals(400, r.status(), r.toString());
            assertTrue(r.text().contains("chunk extensions"), r.text());
        }
        try (RawClient c = new RawClient(roomy.port())) {
            assertEquals("POST / aaaaaaaa", c.send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunk.repeat(8) + "0\r\n\r\n").read().text(), "16,016 extension bytes are within the cap");
        }
    }

    @Test
    void acceptsTheOddInputsTheRfcAllows() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            assertEquals(200, c.send("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n").read().status());
            assertEquals(200, c.send("GET / HTTP/1.1\r\nHost:\r\n\r\n").read().status());
            assertEquals(200, c.send("GET / HTTP/1.2\r\nHost: h\r\n\r\n").read().status());
            assertEquals("POST / abc", c.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\n\r\nabc")
                    .read().text());
            assertEquals(200, c.send("GET / HTTP/1.1\r\nHost: [::1]:80\r\nX-Tab:\tv\t\r\nX-Obs: caf\u00e9\r\n\r\n")
                    .read().status());
            assertEquals(200, c.send("GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: CHUNKED\r\n\r\n0\r\n\r\n")
                    .read().status());
        }
    }
}
