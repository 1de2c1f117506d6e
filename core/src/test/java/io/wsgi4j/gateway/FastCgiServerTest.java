// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import java.io.IOException;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;

/** The FastCGI responder over real sockets, driven record by record. */
class FastCgiServerTest {
    private static final Application HELLO = (env, sr) -> {
        sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
        return Body.of("hello " + env.pathInfo());
    };

    /** Reads the whole of {@code wsgi.input} and says what it got, or how the reading failed. */
    private static final Application READ_ALL = (env, sr) -> {
        sr.start("200 OK", Headers.of());
        try {
            byte[] body = env.input().readAllBytes();
            return Body.of("read " + body.length + ": " + new String(body, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return Body.of("input failed: " + e.getMessage());
        }
    };

    private FastCgiServer server;

    private FastCgiWire serve(Application app) throws IOException {
        return serve(app, GatewayConfig.builder().allowedPeers(List.of()).build());
    }

    private FastCgiWire serve(Application app, GatewayConfig config) throws IOException {
        server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), app, config).start();
        return FastCgiWire.connect(server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown();
        }
    }

    private static Map<String, String> post(String path, int length) {
        Map<String, String> p = new HashMap<>(FastCgiWire.get(path));
        p.put("REQUEST_METHOD", "POST");
        p.put("CONTENT_LENGTH", Integer.toString(length));
        return p;
    }

    @Nested
    class Requests {
        @Test
        void answersWithACgiResponseOnStdoutAndEndsTheRequest() throws IOException {
            try (FastCgiWire wire = serve(HELLO)) {
                FastCgiWire.Response r = wire.request(1, false, FastCgiWire.get("/a")).response(1);
                assertEquals("Status: 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n\r\nhello /a", r.text());
                assertEquals(0, r.appStatus());
                assertEquals(FastCgiRecord.REQUEST_COMPLETE, r.protocolStatus());
                assertTrue(wire.closedByPeer(), "without FCGI_KEEP_CONN the gateway closes the connection");
            }
        }

        @Test
        void keepsTheConnectionForTheNextRequestWithKeepConn() throws IOException {
            try (FastCgiWire wire = serve(HELLO)) {
                assertTrue(wire.request(1, true, FastCgiWire.get("/one")).response(1).text().endsWith("hello /one"));
                assertTrue(wire.request(1, true, FastCgiWire.get("/two")).response(1).text().endsWith("hello /two"));
            }
        }

        @Test
        void streamsStdinIntoWsgiInputBeforeTheBodyIsComplete() throws Exception {
            // the gateway waits for the first 8 KiB (FastCgiBodyWaitTest); the rest streams as it comes
            CountDownLatch firstBytesRead = new CountDownLatch(1);
            Application app = (env, sr) -> {
                byte[] first = env.input().readNBytes(8192);
                firstBytesRead.countDown();
                byte[] rest = env.input().readAllBytes();
                sr.start("200 OK", Headers.of());
                return Body.of(new String(first).substring(0, 5) + "|" + new String(rest));
            };
            try (FastCgiWire wire = serve(app)) {
                wire.begin(1, FastCgiRecord.ROLE_RESPONDER, true).params(1, post("/", 8197))
                        .stdin(1, ("hello" + "x".repeat(8187)).getBytes());
                assertTrue(firstBytesRead.await(10, TimeUnit.SECONDS), "the app read the first STDIN record alone");
                wire.stdin(1, "world".getBytes()).endStdin(1);
                assertTrue(wire.response(1).text().endsWith("hello|world"));
            }
        }

        /**
         * nginx up to 1.22 passes a request header that came twice as two PARAMS of the same name
         * ({@code HTTP_COOKIE a=1}, then {@code HTTP_COOKIE b=2}); it leaves the header out when the
         * configuration sets that HTTP_* name itself, so a repeat is always the client's. SPEC.md section 2
         * has repeated headers joined with ", " (Cookie with "; "); the gateway kept only the last value,
         * so the application lost the first cookie. A CGI name given twice is nginx's override
         * ({@code fastcgi_param QUERY_STRING ...} after {@code include fastcgi_params}): the last one wins.
         */
        @Test
        void joinsARequestHeaderTheWebServerPassedTwiceAsSpecSection2Has() throws IOException {
            Application app = (env, sr) -> {
                sr.start("200 OK", Headers.of());
                return Body.of(env.get("HTTP_COOKIE") + "|" + env.get("HTTP_X_A") + "|" + env.get("QUERY_STRING"));
            };
            java.io.ByteArrayOutputStream params = new java.io.ByteArrayOutputStream();
            params.writeBytes(FastCgiParams.encode(FastCgiWire.get("/")));
            for (String[] pair : new String[][] {{"QUERY_STRING", "a=1"}, {"HTTP_X_A", "one"}, {"HTTP_COOKIE", "a=1"},
                {"HTTP_X_A", "two"}, {"HTTP_COOKIE", "b=2"}, {"QUERY_STRING", "b=2"}}) {
                params.writeBytes(FastCgiParams.encode(Map.of(pair[0], pair[1])));
            }
            try (FastCgiWire wire = serve(app)) {
                String text = wire.begin(1, FastCgiRecord.ROLE_RESPONDER, false)
                        .record(FastCgiRecord.PARAMS, 1, params.toByteArray()).record(FastCgiRecord.PARAMS, 1, new byte[0])
                        .endStdin(1).response(1).text();
                assertTrue(text.endsWith("\r\n\r\na=1; b=2|one, two|b=2"), text);
            }
        }

        @Test
        void wsgiInputEndsAtContentLengthWhenStdinCarriesMoreR2_15() throws IOException {
            try (FastCgiWire wire = serve(READ_ALL)) {
                wire.begin(1, FastCgiRecord.ROLE_RESPONDER, false).params(1, post("/", 3))
                        .stdin(1, "abcdef".getBytes(StandardCharsets.US_ASCII)).endStdin(1);
                assertTrue(wire.response(1).text().endsWith("\r\n\r\nread 3: abc"));
            }
        }

        @Test
        void wsgiInputEndsAtTheContentLengthHeaderWhenTheWebServerSentNoCgiNameR2_15() throws IOException {
            // a web server configured without fastcgi_params passes the header alone; the environ then
            // gives its value as CONTENT_LENGTH, and wsgi.input must end there too
            try (FastCgiWire wire = serve(READ_ALL)) {
                Map<String, String> p = new HashMap<>(FastCgiWire.get("/"));
                p.put("REQUEST_METHOD", "POST");
                p.put("HTTP_CONTENT_LENGTH", "3");
                wire.begin(1, FastCgiRecord.ROLE_RESPONDER, false).params(1, p)
                        .stdin(1, "abcdef".getBytes(StandardCharsets.US_ASCII)).endStdin(1);
                String text = wire.response(1).text();
                assertTrue(text.endsWith("\r\n\r\nread 3: abc"), text);
            }
        }

        @Test
        void stdinEndingBeforeContentLengthFailsTheInputInsteadOfGivingAShortBody() throws IOException {
            // FastCGI 1.0 section 6.2: a responder compares the STDIN it got with CONTENT_LENGTH
            try (FastCgiWire wire = serve(READ_ALL)) {
                wire.begin(1, FastCgiRecord.ROLE_RESPONDER, false).params(1, post("/", 10))
                        .stdin(1, "abc".getBytes(StandardCharsets.US_ASCII)).endStdin(1);
                String text = wire.response(1).text();
                assertTrue(text.endsWith("input failed: the request body ended 7 bytes before its CONTENT_LENGTH"),
                        text);
            }
        }

