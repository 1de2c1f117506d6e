// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.FileBody;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.Write;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpServerTest {
    static final Application HELLO = (env, sr) -> {
        sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
        return Body.of("Hello world!");
    };

    /** Echoes the request body after the method and path. */
    static final Application ECHO = (env, sr) -> {
        byte[] body = env.input().readAllBytes();
        sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
        return Body.of((env.requestMethod() + " " + env.pathInfo() + " " + new String(body, StandardCharsets.UTF_8)));
    };

    /** Answers with the environ keys the test names in the X-Keys header, one "KEY=value" per line. */
    static final Application ENVIRON = (env, sr) -> {
        StringBuilder b = new StringBuilder();
        for (String key : env.header("X-Keys").split(",")) {
            b.append(key).append('=').append(env.get(key)).append('\n');
        }
        sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
        return Body.of(b.toString());
    };

    static final ServerConfig QUIET = ServerConfig.builder().quiet(true).build();

    private final List<HttpServer> servers = new ArrayList<>();

    HttpServer start(Application app) {
        return start(app, QUIET);
    }

    HttpServer start(Application app, ServerConfig config) {
        HttpServer s = HttpServer.make("127.0.0.1", 0, app, config).start();
        servers.add(s);
        return s;
    }

    @AfterEach
    void stopServers() {
        for (HttpServer s : servers) {
            s.shutdown(Duration.ZERO);
        }
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n";
    }

    @Nested
    class Serving {
        @Test
        void answersHelloWorldOverASocket() throws IOException {
            HttpServer server = start(HELLO);
            try (RawClient c = new RawClient(server.port())) {
                RawClient.Response r = c.send(get("/")).read();
                assertEquals("HTTP/1.1 200 OK", r.statusLine);
                assertEquals("Hello world!", r.text());
                assertEquals("12", r.header("Content-Length"));
                assertEquals("text/plain", r.header("Content-Type"));
                assertTrue(r.header("Date").endsWith(" GMT"), r.header("Date"));
                assertEquals("wsgi4j", r.header("Server"));
            }
        }

        @Test
        void picksAFreePortWhenAskedForPortZero() {
            HttpServer server = start(HELLO);
            assertTrue(server.port() > 0, "port " + server.port());
            assertEquals("127.0.0.1", server.host());
        }

        @Test
        void printsTheStartLineLikeTheSeeds() {
            PrintStream saved = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                HttpServer server = start(HELLO, ServerConfig.builder().threadMode(ThreadMode.PLATFORM).build());
                assertEquals("Serving HTTP on 127.0.0.1 port " + server.port() + " (1024 platform threads) ...\n",
                        captured.toString(StandardCharsets.UTF_8));
            } finally {
                System.setErr(saved);
            }
        }

        @Test
        void printsStopLinesThatSayWhetherEveryRequestInFlightFinished() throws Exception {
            java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            Application slow = (env, sr) -> {
                entered.countDown();
                release.await(); // past the grace period: released when the test ends
                sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                return Body.of("late");
            };
            PrintStream saved = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            try (java.net.Socket client = new java.net.Socket()) {
                HttpServer server = start(slow, ServerConfig.builder().threadMode(ThreadMode.PLATFORM).build());
                client.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
                client.getOutputStream().write(get("/slow").getBytes(StandardCharsets.ISO_8859_1));
                assertTrue(entered.await(30, java.util.concurrent.TimeUnit.SECONDS), "the request never ran");
                System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
                server.shutdown(Duration.ofMillis(100));
            } finally {
                System.setErr(saved);
                release.countDown();
            }
            String where = "HTTP on 127.0.0.1 port " + servers.get(servers.size() - 1).port();
            assertEquals("Stopping " + where + ": finishing the requests in flight (grace 100 ms) ...\n"
                    + "Stopped " + where + ": 1 connection(s) still busy when the grace period ended were closed\n",
                    captured.toString(StandardCharsets.UTF_8));
        }

        @Test
        void quietServersPrintNothing() {
            PrintStream saved = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                start(HELLO);
                assertEquals("", captured.toString(StandardCharsets.UTF_8));
            } finally {
                System.setErr(saved);
            }
        }

        @Test
        void handleRequestServesExactlyOneRequestThenReturns() throws Exception {
            HttpServer server = HttpServer.make("127.0.0.1", 0, HELLO, QUIET);
            servers.add(server);
            Thread t = new Thread(server::handleRequest);
            t.start();
            try (RawClient c = new RawClient(server.port())) {
                RawClient.Response r = c.send(get("/") + get("/second")).read();
                assertEquals("Hello world!", r.text());
                assertEquals("close", r.header("Connection"));
                assertTrue(c.closedByServer());
            }
            t.join(RawClient.SAFETY_TIMEOUT_MS);
            assertFalse(t.isAlive());
        }

        /** A server not yet serving, with a 300 ms head timeout and a one-hour idle timeout. */
        private HttpServer bindWithShortHeadTimeout() {
            HttpServer server = HttpServer.make("127.0.0.1", 0, HELLO, QUIET.toBuilder()
                    .headerTimeout(Duration.ofMillis(300)).idleTimeout(Duration.ofHours(1)).build());
            servers.add(server);
            return server;
        }

        @Test
        void handleRequestWantsTheFirstHeadWithinTheHeaderTimeoutOfTheAcceptAsServeForeverDoes() throws Exception {
            // ServerConfig: "headerTimeout ... for a whole request head: the first from the accept"; a one-hour idle
            // timeout must not let a silent client hold handleRequest() for an hour
            HttpServer server = bindWithShortHeadTimeout();
            Thread t = new Thread(server::handleRequest);
            t.start();
            try (RawClient c = new RawClient(server.port())) {
                assertTrue(c.closedByServer()); // nothing sent: a silent close (on 0.2 the read timed out instead)
            }
            t.join(RawClient.SAFETY_TIMEOUT_MS);
            assertFalse(t.isAlive());
        }

        @Test
        void handleRequestIsNotKeptWaitingByEmptyLinesThatNeverBecomeARequest() throws Exception {
            // empty lines before a request line are ignored (RFC 9112 section 2.2): they must not restart the wait
            HttpServer server = bindWithShortHeadTimeout();
            Thread t = new Thread(server::handleRequest);
            t.start();
            try (RawClient c = new RawClient(server.port())) {
                c.socket.setSoTimeout(50); // paces the empty lines; the safety limit is the loop's
                long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RawClient.SAFETY_TIMEOUT_MS);
                boolean closed = false;
                while (!closed && System.nanoTime() < giveUp) {
                    try {
                        c.send("\r\n");
                        closed = c.in.read() < 0;
                    } catch (SocketTimeoutException quiet) {
                        // still open: another empty line
                    } catch (IOException reset) {
                        closed = true;
                    }
                }
                assertTrue(closed, "a client sending only empty lines held handleRequest() for the safety timeout");
            }
            t.join(RawClient.SAFETY_TIMEOUT_MS);
            assertFalse(t.isAlive());
        }

        @Test
        void refusesAPortThatIsTaken() {
            HttpServer first = start(HELLO);
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> HttpServer.make("127.0.0.1", first.port(), HELLO, QUIET));
            assertTrue(e.getMessage().contains("port " + first.port()), e.getMessage());
            assertTrue(e.getMessage().endsWith("; pick another port or 0 for a free one"), e.getMessage());
        }

        // Hosts that fail to resolve on this machine whatever its resolver says (offline, or one that
        // answers every name): a bracketed IPv6 literal that is not one, which the lookup refuses before
        // any name service is asked. A plain name (no.such.host.invalid) or 999.1.1.1 would be sent to DNS.
        @ParameterizedTest
        @ValueSource(strings = {"[999.1.1.1]", "[::1", "[no.such.host]", "[::1::2]"})
        void refusesAHostThatDoesNotResolveSayingSoWithoutPortAdvice(String host) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> HttpServer.make(host, 0, HELLO, QUIET));
            assertEquals("cannot listen on \"" + host + "\": the host name does not resolve to an address; give an"
                    + " address of this machine, such as 127.0.0.1, or 0.0.0.0 for all", e.getMessage());
        }

        @Test
        void refusesAnAddressOfAnotherMachineSayingSoWithoutPortAdvice() {
            // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> HttpServer.make("192.0.2.1", 0, HELLO, QUIET));
            assertTrue(e.getMessage().endsWith("; the host is not an address of this machine (0.0.0.0 listens on all"
                    + " of them)"), e.getMessage());
            assertFalse(e.getMessage().contains("port or 0"), e.getMessage());
        }

        @Test
        void refusesToServeTwice() {
            HttpServer server = start(HELLO);
            assertThrows(IllegalStateException.class, server::start);
        }

        @Test
        void rejectsABadPort() {
            assertThrows(IllegalArgumentException.class, () -> HttpServer.make("127.0.0.1", 70000, HELLO));
        }

        @Test
        void sendsFileBodiesWithTransferTo(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("f.txt");
            Files.writeString(file, "x".repeat(100_000));
            HttpServer server = start((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                return FileBody.open(file);
            });
            try (RawClient c = new RawClient(server.port())) {
                RawClient.Response r = c.send(get("/f")).read();
                assertEquals("100000", r.header("Content-Length"));
                assertEquals("x".repeat(100_000), r.text());
                assertEquals(100_000, c.send(get("/again")).read().body.length); // framing intact after it
            }
        }

        @Test
        void aFileBodyTheApplicationReadFirstIsStillSentWhole(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("f.txt"), "0123456789");
            HttpServer server = start((env, sr) -> {
                FileBody body = new FileBody(FileChannel.open(file), 0, 10, 4);
                body.iterator().next(); // a first block read to guess the content type
                sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                return body;
            });
            try (RawClient c = new RawClient(server.port())) {
                assertEquals("0123456789", c.send(get("/f")).read().text());
                assertEquals("0123456789", c.send(get("/again")).read().text()); // framing intact after it
            }
        }

        @Test
        void aFileShorterThanItsRegionIsReportedAsTheApplicationsFailureR5_6(@TempDir Path dir) throws Exception {
            // the file shrank after the application sized its response (a deploy rewrote it): the client
            // sees a cut response (R5.4), and the operator sees why, as for any other body failure
            Path file = Files.writeString(dir.resolve("f.txt"), "0123456789");
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            CompletableFuture<Void> closed = new CompletableFuture<>();
            HttpServer server = start((env, sr) -> {
                env.put(Environ.WSGI_ERRORS, new PrintStream(errors, true, StandardCharsets.UTF_8));
                sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                return new FileBody(FileChannel.open(file), 0, 100, 4).withCloseHook(() -> closed.complete(null));
            });
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.getOutputStream().write(get("/f").getBytes(StandardCharsets.ISO_8859_1));
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                try {
                    s.getInputStream().transferTo(received);
                } catch (SocketException reset) {
                    // R5.4: a response cut after its headers may end in a reset
                }
                String got = received.toString(StandardCharsets.ISO_8859_1);
                assertTrue(got.contains("Content-Length: 100") && got.endsWith("0123456789"), got);
            }
            closed.get(30, TimeUnit.SECONDS);
            assertTrue(errors.toString(StandardCharsets.UTF_8).contains("file ended at byte 10"), errors.toString());
        }

        @Test
        void aFileBodyCutShortByTheClientSaysHowMuchWentOut(@TempDir Path dir) throws Exception {
            // far larger than what the loopback socket buffers hold, so the server is still sending when
            // the client resets the connection
            Path file = dir.resolve("big.bin");
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(256L << 20);
            }
            CompletableFuture<long[]> seen = new CompletableFuture<>();
            HttpServer server = start((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Type", "application/octet-stream"));
                FileBody body = FileBody.open(file);
                return body.withCloseHook(() -> seen.complete(new long[] {body.sent(), body.count()}));
            });
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.getOutputStream().write(get("/big").getBytes(StandardCharsets.ISO_8859_1));
                s.getInputStream().readNBytes(4096);
                s.setSoLinger(true, 0); // a reset: the server's next write fails
            }
            long[] sentAndCount = seen.get(30, TimeUnit.SECONDS);
            assertTrue(sentAndCount[0] < sentAndCount[1], sentAndCount[0] + " of " + sentAndCount[1]);

            CompletableFuture<long[]> whole = new CompletableFuture<>();
            HttpServer small = start((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Type", "application/octet-stream"));
                FileBody body = new FileBody(FileChannel.open(file), 0, 3_000_000, 4096);
                return body.withCloseHook(() -> whole.complete(new long[] {body.sent(), body.count()}));
            });
            try (RawClient c = new RawClient(small.port())) {
                assertEquals(3_000_000, c.send(get("/whole")).read().body.length);
            }
            assertEquals(3_000_000, whole.get(30, TimeUnit.SECONDS)[0]);
        }
    }

    @Nested
    class TheEnviron {
        String environ(HttpServer server, String request) throws IOException {
            try (RawClient c = new RawClient(server.port())) {
                return c.send(request).read().text();
            }
        }

        @Test
        void decodesPathInfoAndKeepsTheRawTarget() throws IOException {
            HttpServer server = start(ENVIRON);
            String text = environ(server, "GET /a%20b/c?x=1%202 HTTP/1.1\r\nHost: example.com:8080\r\n"
                    + "X-Keys: PATH_INFO,QUERY_STRING,wsgi4j.raw_target,SCRIPT_NAME\r\n\r\n");
            assertEquals("PATH_INFO=/a b/c\nQUERY_STRING=x=1%202\nwsgi4j.raw_target=/a%20b/c?x=1%202\nSCRIPT_NAME=\n",
                    text);
        }

        @Test
        void takesServerNameAndPortFromHost() throws IOException {
            HttpServer server = start(ENVIRON);
            assertEquals("SERVER_NAME=example.com\nSERVER_PORT=8080\n", environ(server,
                    "GET / HTTP/1.1\r\nHost: example.com:8080\r\nX-Keys: SERVER_NAME,SERVER_PORT\r\n\r\n"));
        }

        @ParameterizedTest(name = "Host: {0}")
        @CsvSource(delimiter = '|', value = {
            // Host          | SERVER_NAME | SERVER_PORT  (R2.10; the odd forms RFC 9110 section 7.2 allows)
            "[::1]:8080      | [::1]       | 8080",
            "[::1]           | [::1]       | 80",
            "example.com:    | example.com | 80",
            "example.com:0   | example.com | 0",
            "example.com:65535 | example.com | 65535",
        })
        void acceptsEveryValidHostPortFormR2_10(String host, String name, String port) throws IOException {
            HttpServer server = start(ENVIRON);
            assertEquals("SERVER_NAME=" + name + "\nSERVER_PORT=" + port + "\n", environ(server,
                    "GET / HTTP/1.1\r\nHost: " + host + "\r\nX-Keys: SERVER_NAME,SERVER_PORT\r\n\r\n"));
        }

        @Test
        void fallsBackToTheBoundAddressWithoutHost() throws IOException {
            HttpServer server = start(ENVIRON);
            assertEquals("SERVER_NAME=127.0.0.1\nSERVER_PORT=" + server.port() + "\nSERVER_PROTOCOL=HTTP/1.0\n",
                    environ(server, "GET / HTTP/1.0\r\nX-Keys: SERVER_NAME,SERVER_PORT,SERVER_PROTOCOL\r\n\r\n"));
        }

        @Test
        void fallsBackToAnIpv6BoundAddressInBracketsRfc3875Section4_1_14() throws IOException {
            HttpServer server;
            try {
                server = HttpServer.make("::1", 0, ENVIRON, QUIET).start();
            } catch (java.io.UncheckedIOException e) {
                assumeTrue(false, "no IPv6 loopback on this machine: " + e.getMessage());
                return;
            }
            servers.add(server);
            try (java.net.Socket s = new java.net.Socket("::1", server.port())) {
                s.setSoTimeout(RawClient.SAFETY_TIMEOUT_MS);
                s.getOutputStream().write("GET / HTTP/1.0\r\nX-Keys: SERVER_NAME,REMOTE_ADDR\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                String text = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                // SERVER_NAME as a Host header would carry it (a URL can be rebuilt from it); REMOTE_ADDR bare
                assertTrue(text.endsWith("\r\n\r\nSERVER_NAME=[0:0:0:0:0:0:0:1]\nREMOTE_ADDR=0:0:0:0:0:0:0:1\n"), text);
            }
        }

        @Test
        void takesTheAuthorityOfAnAbsoluteFormTarget() throws IOException {
            HttpServer server = start(ENVIRON);
            assertEquals("SERVER_NAME=other.org\nPATH_INFO=/p\nQUERY_STRING=q\n", environ(server,
                    "GET http://other.org/p?q HTTP/1.1\r\nHost: ignored\r\nX-Keys: SERVER_NAME,PATH_INFO,QUERY_STRING"
                            + "\r\n\r\n"));
        }

        @Test
        void fillsRemoteAddressSchemeAndConcurrencyKeys() throws IOException {
            HttpServer server = start(ENVIRON);
            String text = environ(server, "GET / HTTP/1.1\r\nHost: h\r\nX-Keys: REMOTE_ADDR,wsgi.url_scheme,"
                    + "wsgi.multithread,wsgi.multiprocess,wsgi.run_once,REQUEST_METHOD\r\n\r\n");
            assertEquals("REMOTE_ADDR=127.0.0.1\nwsgi.url_scheme=http\nwsgi.multithread=true\n"
                    + "wsgi.multiprocess=false\nwsgi.run_once=false\nREQUEST_METHOD=GET\n", text);
        }

        @Test
        void joinsRepeatedHeadersAndMapsContentHeaders() throws IOException {
            HttpServer server = start(ENVIRON);
            String text = environ(server, "POST / HTTP/1.1\r\nHost: h\r\nAccept: a\r\naccept: b\r\nContent-Type: "
                    + "text/x\r\nContent-Length: 0\r\nX-Keys: HTTP_ACCEPT,CONTENT_TYPE,CONTENT_LENGTH,"
                    + "HTTP_CONTENT_LENGTH\r\n\r\n");
            assertEquals("HTTP_ACCEPT=a, b\nCONTENT_TYPE=text/x\nCONTENT_LENGTH=0\nHTTP_CONTENT_LENGTH=null\n", text);
        }

        @Test
        void dropsHeadersWhoseNamesMakeNoCgiKeyR2_2() throws IOException {
            // "!", "~", "'", "." and the like are token characters (RFC 9110 section 5.6.2), but HTTP_X!Y is no CGI
            // name (R2.2), and HTTP_X.Y would pass for a namespaced extension key
            HttpServer server = start((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                return Body.of(String.join(",", env.keySet().stream().filter(k -> k.startsWith("HTTP_")).sorted()
                        .toList()));
            });
            String text = environ(server, "GET / HTTP/1.1\r\nHost: h\r\nX!Y: 1\r\nX~Y: 2\r\nX'Y: 3\r\nX.Y: 4\r\n"
                    + "X*Y: 5\r\nX-Ok-9: 6\r\n\r\n");
            assertEquals("HTTP_HOST,HTTP_X_OK_9", text);
        }
        // the same environ as the in-process test client: testkit's ServerMatchesTestClientTest
    }

    @Nested
    class KeepAliveAndPipelining {
        @Test
        void keepsHttp11ConnectionsOpenByDefault() throws IOException {
            HttpServer server = start(ECHO);
            try (RawClient c = new RawClient(server.port())) {
                for (int i = 0; i < 3; i++) {
                    RawClient.Response r = c.send(get("/" + i)).read();
                    assertEquals("GET /" + i + " ", r.text());
                    assertNull(r.header("Connection"));
                }
            }
        }

        @Test
        void answersPipelinedRequestsInOrder() throws IOException {
            HttpServer server = start(ECHO);
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                batch.append(i % 2 == 0 ? get("/" + i)
                        : "POST /" + i + " HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nb" + (i < 10 ? "00" : "0") + i);
            }
            try (RawClient c = new RawClient(server.port())) {
                c.send(batch.toString());
                for (int i = 0; i < 50; i++) {
                    String expected = i % 2 == 0 ? "GET /" + i + " " : "POST /" + i + " b" + (i < 10 ? "00" : "0") + i;
                    assertEquals(expected, c.read().text());
                }
            }
        }

        @Test
        void closesHttp10ConnectionsUnlessAskedToKeepThem() throws IOException {
            HttpServer server = start(HELLO);
            try (RawClient c = new RawClient(server.port())) {
                RawClient.Response r = c.send("GET / HTTP/1.0\r\n\r\n").read();
                assertEquals("close", r.header("Connection"));
                assertTrue(c.closedByServer());
            }
            try (RawClient c = new RawClient(server.port())) {
                RawClient.Response r = c.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
                assertEquals("keep-alive", r.header("Connection"));
                assertEquals("Hello world!", c.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().text());
            }
        }

        @ParameterizedTest(name = "Connection: {0}")
        @ValueSource(strings = {"keep-alive, close", "close, keep-alive"})
        void closesAnHttp10ConnectionWhoseClientSaysCloseEvenBesideKeepAliveRfc9112Section9_3(String connection)
                throws IOException {
            // RFC 9112 section 9.3: "If the close connection option is present, the connection will not persist",
            // whatever else the list holds; keep-alive is only the HTTP/1.0 fallback when close is absent
            HttpServer server = start(HELLO);
            try (RawClient c = new RawClient(server.port())) {
                RawClient.Response r = c.send("GET / HTTP/1.0\r\nConnection: " + connection + "\r\n\r\n").read();
                assertEquals("close", r.header("Connection"));
                assertTrue(c.closedByServer());
            }
        }

        /** Rewrites the environ as an application may (SPEC.md section 2) before it answers with a streamed body. */
        static final Application REWRITES_ITS_ENVIRON = (env, sr) -> {
            env.put(Environ.SERVER_PROTOCOL, "HTTP/1.1");
            env.remove("HTTP_CONNECTION"); // as a proxying app strips hop-by-hop fields before it passes the environ on
            sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return () -> List.of("abc".getBytes()).iterator(); // not a Collection: length unknown
        };

        @Test
        void framesTheResponseForTheProtocolTheClientSentWhateverTheAppWritesIntoTheEnvironRfc9112Section6_1()
                throws IOException {
            // RFC 9112 section 6.1: no Transfer-Encoding in a response to an HTTP/1.0 request; the body ends at the close
            HttpServer server = start(REWRITES_ITS_ENVIRON);
            try (RawClient c = new RawClient(server.port())) {
                RawClient.Response r = c.send("GET / HTTP/1.0\r\n\r\n").read();
                assertNull(r.header("Transfer-Encoding"));
                assertEquals("close", r.header("Connection"));
                assertEquals("abc", r.text()); // read to the close: a kept connection would time this read out
            }
        }

        @Test
        void honoursTheClientsCloseWhateverTheAppWritesIntoTheEnvironRfc9112Section9_6() throws IOException {
            // RFC 9112 section 9.6: a server that receives "close" MUST close after the response to that request
            HttpServer server = start(REWRITES_ITS_ENVIRON);
            try (RawClient c = new RawClient(server.port())) {
                RawClient.Response r = c.send("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").read();
                assertEquals("close", r.header("Connection"));
                assertTrue(c.closedByServer());
            }
        }

        @Test
        void closesWhenTheClientSaysClose() throws IOException {
            HttpServer server = start(HELLO);
            try (RawClient c = new RawClient(server.port())) {
                RawClient.Response r = c.send("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").read();
                assertEquals("close", r.header("Connection"));
                assertTrue(c.closedByServer());
            }
        }

        @Test
        void closesAfterTheMaximumNumberOfRequests() throws IOException {
            HttpServer server = start(HELLO, QUIET.toBuilder().maxRequestsPerConnection(2).build());
            try (RawClient c = new RawClient(server.port())) {
                assertNull(c.send(get("/")).read().header("Connection"));
                assertEquals("close", c.send(get("/")).read().header("Connection"));
                assertTrue(c.closedByServer());
            }
        }

        @Test
        void closesAnIdleConnectionAfterTheIdleTimeout() throws IOException {
            HttpServer server = start(HELLO, QUIET.toBuilder().idleTimeout(Duration.ofMillis(100)).build());
            try (RawClient c = new RawClient(server.port())) {
                c.send(get("/")).read();
                assertTrue(c.closedByServer()); // no bytes: a silent close, not a 408
            }
        }

        @Test
        void ignoresEmptyLinesBetweenRequests() throws IOException {
            HttpServer server = start(HELLO);
            try (RawClient c = new RawClient(server.port())) {
                assertEquals(200, c.send("\r\n\r\n" + get("/")).read().status());
            }
        }

        @Test
        void streamsChunkedWhenTheLengthIsUnknown() throws IOException {
            HttpServer server = start((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                return () -> List.of("a".getBytes(), "bc".getBytes()).iterator(); // not a Collection: length unknown
            });
            try (RawClient c = new RawClient(server.port())) {
                RawClient.Response r = c.send(get("/")).read();
                assertEquals("chunked", r.header("Transfer-Encoding"));
                assertEquals("abc", r.text());
                assertEquals(200, c.send(get("/")).read().status()); // and the connection carries on
            }
        }

        @Test
        void answersHeadWithHeadersOnly() throws IOException {
            HttpServer server = start(HELLO);
            try (RawClient c = new RawClient(server.port())) {
                RawClient.Response r = c.send("HEAD / HTTP/1.1\r\nHost: h\r\n\r\n").readHead();
                assertEquals("12", r.header("Content-Length"));
                assertEquals("Hello world!", c.send(get("/")).read().text()); // no stray body bytes in between
            }
        }
    }

    @Nested
    class RequestBodies {
        @Test
        void readsABodyByContentLength() throws IOException {
            HttpServer server = start(ECHO);
            try (RawClient c = new RawClient(server.port())) {
                assertEquals("POST /p hello", c.send("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello")
                        .read().text());
            }
        }

        @Test
        void readsALargeBodyThatArrivesInPieces() throws IOException {
            HttpServer server = start(ECHO);
            String body = "0123456789".repeat(20_000);
            try (RawClient c = new RawClient(server.port())) {
                c.send("POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: " + body.length() + "\r\n\r\n");
                for (int i = 0; i < body.length(); i += 7000) {
                    c.send(body.substring(i, Math.min(body.length(), i + 7000)));
                }
                assertEquals("POST /big " + body, c.read().text());
            }
        }

        @Test
        void decodesAChunkedBodyWithExtensionsAndTrailers() throws IOException {
            HttpServer server = start(ECHO);
            try (RawClient c = new RawClient(server.port())) {
                c.send("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
                assertEquals("POST /c hello world", c.read().text());
                assertEquals("GET /next ", c.send(get("/next")).read().text());
            }
        }

        @Test
        void sends100ContinueWhenTheAppFirstReads() throws IOException {
            HttpServer server = start(ECHO);
            try (RawClient c = new RawClient(server.port())) {
                c.send("POST /e HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
                assertEquals("HTTP/1.1 100 Continue", c.read().statusLine);
                assertEquals("POST /e abc", c.send("abc").read().text());
            }
        }

        @Test
        void doesNotSend100ContinueWhenTheAppNeverReadsAndThenCloses() throws IOException {
            HttpServer server = start(HELLO);
            try (RawClient c = new RawClient(server.port())) {
                c.send("POST /e HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
                RawClient.Response r = c.read();
                assertEquals(200, r.status());
                assertEquals("close", r.header("Connection"));
            }
        }

        @Test
        void drainsAnUnreadBodyAndKeepsTheConnection() throws IOException {
            HttpServer server = start(HELLO);
            try (RawClient c = new RawClient(server.port())) {
                c.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello" + get("/2"));
                assertEquals("Hello world!", c.read().text());
                assertEquals("Hello world!", c.read().text());
            }
        }

        @Test
        void closesInsteadOfDrainingAnUnreadBodyOverTheLimit() throws IOException {
            HttpServer server = start(HELLO, QUIET.toBuilder().maxDrainBytes(10).build());
            try (RawClient c = new RawClient(server.port())) {
                c.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n" + "x".repeat(100));
                RawClient.Response r = c.read();
                assertEquals("Hello world!", r.text());
                // RFC 9112 section 9.6: a server that will close says so, or the client sends its next request into it
                assertEquals("close", r.header("Connection"));
                assertTrue(c.closedByServer());
            }
        }

        @Test
        void givesUpDrainingAnUnreadBodyThatTricklesLongerThanTheBodyTimeoutInAll() throws IOException {
            // each byte comes well within the body timeout, so only a limit on the whole drain frees the thread
            // that holds it: without one, 64 KiB at a byte every 29 s hold a worker for three weeks after the response
            HttpServer server = start(HELLO, QUIET.toBuilder().bodyTimeout(Duration.ofSeconds(1)).build());
            try (RawClient c = new RawClient(server.port())) {
                // the first 8 KiB, so the request is served before its body is whole (HttpServerBodyWaitTest)
                c.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 9000\r\n\r\n" + "x".repeat(8192));
                assertEquals("Hello world!", c.read().text());
                c.socket.setSoTimeout(200); // the pace of the trickle: a byte whenever the server has not closed
                boolean closed = false;
                for (int sent = 1; sent < 50 && !closed; sent++) {
                    try {
                        closed = c.in.read() < 0;
                    } catch (java.net.SocketTimeoutException e) {
                        c.send("x");
                    } catch (java.net.SocketException e) {
                        closed = true;
                    }
                }
                assertTrue(closed, "the drain went on past the body timeout, byte by byte");
            }
        }

        @Test
        void sendsTheResponseWithoutWaitingForTheRestOfAnUnreadBody() throws IOException {
            // a client may send its body slowly and watch for an early answer (RFC 9112 section 9.5): the
            // response must leave at once, not when the body is complete or the body timeout ends the wait
            // (the reactor waits for a body's first 8 KiB before the request is served: HttpServerBodyWaitTest)
            HttpServer server = start(HELLO, QUIET.toBuilder().bodyTimeout(Duration.ofMinutes(5)).build());
            try (RawClient c = new RawClient(server.port())) {
                c.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10000\r\n\r\n" + "a".repeat(8192));
                assertEquals("Hello world!", c.read().text());
                c.send("d".repeat(10000 - 8192) + get("/next"));
                assertEquals("Hello world!", c.read().text(), "the rest of the body was drained and the connection kept");
            }
        }

        @Test
        void neverLetsTheAppReadPastTheBody() throws IOException {
            List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            HttpServer server = start((env, sr) -> {
                InputStream in = env.input();
                byte[] all = in.readAllBytes();
                seen.add(new String(all, StandardCharsets.UTF_8) + "|" + in.read());
                sr.start(Status.OK, Headers.of());
                return Body.empty();
            });
            try (RawClient c = new RawClient(server.port())) {
                c.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc" + get("/next"));
                assertEquals(200, c.read().status());
                assertEquals(200, c.read().status());
                assertEquals(List.of("abc|-1", "|-1"), seen);
            }
        }

        @Test
        void answers413WhenAChunkedBodyGrowsOverTheLimit() throws IOException {
            HttpServer server = start(ECHO, QUIET.toBuilder().maxBodyBytes(8).build());
            try (RawClient c = new RawClient(server.port())) {
                c.send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n");
                RawClient.Response r = c.read();
                assertEquals(413, r.status());
                assertTrue(r.text().contains("over the limit of 8"), r.text());
                assertTrue(c.closedByServer());
            }
        }

        @Test
        void answers400ForAMalformedChunk() throws IOException {
            HttpServer server = start(ECHO);
            try (RawClient c = new RawClient(server.port())) {
                c.send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
                RawClient.Response r = c.read();
                assertEquals(400, r.status());
                assertTrue(r.text().contains("chunk size"), r.text());
            }
        }
    }

    @Nested
    class Failures {
        @Test
        void answers500WhenTheAppFailsBeforeHeaders() throws IOException {
            HttpServer server = start(Application.named("failing", (env, sr) -> {
                env.put(Environ.WSGI_ERRORS, new PrintStream(OutputStreamNull.INSTANCE));
                throw new IllegalStateException("boom");
            }));
            try (RawClient c = new RawClient(server.port())) {
                RawClient.Response r = c.send(get("/")).read();
                assertEquals(500, r.status());
                assertEquals("500 Internal Server Error\n", r.text());
                assertEquals(500, c.send(get("/again")).read().status()); // the connection was kept
            }
        }

        @Test
        void showsTheStackTraceOnlyInDebugMode() throws IOException {
            HttpServer server = start((env, sr) -> {
                env.put(Environ.WSGI_ERRORS, new PrintStream(OutputStreamNull.INSTANCE));
                throw new IllegalStateException("boom");
            }, QUIET.toBuilder().debug(true).build());
            try (RawClient c = new RawClient(server.port())) {
                assertTrue(c.send(get("/")).read().text().contains("IllegalStateException: boom"));
            }
        }

        @Test
        void abortsTheConnectionWhenTheAppFailsAfterHeaders() throws IOException {
            HttpServer server = start((env, sr) -> {
                env.put(Environ.WSGI_ERRORS, new PrintStream(OutputStreamNull.INSTANCE));
                sr.start(Status.OK, Headers.of("Content-Length", "10"));
                return () -> new Iterator<byte[]>() {
                    int n;

                    @Override
                    public boolean hasNext() {
                        return true;
                    }

                    @Override
                    public byte[] next() {
                        if (n++ == 0) {
                            return "12345".getBytes();
                        }
                        throw new IllegalStateException("failed half way");
                    }
                };
            });
            try (RawClient c = new RawClient(server.port())) {
                c.send(get("/"));
                byte[] all;
                try {
                    all = c.in.readAllBytes();
                } catch (IOException reset) {
                    all = new byte[0];
                }
                String text = new String(all, StandardCharsets.ISO_8859_1);
                assertFalse(text.endsWith("1234567890"), text);
            }
        }

        @Test
        void closesTheBodyWhenTheClientGoesAwayMidResponse() throws Exception {
            CountDownLatch closed = new CountDownLatch(1);
            HttpServer server = start((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                Iterator<byte[]> endless = new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return true;
                    }

                    @Override
                    public byte[] next() {
                        return new byte[64 * 1024];
                    }
                };
                return Body.onClose(() -> endless, closed::countDown);
            });
            RawClient c = new RawClient(server.port());
            c.send(get("/"));
            c.in.readNBytes(100_000);
            c.socket.setSoLinger(true, 0);
            c.close();
            assertTrue(closed.await(RawClient.SAFETY_TIMEOUT_MS, TimeUnit.MILLISECONDS));
            try (RawClient other = new RawClient(server.port())) {
                assertEquals(200, other.send(get("/")).readHead().status());
            }
        }

        @Test
        void keepsServingOthersWhileOneClientStalls() throws IOException {
            HttpServer server = start(HELLO, QUIET.toBuilder().threadMode(ThreadMode.PLATFORM).workers(4).build());
            try (RawClient stalled = new RawClient(server.port()); RawClient other = new RawClient(server.port())) {
                stalled.send("GET / HTTP/1.1\r\nHo");
                assertEquals("Hello world!", other.send(get("/")).read().text());
            }
        }
    }

    @Nested
    class SlowClients {
        @Test
        @DisplayName("at maxConnections, a connection that sent nothing is closed to make room for a new client")
        void aFullServerClosesASilentConnectionForANewClient() throws IOException {
            // time limits far beyond the client's read timeout: only making room can answer the new client
            HttpServer server = start(HELLO, QUIET.toBuilder().maxConnections(1)
                    .headerTimeout(Duration.ofMinutes(5)).idleTimeout(Duration.ofMinutes(5)).build());
            try (RawClient silent = new RawClient(server.port()); RawClient next = new RawClient(server.port())) {
                assertEquals("Hello world!", next.send(get("/")).read().text());
                assertTrue(silent.closedByServer());
            }
        }

        @Test
        void handleRequestLeavesMaxConnectionsAsItWasForServingAfterwards() throws Exception {
            // a request served by handleRequest() took no connection slot, so its end must give none back: else
            // every such call raises the limit by one for a server that serves in the background later
            HttpServer server = HttpServer.make("127.0.0.1", 0, HELLO, QUIET.toBuilder().maxConnections(1)
                    .headerTimeout(Duration.ofMinutes(5)).idleTimeout(Duration.ofMinutes(5)).build());
            servers.add(server);
            CompletableFuture<Void> served = CompletableFuture.runAsync(server::handleRequest);
            try (RawClient once = new RawClient(server.port())) {
                assertEquals("Hello world!", once.send(get("/")).read().text());
            }
            served.get(RawClient.SAFETY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            server.start();
            try (RawClient silent = new RawClient(server.port()); RawClient next = new RawClient(server.port())) {
                assertEquals("Hello world!", next.send(get("/")).read().text());
                assertTrue(silent.closedByServer(), "at maxConnections 1 the silent connection makes room");
            }
        }

        @Test
        @DisplayName("at maxConnections, a connection whose request is running is not closed: the new client waits"
                + " until it is idle")
        void aFullServerNeverClosesAWorkingConnection() throws Exception {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            HttpServer server = start((env, sr) -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return HELLO.call(env, sr);
            }, QUIET.toBuilder().maxConnections(1).idleTimeout(Duration.ofMinutes(5)).build());
            try (RawClient working = new RawClient(server.port())) {
                working.send(get("/"));
                assertTrue(running.await(RawClient.SAFETY_TIMEOUT_MS, TimeUnit.MILLISECONDS));
                try (RawClient next = new RawClient(server.port())) {
                    next.send(get("/"));
                    release.countDown();
                    assertEquals("Hello world!", working.read().text());
                    assertEquals("Hello world!", next.read().text());
                }
            }
        }

        @Test
        void answers408WhenTheHeadDoesNotArriveInTime() throws IOException {
            HttpServer server = start(HELLO, QUIET.toBuilder().headerTimeout(Duration.ofMillis(200)).build());
            try (RawClient c = new RawClient(server.port())) {
                c.send("GET / HTTP/1.1\r\nHost: h\r\n");
                RawClient.Response r = c.read();
                assertEquals(408, r.status());
                assertEquals("close", r.header("Connection"));
                assertTrue(c.closedByServer());
            }
        }

        @Test
        void answers408ToAClientTricklingBytes() throws Exception {
            HttpServer server = start(HELLO, QUIET.toBuilder().headerTimeout(Duration.ofMillis(300)).build());
            try (RawClient c = new RawClient(server.port())) {
                AtomicBoolean gotResponse = new AtomicBoolean();
                String head = "GET / HTTP/1.1\r\nX-Slow: " + "a".repeat(200);
                for (int i = 0; i < head.length() && !gotResponse.get(); i++) {
                    try {
                        c.send(head.substring(i, i + 1));
                    } catch (IOException closed) {
                        break;
                    }
                    Thread.sleep(5);
                    gotResponse.set(c.in.available() > 0);
                }
                assertEquals(408, c.read().status());
            }
        }

        @Test
        void closesAConnectionWhoseClientStopsReadingTheResponse() throws Exception {
            CountDownLatch closed = new CountDownLatch(1);
            HttpServer server = start((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Type", "application/octet-stream"));
                Iterator<byte[]> endless = new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return true;
                    }

                    @Override
                    public byte[] next() {
                        return new byte[256 * 1024];
                    }
                };
                return Body.onClose(() -> endless, closed::countDown);
            }, QUIET.toBuilder().bodyTimeout(Duration.ofMillis(200)).build());
            try (RawClient c = new RawClient(server.port())) {
                c.socket.setReceiveBufferSize(4096);
                c.send(get("/")); // and never read: the server's writes block until its deadline
                assertTrue(closed.await(RawClient.SAFETY_TIMEOUT_MS, TimeUnit.MILLISECONDS));
            }
            try (RawClient other = new RawClient(server.port())) {
                assertEquals(200, other.send("HEAD / HTTP/1.1\r\nHost: h\r\n\r\n").readHead().status());
            }
        }

        @Test
        void endsACloseDelimitedResponseCutByTheWriteTimeoutWithAResetNotAnEnding() throws Exception {
            // HTTP/1.0 without Content-Length: the body ends where the connection ends (RFC 9112
            // section 6.3), so a clean close after a cut would make the partial body look complete
            CountDownLatch closed = new CountDownLatch(1);
            HttpServer server = start((env, sr) -> {
                Write write = sr.start(Status.OK, Headers.of("Content-Type", "application/octet-stream"));
                try {
                    while (true) {
                        write.write(new byte[256 * 1024]);
                    }
                } finally {
                    closed.countDown();
                }
            }, QUIET.toBuilder().bodyTimeout(Duration.ofMillis(200)).build());
            try (RawClient c = new RawClient(server.port())) {
                c.socket.setReceiveBufferSize(4096);
                c.send("GET / HTTP/1.0\r\n\r\n"); // and stop reading until the server gave up
                assertTrue(closed.await(RawClient.SAFETY_TIMEOUT_MS, TimeUnit.MILLISECONDS));
                assertThrows(SocketException.class, c::readAll, "the cut response must end in a reset");
            }
        }

        @Test
        void deliversTheWholeResponseToAClientThatSendsItsWholeBodyBeforeReading() throws Exception {
            // the app ignores a body larger than maxDrainBytes, so the connection closes lingering;
            // the client, as many do, sends all of it before it reads, so the response still waits
            // in the server's send buffer while the body keeps arriving: a reset would discard it
            byte[] response = new byte[256 * 1024];
            HttpServer server = start((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Length", Integer.toString(response.length)));
                return List.of(response);
            });
            try (Socket s = new Socket()) {
                s.setReceiveBufferSize(16 * 1024);
                s.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
                s.setSoTimeout(RawClient.SAFETY_TIMEOUT_MS);
                int body = 12 << 20;
                s.getOutputStream().write(("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: " + body + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                byte[] chunk = new byte[64 * 1024];
                for (int sent = 0; sent < body; sent += chunk.length) {
                    s.getOutputStream().write(chunk);
                }
                String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(text.startsWith("HTTP/1.1 200 OK\r\n"), text.lines().findFirst().orElse(""));
                assertEquals(response.length, text.length() - text.indexOf("\r\n\r\n") - 4, "the whole body");
            }
        }

        @Test
        void failsTheAppsReadWhenTheBodyStalls() throws IOException {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            HttpServer server = start((env, sr) -> {
                try {
                    env.input().readAllBytes();
                } catch (IOException e) {
                    failure.set(e);
                }
                sr.start(Status.OK, Headers.of());
                return Body.empty();
            }, QUIET.toBuilder().bodyTimeout(Duration.ofMillis(100)).build());
            try (RawClient c = new RawClient(server.port())) {
                // the first 8 KiB, so the application runs and its read waits for the rest (HttpServerBodyWaitTest)
                c.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10000\r\n\r\n" + "a".repeat(8192));
                RawClient.Response r = c.read();
                assertEquals(200, r.status());
                assertEquals("close", r.header("Connection"));
                assertTrue(failure.get() instanceof SocketTimeoutException, String.valueOf(failure.get()));
            }
        }

        @Test
        void answers408WhenTheAppLetsAStalledBodyReadEscape() throws IOException {
            HttpServer server = start((env, sr) -> {
                env.input().readAllBytes();
                return HELLO.call(env, sr);
            }, QUIET.toBuilder().bodyTimeout(Duration.ofMillis(100)).build());
            try (RawClient c = new RawClient(server.port())) {
                c.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc");
                RawClient.Response r = c.read();
                assertEquals(408, r.status());
                assertEquals("close", r.header("Connection"));
            }
        }

        @Test
        void answers408ToABodyThatKeepsArrivingSlowerThanMinBodyRate() throws Exception {
            // each byte comes well within bodyTimeout, so only the rate ends it: 8 KiB earn their reads
            // 82 ms at 100,000 bytes per second, and bytes 50 ms apart earn almost nothing more
            HttpServer server = start((env, sr) -> {
                env.input().readAllBytes();
                return HELLO.call(env, sr);
            }, QUIET.toBuilder().bodyTimeout(Duration.ofMillis(300)).minBodyRate(100_000).build());
            try (RawClient c = new RawClient(server.port())) {
                c.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10000\r\n\r\n" + "a".repeat(8192));
                try {
                    for (int i = 0; i < 1000 && c.in.available() == 0; i++) { // until answered; 50 s at most
                        c.send("a");
                        Thread.sleep(50);
                    }
                } catch (IOException closed) {
                    // the server answered and closed while the client still sent
                }
                RawClient.Response r = c.read();
                assertEquals(408, r.status());
                assertTrue(r.text().contains("the request body arrived slower than 100000 bytes per second beyond its"
                        + " first 300 ms"), r.text());
            }
        }

        @Test
        void aBodyThatKeepsArrivingIsReadWithoutLimitWhenMinBodyRateIsZero() throws Exception {
            HttpServer server = start((env, sr) -> {
                byte[] body = env.input().readAllBytes();
                sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                return Body.of("read " + body.length);
            }, QUIET.toBuilder().bodyTimeout(Duration.ofMillis(300)).minBodyRate(0).build());
            try (RawClient c = new RawClient(server.port())) {
                c.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 8212\r\n\r\n" + "a".repeat(8192));
                for (int i = 0; i < 20; i++) { // a second in all, each byte within bodyTimeout
                    c.send("a");
                    Thread.sleep(50);
                }
                RawClient.Response r = c.read();
                assertEquals(200, r.status());
                assertEquals("read 8212", r.text());
            }
        }
    }

    @Nested
    class Shutdown {
        /** Runs {@code shutdown(grace)} on a thread of its own, as a signal handler would, so the test acts during the drain. */
        private Thread drainInBackground(HttpServer server, Duration grace) {
            Thread stopper = new Thread(() -> server.shutdown(grace));
            stopper.start();
            return stopper;
        }

        /** The drain begun by {@link #drainInBackground} has returned. */
        private void assertDrainEnds(Thread stopper) throws InterruptedException {
            stopper.join(RawClient.SAFETY_TIMEOUT_MS);
            assertFalse(stopper.isAlive());
        }

        private void closeAll(List<RawClient> clients) throws IOException {
            for (RawClient c : clients) {
                c.close();
            }
        }

        @Test
        void letsARequestInFlightFinish() throws Exception {
            CountDownLatch inApp = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            HttpServer server = start((env, sr) -> {
                inApp.countDown();
                release.await();
                return HELLO.call(env, sr);
            });
            try (RawClient c = new RawClient(server.port())) {
                c.send(get("/"));
                assertTrue(inApp.await(RawClient.SAFETY_TIMEOUT_MS, TimeUnit.MILLISECONDS));
                Thread stopper = drainInBackground(server, Duration.ofSeconds(10));
                Thread.sleep(50);
                release.countDown();
                RawClient.Response r = c.read();
                assertEquals("Hello world!", r.text());
                assertEquals("close", r.header("Connection"));
                assertDrainEnds(stopper);
            }
            assertThrows(IOException.class, () -> new RawClient(server.port()).send(get("/")).read());
        }

        @Test
        void servesEveryRequestSentBeforeTheDrainAlsoThoseWaitingForAWorker() throws Exception {
            // 12 requests, at most 2 run at once: the rest wait for a worker or sit unread in their
            // sockets when the drain begins; each must be answered, none closed unanswered
            CountDownLatch release = new CountDownLatch(1);
            HttpServer server = start((env, sr) -> {
                if (env.pathInfo().equals("/hold")) {
                    release.await();
                }
                return HELLO.call(env, sr);
            }, QUIET.toBuilder().workers(2).threadMode(ThreadMode.PLATFORM).build());
            List<RawClient> clients = new ArrayList<>();
            try (RawClient idle = new RawClient(server.port())) {
                idle.send(get("/")).read();
                for (int i = 0; i < 12; i++) {
                    RawClient c = new RawClient(server.port());
                    clients.add(c);
                    c.send(get("/hold"));
                }
                Thread stopper = drainInBackground(server, Duration.ofSeconds(20));
                assertTrue(idle.closedByServer(), "the drain closes a connection with no request");
                release.countDown();
                for (RawClient c : clients) {
                    RawClient.Response r = c.read();
                    assertEquals("Hello world!", r.text());
                    assertEquals("close", r.header("Connection"));
                }
                assertDrainEnds(stopper);
            } finally {
                closeAll(clients);
            }
        }

        @Test
        void servesTheRequestsOfConnectionsThatWaitedToBeAcceptedWhenTheDrainBegan() throws Exception {
            // a full server (2 connections, both working): the third connection waits for a slot in the
            // acceptor, the fourth in the kernel's listen backlog; both sent a request before the drain
            CountDownLatch inApp = new CountDownLatch(2);
            CountDownLatch release = new CountDownLatch(1);
            HttpServer server = start((env, sr) -> {
                inApp.countDown();
                release.await();
                return HELLO.call(env, sr);
            }, QUIET.toBuilder().maxConnections(2).build());
            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    clients.add(new RawClient(server.port()));
                    clients.get(i).send(get("/working"));
                }
                assertTrue(inApp.await(RawClient.SAFETY_TIMEOUT_MS, TimeUnit.MILLISECONDS));
                for (int i = 2; i < 4; i++) {
                    clients.add(new RawClient(server.port())); // connect() completes: the kernel accepted it
                    clients.get(i).send(get("/waiting"));
                }
                Thread stopper = drainInBackground(server, Duration.ofSeconds(20));
                while (!server.readiness().draining()) {
                    Thread.onSpinWait();
                }
                release.countDown();
                for (RawClient c : clients) {
                    assertEquals("Hello world!", c.read().text());
                }
                assertDrainEnds(stopper);
            } finally {
                closeAll(clients);
            }
        }

        @Test
        void closesIdleConnectionsAtOnce() throws IOException {
            HttpServer server = start(HELLO);
            try (RawClient c = new RawClient(server.port())) {
                c.send(get("/")).read();
                server.shutdown(Duration.ofSeconds(30));
                assertTrue(c.closedByServer());
            }
        }

        @Test
        void cutsOffWhatIsStillRunningAfterTheGracePeriod() throws Exception {
            CountDownLatch inApp = new CountDownLatch(1);
            HttpServer server = start((env, sr) -> {
                inApp.countDown();
                Thread.sleep(RawClient.SAFETY_TIMEOUT_MS);
                return HELLO.call(env, sr);
            });
            try (RawClient c = new RawClient(server.port())) {
                c.send(get("/"));
                assertTrue(inApp.await(RawClient.SAFETY_TIMEOUT_MS, TimeUnit.MILLISECONDS));
                server.shutdown(Duration.ofMillis(50));
                assertTrue(c.closedByServer());
            }
        }

        /**
         * An application's own stop endpoint: a shutdown called by a request of the server cannot wait
         * for the requests in flight, this one among them. With a grace far longer than the client waits,
         * the request is answered (Connection: close) only if the shutdown returns at once and lets the
         * drain finish without it; before, it waited out the grace and then cut its own connection.
         */
        @ParameterizedTest
        @ValueSource(strings = {"AUTO", "PLATFORM"})
        void aRequestThatShutsTheServerDownIsAnsweredAndTheDrainEnds(String mode) throws Exception {
            AtomicReference<HttpServer> self = new AtomicReference<>();
            CountDownLatch returned = new CountDownLatch(1);
            HttpServer server = start((env, sr) -> {
                if (env.pathInfo().equals("/quit")) {
                    self.get().shutdown(Duration.ofHours(1));
                    returned.countDown();
                }
                return HELLO.call(env, sr);
            }, QUIET.toBuilder().threadMode(ThreadMode.valueOf(mode)).build());
            self.set(server);
            try (RawClient c = new RawClient(server.port())) {
                c.send(get("/quit"));
                RawClient.Response r = c.read();
                assertEquals("Hello world!", r.text());
                assertEquals("close", r.header("Connection"));
                assertTrue(c.closedByServer());
            }
            assertTrue(returned.await(RawClient.SAFETY_TIMEOUT_MS, TimeUnit.MILLISECONDS));
            assertTrue(server.readiness().draining());
            assertThrows(IOException.class, () -> new RawClient(server.port()).send(get("/")).read());
        }

        @Test
        void aRequestServedByHandleRequestThatShutsTheServerDownIsAnswered() throws Exception {
            AtomicReference<HttpServer> self = new AtomicReference<>();
            HttpServer server = HttpServer.make("127.0.0.1", 0, (env, sr) -> {
                self.get().shutdown(Duration.ofHours(1));
                return HELLO.call(env, sr);
            }, QUIET);
            servers.add(server);
            self.set(server);
            try (RawClient c = new RawClient(server.port())) {
                c.send(get("/quit"));
                Thread serving = new Thread(server::handleRequest);
                serving.start();
                assertEquals("Hello world!", c.read().text());
                serving.join(RawClient.SAFETY_TIMEOUT_MS);
                assertFalse(serving.isAlive());
            }
        }

        @Test
        void isIdempotentAndWorksAsClose() {
            HttpServer server = start(HELLO);
            server.close();
            server.shutdown();
            assertThrows(IllegalStateException.class, server::serveForever);
        }
    }

    /** A connection that waits for a request holds no thread: it waits in the reactor, on every JDK. */
    @Nested
    class IdleParking {
        HttpServer parkingServer(ServerConfig config) {
            return start(HELLO, config);
        }

        void awaitParked(HttpServer server, int n) throws InterruptedException {
            for (int i = 0; i < 1000 && server.waiting() < n; i++) {
                Thread.sleep(10);
            }
            assertEquals(n, server.waiting());
        }

        @Test
        void parksAnIdleConnectionAndServesItsNextRequest() throws Exception {
            HttpServer server = parkingServer(QUIET);
            try (RawClient c = new RawClient(server.port())) {
                assertEquals("Hello world!", c.send(get("/")).read().text());
                awaitParked(server, 1);
                assertEquals("Hello world!", c.send(get("/again")).read().text());
                assertEquals("Hello world!", c.send(get("/and-again")).read().text());
            }
        }

        @Test
        void closesAParkedConnectionAtTheIdleTimeout() throws Exception {
            HttpServer server = parkingServer(QUIET.toBuilder().idleTimeout(Duration.ofMillis(300)).build());
            try (RawClient c = new RawClient(server.port())) {
                c.send(get("/")).read();
                assertTrue(c.closedByServer());
            }
        }

        @Test
        void closesParkedConnectionsOnShutdown() throws Exception {
            HttpServer server = parkingServer(QUIET);
            try (RawClient c = new RawClient(server.port())) {
                c.send(get("/")).read();
                awaitParked(server, 1);
                server.shutdown(Duration.ofSeconds(5));
                assertTrue(c.closedByServer());
            }
        }
    }

    /** Swallows what an intentionally failing app logs. */
    static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
            // discard
        }
    }
}