        @Test
        void sendsWsgiErrorsAsStderrRecords() throws IOException {
            Application app = (env, sr) -> {
                env.errors().println("something to log");
                sr.start("200 OK", Headers.of());
                return Body.of("ok");
            };
            try (FastCgiWire wire = serve(app)) {
                FastCgiWire.Response r = wire.request(1, false, FastCgiWire.get("/")).response(1);
                assertEquals("something to log\n", r.stderr());
            }
        }

        @Test
        void eachLineWrittenToWsgiErrorsLeavesAsOneStderrRecord() throws IOException {
            // nginx logs each STDERR record as an error-log entry of its own: println's text and its
            // line break sent apart would log every line twice, once as a bare "\n"
            Application app = (env, sr) -> {
                env.errors().println("first line");
                env.errors().printf("second %s%n", "line");
                env.errors().print("a partial line");
                sr.start("200 OK", Headers.of());
                return Body.of("ok");
            };
            try (FastCgiWire wire = serve(app)) {
                wire.request(1, false, FastCgiWire.get("/"));
                List<String> records = new java.util.ArrayList<>();
                FastCgiRecord r;
                while ((r = wire.next()).type() != FastCgiRecord.END_REQUEST) {
                    if (r.type() == FastCgiRecord.STDERR && r.content().length > 0) {
                        records.add(new String(r.content(), StandardCharsets.UTF_8));
                    }
                }
                assertEquals(List.of("first line\n", "second line\n", "a partial line"), records);
            }
        }

        @Test
        void aRequestThatClosesWsgiErrorsDoesNotSilenceTheNextOnTheConnection() throws IOException {
            Application app = (env, sr) -> {
                env.errors().println("line of " + env.pathInfo());
                env.errors().close();
                sr.start("200 OK", Headers.of());
                return Body.of("ok");
            };
            try (FastCgiWire wire = serve(app)) {
                assertEquals("line of /a\n", wire.request(1, true, FastCgiWire.get("/a")).response(1).stderr());
                assertEquals("line of /b\n", wire.request(1, true, FastCgiWire.get("/b")).response(1).stderr());
            }
        }

        @Test
        void splitsALargeResponseIntoRecordsOfAtMost64KiB() throws IOException {
            byte[] big = new byte[300_000];
            Application app = (env, sr) -> {
                sr.start("200 OK", Headers.of());
                return List.of(big);
            };
            try (FastCgiWire wire = serve(app)) {
                wire.request(1, false, FastCgiWire.get("/"));
                int total = 0;
                FastCgiRecord r;
                while ((r = wire.next()).type() == FastCgiRecord.STDOUT) {
                    assertTrue(r.content().length <= 65535, "a record of " + r.content().length + " bytes");
                    total += r.content().length;
                }
                assertEquals(FastCgiRecord.END_REQUEST, r.type());
                assertTrue(total > big.length);
            }
        }
    }

    @Nested
    class Multiplexing {
        @Test
        void runsRequestsOnOneConnectionConcurrently() throws Exception {
            CountDownLatch secondRan = new CountDownLatch(1);
            Application app = (env, sr) -> {
                if (env.pathInfo().equals("/first")) {
                    if (!secondRan.await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the second request never ran");
                    }
                } else {
                    secondRan.countDown();
                }
                sr.start("200 OK", Headers.of());
                return Body.of(env.pathInfo());
            };
            try (FastCgiWire wire = serve(app)) {
                wire.request(1, true, FastCgiWire.get("/first")).request(2, true, FastCgiWire.get("/second"));
                // request 1 can only answer 200 if request 2 ran while it was still waiting
                String first = wire.response(1).text();
                assertTrue(first.startsWith("Status: 200 OK") && first.endsWith("/first"), first);
                assertTrue(wire.response(2).text().endsWith("/second"));
            }
        }

        /**
         * A request's head sent a PARAMS record at a time, each well within the header timeout, on a
         * connection that is busy with another request: the header timeout counts from its BEGIN_REQUEST,
         * as the reactor counts it for a connection's first head. Once it passed, the gateway reads no more
         * of the connection: the running request is still answered, then the connection closes. Each read
         * had the (30 s) body timeout before, and a head that went on for ever kept the connection.
         */
        @Test
        @org.junit.jupiter.api.Timeout(30) // on the old gateway the connection stays open after request 1: this ends it
        void aHeadSentARecordAtATimeEndsAtTheHeaderTimeoutOnAMultiplexedConnection() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            Application app = (env, sr) -> {
                release.await(); // request 1 keeps the connection busy while request 2's head trickles in
                sr.start("200 OK", Headers.of());
                return Body.of(env.pathInfo());
            };
            GatewayConfig config = GatewayConfig.builder().headerTimeout(java.time.Duration.ofMillis(300)).build();
            try (FastCgiWire wire = serve(app, config)) {
                wire.request(1, true, FastCgiWire.get("/first")).begin(2, FastCgiRecord.ROLE_RESPONDER, true);
                byte[] params = FastCgiParams.encode(FastCgiWire.get("/second"));
                try {
                    // a second of PARAMS, a byte every 100 ms, and the head never ends: however slowly the
                    // gateway reads, its header timeout passes before the head could be served
                    for (int i = 0; i < 10; i++) {
                        wire.record(FastCgiRecord.PARAMS, 2, new byte[] {params[i]});
                        Thread.sleep(100); // the pace of a slow peer, not a wait for an event
                    }
                } catch (IOException closed) {
                    // the gateway may refuse the rest outright
                }
                release.countDown();
                assertTrue(wire.response(1).text().endsWith("/first"), "the running request was still answered");
                java.util.List<FastCgiRecord> after = new java.util.ArrayList<>();
                try {
                    for (FastCgiRecord r; (r = wire.next()) != null; ) {
                        after.add(r);
                    }
                } catch (IOException reset) {
                    // closed with a reset: closed all the same
                }
                assertTrue(after.isEmpty(), () -> "more came after request 1: " + after);
            } finally {
                release.countDown();
            }
        }

        /**
         * One reader feeds every request's STDIN on a connection: when one application does not read its
         * body, the reader, waiting for room in that request's pipe, reads nothing more, and every other
         * request multiplexed on the connection stalls with it (here request 2's STDIN never arrives), for
         * as long as that application likes. With other requests on the connection the reader now waits
         * at most the body timeout, then fails that request's input with an error that says why.
         */
        @Test
        void anApplicationThatDoesNotReadItsBodyDoesNotStallTheOtherRequestsOnItsConnection() throws Exception {
            CountDownLatch secondAnswered = new CountDownLatch(1);
            Application app = (env, sr) -> {
                if (env.pathInfo().equals("/lazy")) {
                    // the guard only: on the old gateway request 2 is never answered while this waits
                    boolean inTime = secondAnswered.await(20, TimeUnit.SECONDS);
                    sr.start("200 OK", Headers.of());
                    try {
                        int read = env.input().readAllBytes().length;
                        return Body.of((inTime ? "in time" : "too late") + ", read " + read);
                    } catch (IOException e) {
                        return Body.of((inTime ? "in time" : "too late") + ", input failed: " + e.getMessage());
                    }
                }
                return READ_ALL.call(env, sr);
            };
            GatewayConfig config = GatewayConfig.builder().bodyTimeout(java.time.Duration.ofMillis(200)).build();
            try (FastCgiWire wire = serve(app, config)) {
                int big = 320 * 1024; // more than the 256 KiB a request's pipe holds
                wire.begin(1, FastCgiRecord.ROLE_RESPONDER, true).params(1, post("/lazy", big));
                wire.begin(2, FastCgiRecord.ROLE_RESPONDER, true).params(2, post("/eager", 2));
                wire.stdin(1, new byte[big]).endStdin(1).stdin(2, "ok".getBytes(StandardCharsets.US_ASCII)).endStdin(2);
                assertTrue(wire.response(2).text().endsWith("read 2: ok"));
                secondAnswered.countDown();
                String first = wire.response(1).text();
                assertTrue(first.contains("in time, input failed: the application read none of its request body"),
                        first);
            }
        }

        @Test
        void multiplexedRequestsEachGetTheirOwnStderr() throws Exception {
            CountDownLatch bothRunning = new CountDownLatch(2);
            Application app = (env, sr) -> {
                bothRunning.countDown();
                if (!bothRunning.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the other request never ran");
                }
                env.errors().println("from " + env.pathInfo()); // both print while both run
                sr.start("200 OK", Headers.of());
                return Body.of("ok");
            };
            try (FastCgiWire wire = serve(app)) {
                wire.request(1, true, FastCgiWire.get("/first")).request(2, true, FastCgiWire.get("/second"));
                assertEquals("from /first\n", wire.response(1).stderr());
                assertEquals("from /second\n", wire.response(2).stderr());
            }
        }

        @Test
        void aKeptErrorsStreamUsedFromAnotherThreadNeverWritesIntoAnotherRequestsStderr() throws Exception {
            AtomicReference<PrintStream> kept = new AtomicReference<>();
            Application app = (env, sr) -> {
                if (env.pathInfo().equals("/keep")) {
                    kept.set(env.errors());
                } else {
                    Thread other = new Thread(() -> kept.get().println("stale write from another thread"));
                    other.start();
                    other.join();
                    env.errors().println("own line");
                }
                sr.start("200 OK", Headers.of());
                return Body.of("ok");
            };
            try (FastCgiWire wire = serve(app)) {
                assertEquals("", wire.request(1, true, FastCgiWire.get("/keep")).response(1).stderr());
                assertEquals("own line\n", wire.request(1, true, FastCgiWire.get("/second")).response(1).stderr());
            }
        }

        @Test
        void answersGetValues() throws IOException {
            try (FastCgiWire wire = serve(HELLO, GatewayConfig.builder().maxConnections(10)
                    .maxMultiplexedRequests(5).build())) {
                byte[] ask = FastCgiParams.encode(Map.of("FCGI_MAX_CONNS", "", "FCGI_MAX_REQS", "",
                        "FCGI_MPXS_CONNS", "", "UNKNOWN_NAME", ""));
                wire.record(FastCgiRecord.GET_VALUES, 0, ask);
                FastCgiRecord r = wire.next();
                assertEquals(FastCgiRecord.GET_VALUES_RESULT, r.type());
                assertEquals(Map.of("FCGI_MAX_CONNS", "10", "FCGI_MAX_REQS", "50", "FCGI_MPXS_CONNS", "1"),
                        FastCgiParams.decode(r.content(), r.content().length));
            }
        }

        @Test
        @org.junit.jupiter.api.Timeout(60) // a liveness guard: the header timeout is 10 minutes
        void closesAtOnceOnAMalformedBeginRequestRatherThanAtTheHeaderTimeout() throws IOException {
            GatewayConfig config = GatewayConfig.builder().headerTimeout(java.time.Duration.ofMinutes(10)).build();
            try (FastCgiWire wire = serve(HELLO, config)) {
                wire.record(FastCgiRecord.BEGIN_REQUEST, 1, new byte[] {0, 1});
                assertNull(wire.next(), "the gateway closes the connection without an answer");
            }
        }

        /**
         * FastCGI 1.0 section 3.3: a request id becomes active at its BEGIN_REQUEST and inactive at the
         * application's END_REQUEST; a BEGIN_REQUEST is what starts an inactive id, so one for an id that
         * is active starts nothing and is ignored. It used to close the connection, killing every other
         * request multiplexed on it.
         */
        @Test
        void ignoresABeginRequestForAnActiveIdAndKeepsServingTheConnection() throws Exception {
            CountDownLatch firstRunning = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Application app = (env, sr) -> {
                if (env.pathInfo().equals("/first")) {
                    firstRunning.countDown();
                    release.await();
                }
                sr.start("200 OK", Headers.of());
                return Body.of(env.pathInfo());
            };
            try (FastCgiWire wire = serve(app)) {
                wire.request(1, true, FastCgiWire.get("/first"));
                assertTrue(firstRunning.await(10, TimeUnit.SECONDS));
                wire.begin(1, FastCgiRecord.ROLE_RESPONDER, true); // request 1 still runs
                // records are read in order: once request 2 is answered, the second BEGIN_REQUEST was read
                assertTrue(wire.request(2, true, FastCgiWire.get("/second")).response(2).text().endsWith("/second"));
                release.countDown();
                assertTrue(wire.response(1).text().endsWith("/first"));
                assertTrue(wire.request(1, true, FastCgiWire.get("/again")).response(1).text().endsWith("/again"));
            } finally {
                release.countDown();
            }
        }

        /** The same for a second BEGIN_REQUEST that comes before the first one's PARAMS: the request is served once. */
        @Test
        @org.junit.jupiter.api.Timeout(60) // a liveness guard: the header timeout is 10 minutes
        void ignoresASecondBeginRequestBeforeTheParams() throws IOException {
            GatewayConfig config = GatewayConfig.builder().headerTimeout(java.time.Duration.ofMinutes(10)).build();
            try (FastCgiWire wire = serve(HELLO, config)) {
                wire.begin(1, FastCgiRecord.ROLE_RESPONDER, true).begin(1, FastCgiRecord.ROLE_RESPONDER, true)
                        .params(1, FastCgiWire.get("/once")).endStdin(1);
                assertTrue(wire.response(1).text().endsWith("hello /once"));
                assertTrue(wire.request(2, true, FastCgiWire.get("/next")).response(2).text().endsWith("hello /next"));
            }
        }

        @Test
        void saysItDoesNotMultiplexWhenEachConnectionCarriesOneRequest() throws IOException {
            try (FastCgiWire wire = serve(HELLO, GatewayConfig.builder().maxMultiplexedRequests(1).build())) {
                wire.record(FastCgiRecord.GET_VALUES, 0, FastCgiParams.encode(Map.of("FCGI_MPXS_CONNS", "")));
                FastCgiRecord r = wire.next();
                assertEquals(Map.of("FCGI_MPXS_CONNS", "0"), FastCgiParams.decode(r.content(), r.content().length));
            }
        }

        @Test
        void refusesRequestsBeyondThePerConnectionLimitAsOverloaded() throws IOException {
            CountDownLatch release = new CountDownLatch(1);
            Application app = (env, sr) -> {
                release.await(10, TimeUnit.SECONDS);
                sr.start("200 OK", Headers.of());
                return Body.of("ok");
            };
            try (FastCgiWire wire = serve(app, GatewayConfig.builder().maxMultiplexedRequests(2).build())) {
                wire.request(1, true, FastCgiWire.get("/")).request(2, true, FastCgiWire.get("/"))
                        .begin(3, FastCgiRecord.ROLE_RESPONDER, true);
                FastCgiWire.Response refused = wire.response(3);
                assertEquals(FastCgiRecord.OVERLOADED, refused.protocolStatus());
                release.countDown();
                assertTrue(wire.response(1).text().endsWith("ok"));
                assertTrue(wire.response(2).text().endsWith("ok"));
            }
        }

        @Test
        void refusesAConcurrentRequestAsCantMpxConnWhenEachConnectionCarriesOneRequest() throws IOException {
            // FastCGI 1.0 section 5.5: FCGI_CANT_MPX_CONN is the answer of an application "designed to
            // process one request at a time per connection", as FCGI_MPXS_CONNS "0" says it is
            CountDownLatch release = new CountDownLatch(1);
            Application app = (env, sr) -> {
                release.await(10, TimeUnit.SECONDS);
                sr.start("200 OK", Headers.of());
                return Body.of("ok");
            };
            try (FastCgiWire wire = serve(app, GatewayConfig.builder().maxMultiplexedRequests(1).build())) {
                wire.request(1, true, FastCgiWire.get("/")).begin(2, FastCgiRecord.ROLE_RESPONDER, true);
                FastCgiWire.Response refused = wire.response(2);
                assertEquals(FastCgiRecord.CANT_MPX_CONN, refused.protocolStatus());
                release.countDown();
                assertTrue(wire.response(1).text().endsWith("ok"));
            }
        }

        @Test
        void aKeptConnectionReusedAsSoonAsEndRequestArrivesIsNeverRefused() throws IOException {
            // one request at a time, as nginx sends them: the next BEGIN_REQUEST may arrive before the
            // gateway has finished its bookkeeping for the request it just ended
            try (FastCgiWire wire = serve(HELLO, GatewayConfig.builder().maxMultiplexedRequests(1).build())) {
                for (int i = 0; i < 300; i++) {
                    FastCgiWire.Response r = wire.request(1, true, FastCgiWire.get("/" + i)).response(1);
                    assertEquals(FastCgiRecord.REQUEST_COMPLETE, r.protocolStatus(), "request " + i);
                    assertTrue(r.text().endsWith("/" + i), "request " + i + ": " + r.text());
                }
            }
        }

        @Test
        void refusesARequestBeyondTheLimitAtItsBeginWhileTheOtherRuns() throws Exception {
            // the running request arrived whole and runs without a reader (on the reactor thread, or
            // on the pool with the connection back in the reactor); the refusal must not wait for
            // PARAMS that a refused client has no reason to send
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Application app = (env, sr) -> {
                started.countDown();
                release.await(10, TimeUnit.SECONDS);
                sr.start("200 OK", Headers.of());
                return Body.of("ok");
            };
            try (FastCgiWire wire = serve(app, GatewayConfig.builder().maxMultiplexedRequests(1).build())) {
                wire.request(1, true, FastCgiWire.get("/"));
                assertTrue(started.await(10, TimeUnit.SECONDS), "request 1 runs");
                wire.begin(2, FastCgiRecord.ROLE_RESPONDER, true);
                FastCgiWire.Response refused = wire.response(2);
                assertEquals(FastCgiRecord.CANT_MPX_CONN, refused.protocolStatus());
                assertEquals(1, release.getCount(), "refused while request 1 still ran");
                release.countDown();
                assertTrue(wire.response(1).text().endsWith("ok"));
            }
        }

        /**
         * Request 2 begins and ends its STDIN, but its PARAMS never end, multiplexed with request 1 so
         * that a reader takes the connection. The web server then closes: the connection must close
         * (a fuzzer saw the reader hand it back to the reactor, which saw the end of stream and gave it
         * back to a reader, round and round at full CPU, the socket never closed).
         */
        @Test
        @org.junit.jupiter.api.Timeout(60) // a liveness guard: the header timeout is 10 minutes
        void aRequestWhoseParamsNeverEndDoesNotHoldAConnectionTheWebServerClosed() throws IOException {
            GatewayConfig config = GatewayConfig.builder().headerTimeout(java.time.Duration.ofMinutes(10)).build();
            try (FastCgiWire wire = serve(HELLO, config)) {
                wire.raw(paramsNeverEndBesideAWholeRequest());
                assertTrue(wire.response(1).text().endsWith("hello /one"));
                wire.shutdownOutput();
                assertNull(wire.next(), "the gateway closes the connection");
            }
        }

        /** The same with a web server that stays connected: the header time limit still closes it. */
        @Test
        @org.junit.jupiter.api.Timeout(60) // a liveness guard: the header timeout is 50 ms
        void aRequestWhoseParamsNeverEndIsClosedAtTheHeaderTimeout() throws IOException {
            GatewayConfig config = GatewayConfig.builder().headerTimeout(java.time.Duration.ofMillis(50)).build();
            try (FastCgiWire wire = serve(HELLO, config)) {
                wire.raw(paramsNeverEndBesideAWholeRequest());
                assertTrue(wire.response(1).text().endsWith("hello /one"));
                assertNull(wire.next(), "the gateway closes the connection");
            }
        }

        /**
         * The web server closes its side while a request it sent in full still runs (nginx does when its
         * client goes away). The gateway reads that end of stream once and waits for the request; a
         * fuzzer saw the connection bounce between the reactor (which saw the end of stream and
         * dispatched a reader) and a reader (which handed it straight back, having nothing buffered),
         * at full CPU for as long as the application ran. Counted here over the reactor turns of
         * twenty requests on another connection, which it serves meanwhile.
         */
        @Test
        void aConnectionTheWebServerClosedIsNotReadAgainAndAgainWhileItsRequestRuns() throws Exception {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Application app = (env, sr) -> {
                if (env.pathInfo().equals("/slow")) {
                    started.countDown();
                    release.await(30, TimeUnit.SECONDS);
                }
                return HELLO.call(env, sr);
            };
            try (FastCgiWire closing = serve(app); FastCgiWire other = FastCgiWire.connect(server.port())) {
                // two requests in one write: a reader, not the reactor, takes them
                FastCgiRecordWriter w = new FastCgiRecordWriter();
                for (int id = 1; id <= 2; id++) {
                    w.record(FastCgiRecord.BEGIN_REQUEST, id, new byte[] {0, 1, FastCgiRecord.FLAG_KEEP_CONN, 0, 0, 0, 0, 0},
                            0, 8);
                    byte[] params = FastCgiParams.encode(FastCgiWire.get(id == 1 ? "/slow" : "/fast"));
                    w.record(FastCgiRecord.PARAMS, id, params, 0, params.length);
                    w.record(FastCgiRecord.PARAMS, id, new byte[0], 0, 0);
                    w.record(FastCgiRecord.STDIN, id, new byte[0], 0, 0);
                }
                closing.raw(java.util.Arrays.copyOf(w.buffer(), w.length()));
                assertTrue(closing.response(2).text().endsWith("hello /fast"));
                assertTrue(started.await(30, TimeUnit.SECONDS), "the slow request runs");
                // the other connection's requests arrive whole, each in one write: they need no reader
                other.whole(1, true, FastCgiWire.get("/other"), new byte[0]).response(1);
                awaitWaiting(2, "both connections wait in the reactor");

                closing.shutdownOutput();
                awaitWaiting(1, "the closed connection left the reactor for a reader");
                long readers = server.loop().readerStarts();
                for (int i = 0; i < 20; i++) {
                    assertTrue(other.whole(1, true, FastCgiWire.get("/other"), new byte[0]).response(1).text()
                            .endsWith("/other"));
                }
                long meanwhile = server.loop().readerStarts() - readers;
                release.countDown();
                assertEquals(0, meanwhile, "readers started for the closed connection meanwhile");

                assertTrue(closing.response(1).text().endsWith("hello /slow"), "the running request is answered");
                assertNull(closing.next(), "then the connection closes");
            }
        }

        private void awaitWaiting(int expected, String what) {
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (server.loop().reactor().waiting() != expected) {
                if (System.nanoTime() > giveUp) {
                    throw new AssertionError("not within 30 s: " + what);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        }

        /** Request 2's BEGIN_REQUEST, empty STDIN and first PARAMS, then the whole of request 1, in one write. */
        private byte[] paramsNeverEndBesideAWholeRequest() {
            FastCgiRecordWriter w = new FastCgiRecordWriter();
            w.record(FastCgiRecord.BEGIN_REQUEST, 2, new byte[] {0, 1, FastCgiRecord.FLAG_KEEP_CONN, 0, 0, 0, 0, 0}, 0, 8);
            w.record(FastCgiRecord.STDIN, 2, new byte[0], 0, 0);
            byte[] some = FastCgiParams.encode(Map.of("REQUEST_METHOD", "GET"));
            w.record(FastCgiRecord.PARAMS, 2, some, 0, some.length);
            w.record(FastCgiRecord.BEGIN_REQUEST, 1, new byte[] {0, 1, FastCgiRecord.FLAG_KEEP_CONN, 0, 0, 0, 0, 0}, 0, 8);
            byte[] params = FastCgiParams.encode(FastCgiWire.get("/one"));
            w.record(FastCgiRecord.PARAMS, 1, params, 0, params.length);
            w.record(FastCgiRecord.PARAMS, 1, new byte[0], 0, 0);
            w.record(FastCgiRecord.STDIN, 1, new byte[0], 0, 0);
            return java.util.Arrays.copyOf(w.buffer(), w.length());
        }
    }

    @Nested
    class ManagementAndRoles {
        @Test
        void answersAnUnknownManagementTypeWithUnknownType() throws IOException {
            try (FastCgiWire wire = serve(HELLO)) {
                wire.record(99, 0, new byte[0]);
                FastCgiRecord r = wire.next();
                assertEquals(FastCgiRecord.UNKNOWN_TYPE, r.type());
                assertEquals(99, r.content()[0]);
            }
        }

        @Test
        void refusesTheAuthorizerRoleWithUnknownRole() throws IOException {
            try (FastCgiWire wire = serve(HELLO)) {
                FastCgiWire.Response r = wire.begin(1, 2, true).response(1);
                assertEquals(FastCgiRecord.UNKNOWN_ROLE, r.protocolStatus());
                assertTrue(wire.request(3, true, FastCgiWire.get("/after")).response(3).text().endsWith("/after"));
            }
        }

        /**
         * A GET_VALUES record whose name-value pairs run past its end (FastCGI 1.0 sections 3.4 and 4.1)
         * is a whole record: the stream is still in step, as after malformed PARAMS, which are answered
         * 400 with the connection kept. It is answered with a GET_VALUES_RESULT naming no variable, and
         * the requests on the connection go on. It used to close the connection, cutting short every
         * request running on it, with a log line that blamed "malformed PARAMS".
         */
        @Test
        void answersAMalformedGetValuesWithNoValuesAndKeepsTheRequestsOnTheConnection() throws Exception {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Application app = (env, sr) -> {
                if (env.pathInfo().equals("/slow")) {
                    running.countDown();
                    release.await();
                }
                sr.start("200 OK", Headers.of());
                return Body.of("done " + env.pathInfo());
            };
            try (FastCgiWire wire = serve(app)) {
                wire.request(1, true, FastCgiWire.get("/slow"));
                assertTrue(running.await(10, TimeUnit.SECONDS));
                wire.record(FastCgiRecord.GET_VALUES, 0, new byte[] {14, 5, 'F', 'C', 'G', 'I'}); // 19 bytes in 4
                FastCgiRecord answer = wire.next();
                assertNotNull(answer, "the gateway closed the connection instead of answering GET_VALUES");
                assertEquals(FastCgiRecord.GET_VALUES_RESULT, answer.type());
                assertEquals(0, answer.content().length);
                release.countDown();
                FastCgiWire.Response slow = wire.response(1);
                assertTrue(slow.text().endsWith("done /slow"), slow.text());
                assertEquals(FastCgiRecord.REQUEST_COMPLETE, slow.protocolStatus());
                assertTrue(wire.request(2, true, FastCgiWire.get("/next")).response(2).text().endsWith("done /next"));
            } finally {
                release.countDown();
            }
        }
    }

    @Nested
    class Abort {
        @Test
        void abortRequestEndsTheResponseAndClosesTheBody() throws Exception {
            EndlessApp app = new EndlessApp();
            try (FastCgiWire wire = serve(app)) {
                wire.request(1, true, FastCgiWire.get("/endless"));
                assertTrue(app.started.await(10, TimeUnit.SECONDS));
                wire.record(FastCgiRecord.ABORT_REQUEST, 1, new byte[0]);
                FastCgiRecord r;
                while ((r = wire.next()).type() != FastCgiRecord.END_REQUEST) {
                    assertEquals(FastCgiRecord.STDOUT, r.type());
                }
                assertTrue(app.closed.await(10, TimeUnit.SECONDS), "close() was called");
                assertTrue(wire.request(2, true, FastCgiWire.get("/next")).response(2).stdout().length > 0);
            }
        }

        @Test
        void anAbortAfterTheWholeBodyArrivedNeverShortensTheBodyTheApplicationReads() throws Exception {
            CountDownLatch aborted = new CountDownLatch(1);
            java.util.concurrent.CompletableFuture<String> read = new java.util.concurrent.CompletableFuture<>();
            Application app = (env, sr) -> {
                assertTrue(aborted.await(10, TimeUnit.SECONDS));
                try {
                    read.complete("read " + new String(env.input().readAllBytes(), StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    read.complete("input failed: " + e.getMessage());
                }
                sr.start("200 OK", Headers.of());
                return Body.of("ok");
            };
            Map<String, String> post = new HashMap<>(FastCgiWire.get("/upload"));
            post.put("REQUEST_METHOD", "POST"); // no CONTENT_LENGTH: the end of STDIN is the end of the body
            try (FastCgiWire wire = serve(app)) {
                wire.begin(1, FastCgiWire.RESPONDER, true).params(1, post).stdin(1, "the whole body".getBytes())
                        .endStdin(1).record(FastCgiRecord.ABORT_REQUEST, 1, new byte[0])
                        .record(FastCgiRecord.GET_VALUES, 0, FastCgiParams.encode(Map.of("FCGI_MPXS_CONNS", "")));
                // records are handled in order: once GET_VALUES is answered, the abort has been handled
                assertEquals(FastCgiRecord.GET_VALUES_RESULT, wire.next().type());
                aborted.countDown();
                wire.response(1);
                // the whole body or an error, never a shorter body that looks complete
                assertEquals("read the whole body", read.get(10, TimeUnit.SECONDS));
            }
        }
    }

    /** R5.4: a response cut short after its headers ends without END_REQUEST, on a reset connection. */
    @Nested
    class CutShort {
        /** {@code /cut} fails after its first chunk; any other path answers {@code ok}. */
        private final Application failsAfterItsFirstChunk = (env, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            if (!env.pathInfo().equals("/cut")) {
                return Body.of("ok");
            }
            return () -> new Iterator<>() {
                private boolean first = true;

                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public byte[] next() {
                    if (first) {
                        first = false;
                        return "first".getBytes(StandardCharsets.US_ASCII);
                    }
                    throw new IllegalStateException("the body fails after its first chunk");
                }
            };
        };

        @org.junit.jupiter.params.ParameterizedTest(name = "R5.4 keepConn={0}")
        @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
        void aResponseCutShortAfterItsHeadersGetsNoEndRequestAndItsConnectionIsReset(boolean keepConn)
                throws IOException {
            try (FastCgiWire wire = serve(failsAfterItsFirstChunk)) {
                wire.request(1, keepConn, FastCgiWire.get("/cut"));
                java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
                String endedBy;
                try {
                    FastCgiRecord r;
                    while ((r = wire.next()) != null) {
                        assertTrue(r.type() == FastCgiRecord.STDOUT || r.type() == FastCgiRecord.STDERR,
                                "only STDOUT and STDERR records, got type " + r.type());
                        if (r.type() == FastCgiRecord.STDOUT) {
                            assertTrue(r.content().length > 0, "no end-of-stream STDOUT record");
                            stdout.write(r.content());
                        }
                    }
                    endedBy = "end of stream";
                } catch (IOException e) {
                    endedBy = e.getMessage();
                }
                assertTrue(stdout.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\nfirst"), stdout::toString);
                assertEquals("Connection reset", endedBy, "the gateway resets the connection, so a web server"
                        + " cannot take the response for a complete one");
            }
        }

        @Test
        void theGatewayServesTheNextConnectionAfterACutShortResponse() throws IOException {
            try (FastCgiWire wire = serve(failsAfterItsFirstChunk)) {
                wire.request(1, true, FastCgiWire.get("/cut"));
                assertThrows(IOException.class, () -> wire.response(1), "reset before END_REQUEST");
            }
            try (FastCgiWire next = FastCgiWire.connect(server.port())) {
                FastCgiWire.Response r = next.request(1, true, FastCgiWire.get("/ok")).response(1);
                assertEquals(0, r.appStatus());
                assertTrue(r.text().endsWith("\r\n\r\nok"), r::text);
            }
        }
    }

    @Nested
    class Limits {
        @Test
        void answers413WithoutCallingTheAppWhenTheDeclaredBodyIsTooLarge() throws IOException {
            try (FastCgiWire wire = serve(HELLO, GatewayConfig.builder().maxBodyBytes(10).build())) {
                String text = wire.begin(1, 1, false).params(1, post("/", 11)).response(1).text();
                assertTrue(text.startsWith("Status: 413"), text);
            }
        }

        /**
         * Leading zeros do not make a body larger (RFC 9110 section 8.6: Content-Length = 1*DIGIT), and
         * nginx passes the client's header text on as CONTENT_LENGTH. A value of more than 18 characters
         * used to be answered 413 for "a request body of 9223372036854775807 bytes".
         */
        @Test
        void servesAContentLengthWrittenWithManyLeadingZeros() throws IOException {
            try (FastCgiWire wire = serve(READ_ALL)) {
                Map<String, String> params = post("/", 3);
                params.put("CONTENT_LENGTH", "0".repeat(30) + "3");
                String text = wire.begin(1, 1, false).params(1, params).stdin(1, "abc".getBytes()).endStdin(1)
                        .response(1).text();
                assertTrue(text.startsWith("Status: 200 OK\r\n") && text.endsWith("read 3: abc"), text);
            }
        }

        @Test
        void answers400NamingAContentLengthThatIsNotANumberWithoutCallingTheApp() throws IOException {
            Application app = (env, sr) -> {
                throw new AssertionError("the app must not be called");
            };
            try (FastCgiWire wire = serve(app, GatewayConfig.builder().build())) {
                Map<String, String> p = new HashMap<>(FastCgiWire.get("/"));
                p.put("CONTENT_LENGTH", "abc");
                FastCgiWire.Response r = wire.request(1, true, p).response(1);
                assertTrue(r.text().startsWith("Status: 400"), r::text);
                assertTrue(r.text().contains("CONTENT_LENGTH \"abc\""), r::text);
                assertEquals(0, r.appStatus());
            }
        }

        @Test
        void answers431WhenTheParamsAreTooLarge() throws IOException {
            try (FastCgiWire wire = serve(HELLO, GatewayConfig.builder().maxParamsBytes(64).build())) {
                Map<String, String> p = new HashMap<>(FastCgiWire.get("/"));
                p.put("HTTP_X_BIG", "x".repeat(100));
                String text = wire.request(1, false, p).response(1).text();
                assertTrue(text.startsWith("Status: 431"), text);
            }
        }

        @Test
        void failsTheInputWhenStdinExceedsTheBodyLimit() throws IOException {
            Application app = (env, sr) -> {
                sr.start("200 OK", Headers.of());
                try {
                    env.input().readAllBytes();
                    return Body.of("read all");
                } catch (IOException e) {
                    return Body.of("input failed: " + e.getMessage());
                }
            };
            try (FastCgiWire wire = serve(app, GatewayConfig.builder().maxBodyBytes(8).build())) {
                Map<String, String> p = new HashMap<>(FastCgiWire.get("/"));
                p.put("REQUEST_METHOD", "POST"); // no CONTENT_LENGTH: only STDIN tells the size
                wire.begin(1, 1, false).params(1, p).stdin(1, new byte[20]).endStdin(1);
                String text = wire.response(1).text();
                assertTrue(text.contains("input failed: the request body exceeds"), text);
            }
        }

        @Test
        @org.junit.jupiter.api.Timeout(60) // a liveness guard: every time limit is 10 minutes
        void closesAConnectionThatSendsMoreStdinThanTheGatewayHoldsBeforeItsParamsEnd() throws IOException {
            // nothing reads a request's STDIN before its PARAMS end, and that end comes later on the wire:
            // waiting for room would hold the connection (and its slot) for ever, past every time limit
            java.time.Duration long10 = java.time.Duration.ofMinutes(10);
            GatewayConfig config = GatewayConfig.builder().headerTimeout(long10).bodyTimeout(long10)
                    .idleTimeout(long10).build();
            try (FastCgiWire wire = serve(READ_ALL, config)) {
                wire.begin(1, FastCgiRecord.ROLE_RESPONDER, true).paramsRecord(1, post("/", 1 << 20));
                boolean closed;
                try {
                    wire.stdin(1, new byte[1 << 20]);
                    closed = wire.next() == null;
                } catch (IOException reset) {
                    closed = true; // closed with the rest of the STDIN unread
                }
                assertTrue(closed, "the gateway closes the connection without an answer");
            }
            try (FastCgiWire good = FastCgiWire.connect(server.port())) {
                assertTrue(good.request(1, false, FastCgiWire.get("/still")).response(1).text().endsWith("read 0: "));
            }
        }

        /**
         * A PARAMS stream whose name-value pair runs past its end (FastCGI 1.0 section 3.4) is answered 400
         * naming the problem, as the SCGI gateway answers a malformed header block, then END_REQUEST, and a
         * kept connection goes on serving. It used to be closed without a word, which nginx answers 502.
         */
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"in one write", "record by record"})
        void answers400ToMalformedParamsAndKeepsTheConnection(String how) throws IOException {
            byte[] malformed = {5, 5, 'a'}; // a name and a value of 5 bytes each, in 3 bytes
            try (FastCgiWire wire = serve(HELLO)) {
                if (how.equals("in one write")) {
                    FastCgiRecordWriter w = new FastCgiRecordWriter();
                    w.record(FastCgiRecord.BEGIN_REQUEST, 1, new byte[] {0, 1, FastCgiRecord.FLAG_KEEP_CONN, 0, 0, 0,
                        0, 0}, 0, 8);
                    w.record(FastCgiRecord.PARAMS, 1, malformed, 0, malformed.length);
                    w.record(FastCgiRecord.PARAMS, 1, new byte[0], 0, 0);
                    w.record(FastCgiRecord.STDIN, 1, new byte[0], 0, 0);
                    wire.raw(java.util.Arrays.copyOf(w.buffer(), w.length()));
                } else {
                    wire.begin(1, FastCgiRecord.ROLE_RESPONDER, true).record(FastCgiRecord.PARAMS, 1, malformed)
                            .record(FastCgiRecord.PARAMS, 1, new byte[0]).endStdin(1);
                }
                FastCgiWire.Response r = wire.response(1);
                assertTrue(r.text().startsWith("Status: 400 Bad Request\r\n"), r.text());
                assertTrue(r.text().contains("runs past the end"), r.text());
                assertEquals(FastCgiRecord.REQUEST_COMPLETE, r.protocolStatus());
                assertTrue(wire.request(2, true, FastCgiWire.get("/next")).response(2).text().endsWith("hello /next"));
            }
        }

        @Test
        void closesAConnectionWithAMalformedStreamAndKeepsServingOthers() throws IOException {
            try (FastCgiWire bad = serve(HELLO)) {
                bad.raw("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(bad.closedByPeer());
            }
            try (FastCgiWire good = FastCgiWire.connect(server.port())) {
                assertTrue(good.request(1, false, FastCgiWire.get("/still")).response(1).text().endsWith("/still"));
            }
        }

        /**
         * An allowed peer is an address, however it is written: {@code ::1} is how operators and RFC 5952
         * write the IPv6 loopback, and it must let the web server on {@code ::1} in (it matched only the
         * JDK's long form 0:0:0:0:0:0:0:1, so every request was refused).
         */
        @ParameterizedTest
        @ValueSource(strings = {"::1", "0:0:0:0:0:0:0:1", "0::0:1"})
        void letsInAnAllowedIpv6PeerWrittenInAnyForm(String written) throws IOException {
            java.net.InetAddress loopback6 = java.net.InetAddress.getByName("::1");
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, loopback6)) {
                // IPv6 on this machine: the test needs it
            } catch (IOException noIpv6) {
                org.junit.jupiter.api.Assumptions.assumeTrue(false, "no IPv6 loopback here");
            }
            server = FastCgiServer.bind(GatewayAddress.parse("[::1]:0"), HELLO,
                    GatewayConfig.builder().allowedPeers(List.of(written)).build()).start();
            try (FastCgiWire wire = new FastCgiWire(new java.net.InetSocketAddress(loopback6, server.port()))) {
                assertTrue(wire.request(1, false, FastCgiWire.get("/v6")).response(1).text().endsWith("hello /v6"));
            }
        }

        @Test
        void refusesPeersOutsideTheAllowedList() throws IOException {
            try (FastCgiWire wire = serve(HELLO, GatewayConfig.builder().allowedPeers(List.of("192.0.2.1")).build())) {
                boolean refused;
                try {
                    wire.request(1, false, FastCgiWire.get("/"));
                    refused = wire.next() == null;
                } catch (IOException closedOrReset) {
                    refused = true;
                }
                assertTrue(refused, "127.0.0.1 is not in the allowed peers, so no response may come");
            }
        }
    }

    @Nested
    class Lifecycle {
        /**
         * An application's own stop endpoint on a kept connection: the shutdown it calls returns at once and
         * the drain goes on without it, so the request is answered and its connection closed; before, the
         * shutdown waited out the whole grace period (30 s here) before the response could go.
         */
        @ParameterizedTest
        @ValueSource(strings = {"AUTO", "PLATFORM"})
        void aRequestThatShutsTheGatewayDownIsAnsweredAndItsConnectionClosed(String mode) throws Exception {
            AtomicReference<FastCgiServer> self = new AtomicReference<>();
            CountDownLatch returned = new CountDownLatch(1);
            try (FastCgiWire wire = serve((env, sr) -> {
                self.get().shutdown();
                returned.countDown();
                return HELLO.call(env, sr);
            }, GatewayConfig.builder().shutdownGrace(java.time.Duration.ofSeconds(30))
                    .threadMode(io.wsgi4j.server.ThreadMode.valueOf(mode)).build())) {
                self.set(server);
                java.util.concurrent.CompletableFuture<String> answer = java.util.concurrent.CompletableFuture
                        .supplyAsync(() -> {
                            try {
                                String text = wire.request(1, true, FastCgiWire.get("/quit")).response(1).text();
                                return text + (wire.closedByPeer() ? " (closed)" : " (kept)");
                            } catch (IOException e) {
                                return e.toString();
                            }
                        });
                // the guard only: the old shutdown held the response for the whole grace period
                assertTrue(answer.get(10, TimeUnit.SECONDS).endsWith("hello /quit (closed)"), answer.get());
                assertTrue(returned.await(10, TimeUnit.SECONDS));
            }
            server = null;
        }
    }

    @Nested
    class Sockets {
        @Test
        void servesOnAUnixSocketWithTheConfiguredPermissions() throws IOException {
            Path socket = Files.createTempDirectory("wsgi4j-test-").resolve("fcgi.sock");
            server = FastCgiServer.bind(GatewayAddress.unix(socket), HELLO,
                    GatewayConfig.builder().unixSocketPermissions("rw-------").build()).start();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            try (FastCgiWire wire = new FastCgiWire(UnixDomainSocketAddress.of(socket))) {
                assertTrue(wire.request(1, false, FastCgiWire.get("/unix")).response(1).text().endsWith("hello /unix"));
            }
            server.shutdown();
            server = null;
            assertTrue(Files.notExists(socket), "the socket file is removed at shutdown");
        }

        /**
         * The socket file never exists at its path with other permissions than the configured ones: bound
         * there and then changed, it had the umask's for a moment, in which another local user could
         * connect (and keep the connection). Heard through the directory's change notifications (inotify on
         * Linux): a change of permissions at the path is the gap; after the bind the directory holds the
         * socket file only, and after the shutdown nothing.
         */
        @Test
        void theSocketFileNeverHasOtherPermissionsThanTheConfiguredOnesAndLeavesNothingBehind() throws Exception {
            org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"),
                    "Linux's WatchService reports a change of permissions (IN_ATTRIB) as ENTRY_MODIFY");
            Path dir = Files.createTempDirectory("wsgi4j-test-");
            Path socket = dir.resolve("fcgi.sock");
            List<String> events = new java.util.ArrayList<>();
            try (java.nio.file.WatchService watch = dir.getFileSystem().newWatchService()) {
                dir.register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE,
                        java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY);
                server = FastCgiServer.bind(GatewayAddress.unix(socket), HELLO,
                        GatewayConfig.builder().unixSocketPermissions("rw-------").build()).start();
                Files.createFile(dir.resolve("marker")); // its event comes after every event of the bind
                while (!events.contains("ENTRY_CREATE marker")) {
                    java.nio.file.WatchKey key = watch.poll(10, TimeUnit.SECONDS);
                    assertNotNull(key, "no event for the marker; so far " + events);
                    for (java.nio.file.WatchEvent<?> e : key.pollEvents()) {
                        events.add(e.kind().name() + " " + e.context());
                    }
                    key.reset();
                }
            }
            assertTrue(!events.contains("ENTRY_MODIFY fcgi.sock"), "the permissions changed at the path: " + events);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of("fcgi.sock", "marker"), files.map(f -> f.getFileName().toString()).sorted()
                        .toList());
            }
            try (FastCgiWire wire = new FastCgiWire(UnixDomainSocketAddress.of(socket))) {
                assertTrue(wire.request(1, false, FastCgiWire.get("/unix")).response(1).text().endsWith("hello /unix"));
            }
            assertEquals(UnixDomainSocketAddress.of(socket), server.localAddress());
            server.shutdown();
            server = null;
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of("marker"), files.map(f -> f.getFileName().toString()).toList());
            }
        }

        /**
         * {@code try (gateway) { TermSignal.onTerm(gateway::shutdown); gateway.serveForever(); }} shuts down
         * twice: at the signal, and at the close once serveForever() returned after the drain. A gateway
         * started meanwhile on the same path (the next release) has bound a socket file of its own there:
         * the second shutdown must leave it, else that gateway runs on, unreachable.
         */
        @Test
        void aSecondShutdownLeavesTheSocketFileOfTheGatewayThatTookThePathAlone() throws IOException {
            Path socket = Files.createTempDirectory("wsgi4j-test-").resolve("fcgi.sock");
            FastCgiServer old = FastCgiServer.bind(GatewayAddress.unix(socket), HELLO).start();
            old.shutdown();
            server = FastCgiServer.bind(GatewayAddress.unix(socket), HELLO).start(); // the next release
            old.close();
            assertTrue(Files.exists(socket), "the new gateway's socket file is still there");
            try (FastCgiWire wire = new FastCgiWire(UnixDomainSocketAddress.of(socket))) {
                assertTrue(wire.request(1, false, FastCgiWire.get("/new")).response(1).text().endsWith("hello /new"));
            }
        }

        @Test
        void refusesAUnixSocketAnotherGatewayListensOnAndLeavesThatOneServing() throws IOException {
            Path socket = Files.createTempDirectory("wsgi4j-test-").resolve("fcgi.sock");
            server = FastCgiServer.bind(GatewayAddress.unix(socket), HELLO).start();
            java.net.BindException e = assertThrows(java.net.BindException.class,
                    () -> FastCgiServer.bind(GatewayAddress.unix(socket), HELLO));
            assertTrue(e.getMessage().contains("another process listens"), e.getMessage());
            try (FastCgiWire wire = new FastCgiWire(UnixDomainSocketAddress.of(socket))) {
                assertTrue(wire.request(1, false, FastCgiWire.get("/first")).response(1).text()
                        .endsWith("hello /first"), "the first gateway still owns the socket");
            }
        }

        /** A process alive but stuck (never accepting, its accept queue full) still owns its socket. */
        @Test
        void refusesPromptlyAUnixSocketWhoseListenerIsAliveButNotAccepting() throws Exception {
            Path socket = Files.createTempDirectory("wsgi4j-test-").resolve("fcgi.sock");
            java.util.List<java.nio.channels.SocketChannel> queued = new java.util.ArrayList<>();
            try (java.nio.channels.ServerSocketChannel stuck = java.nio.channels.ServerSocketChannel.open(
                    java.net.StandardProtocolFamily.UNIX)) {
                stuck.bind(UnixDomainSocketAddress.of(socket), 1);
                for (int i = 0; i < 8; i++) { // fill its accept queue without blocking
                    java.nio.channels.SocketChannel c = java.nio.channels.SocketChannel.open(
                            java.net.StandardProtocolFamily.UNIX);
                    c.configureBlocking(false);
                    try {
                        c.connect(UnixDomainSocketAddress.of(socket));
                        queued.add(c);
                    } catch (IOException full) {
                        c.close();
                        break;
                    }
                }
                java.util.concurrent.CompletableFuture<Throwable> bind = java.util.concurrent.CompletableFuture
                        .supplyAsync(() -> {
                            try {
                                FastCgiServer.bind(GatewayAddress.unix(socket), HELLO).shutdown();
                                return null;
                            } catch (Throwable t) {
                                return t;
                            }
                        });
                // the guard only: a probe that waits would never return
                Throwable refused = bind.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertTrue(refused instanceof java.net.BindException, String.valueOf(refused));
            } finally {
                for (java.nio.channels.SocketChannel c : queued) {
                    c.close();
                }
            }
        }

        @Test
        void aBindThatFailsLeavesNoOpenDescriptorBehind() throws IOException {
            Path fds = Path.of("/proc/self/fd");
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd (Linux)");
            server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), HELLO).start();
            GatewayAddress taken = GatewayAddress.parse("127.0.0.1:" + server.port());
            long before = openDescriptors(fds);
            for (int i = 0; i < 50; i++) {
                assertThrows(java.net.BindException.class, () -> FastCgiServer.bind(taken, HELLO));
            }
            long after = openDescriptors(fds);
            assertTrue(after < before + 50, "50 failed binds left " + (after - before) + " descriptors open");
        }

        /**
         * A bind with permissions that fails after its private directory was made (here: the path inside it
         * is too long for a socket, 108 bytes on Linux) leaves no file or directory behind.
         */
        @Test
        void aFailedBindWithPermissionsLeavesNothingBehind() throws IOException {
            Path dir = Files.createTempDirectory("wsgi4j-test-");
            Path deep = Files.createDirectory(dir.resolve("d".repeat(Math.max(1, 100 - dir.toString().length()))));
            Path socket = deep.resolve("f.sock"); // fits in 108 bytes; deep/.xxxxxx/s does not
            GatewayConfig config = GatewayConfig.builder().unixSocketPermissions("rw-------").build();
            IOException e = assertThrows(IOException.class,
                    () -> FastCgiServer.bind(GatewayAddress.unix(socket), HELLO, config));
            assertTrue(e.getMessage().contains(socket.toString()) && e.getMessage().contains("too long"),
                    e.getMessage());
            try (java.util.stream.Stream<Path> files = Files.list(deep)) {
                assertEquals(List.of(), files.toList());
            }
        }

        private static long openDescriptors(Path fds) throws IOException {
            try (java.util.stream.Stream<Path> list = Files.list(fds)) {
                return list.count();
            }
        }

        /** The thread mode is refused after the socket is bound: the socket must not stay bound (nor its file). */
        @Test
        void aBindRefusedForItsThreadModeLeavesNoListeningSocketBehind() throws IOException {
            org.junit.jupiter.api.Assumptions.assumeFalse(io.wsgi4j.net.Workers.virtualAvailable(),
                    "ThreadMode.VIRTUAL is refused only before Java 21");
            Path socket = Files.createTempDirectory("wsgi4j-test-").resolve("fcgi.sock");
            GatewayConfig virtual = GatewayConfig.builder().threadMode(io.wsgi4j.server.ThreadMode.VIRTUAL).build();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> FastCgiServer.bind(GatewayAddress.unix(socket), HELLO, virtual));
            assertTrue(e.getMessage().contains("Java 21"), e.getMessage());
            assertTrue(Files.notExists(socket), "the refused gateway's socket file is gone, its socket closed");
            server = FastCgiServer.bind(GatewayAddress.unix(socket), HELLO).start(); // the path is free again
            try (FastCgiWire wire = new FastCgiWire(UnixDomainSocketAddress.of(socket))) {
                assertTrue(wire.request(1, false, FastCgiWire.get("/next")).response(1).text().endsWith("hello /next"));
            }
        }

        @Test
        void aFileInTheWayOfTheSocketIsAnIOExceptionAsDocumented() throws IOException {
            Path file = Files.createTempFile("wsgi4j-test-", ".sock");
            IOException e = assertThrows(IOException.class, () -> FastCgiServer.bind(GatewayAddress.unix(file), HELLO));
            assertTrue(e.getMessage().contains("in the way"), e.getMessage());
            assertTrue(Files.isRegularFile(file), "the file is left alone");
        }

        @Test
        void replacesASocketFileNoProcessListensOn() throws IOException {
            Path socket = Files.createTempDirectory("wsgi4j-test-").resolve("fcgi.sock");
            try (java.nio.channels.ServerSocketChannel dead =
                    java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                dead.bind(UnixDomainSocketAddress.of(socket)); // closing leaves the file, as a killed process does
            }
            assertTrue(Files.exists(socket));
            server = FastCgiServer.bind(GatewayAddress.unix(socket), HELLO).start();
            try (FastCgiWire wire = new FastCgiWire(UnixDomainSocketAddress.of(socket))) {
                assertTrue(wire.request(1, false, FastCgiWire.get("/new")).response(1).text().endsWith("hello /new"));
            }
        }

        @Test
        void refusesInheritedWhenNoSocketWasInherited() {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> FastCgiServer.bind(GatewayAddress.inherited(), HELLO));
            assertNotNull(e.getMessage());
            assertTrue(e.getMessage().contains("spawn-fcgi"), e.getMessage());
        }
    }
}
