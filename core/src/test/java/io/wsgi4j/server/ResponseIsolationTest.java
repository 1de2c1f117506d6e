// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.Write;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Protocol rules the shared request algorithm enforces, checked over the real server and a real
 * socket: what one response does must never reach another, and what the application got wrong
 * never reaches the wire.
 */
class ResponseIsolationTest {
    private final List<HttpServer> servers = new ArrayList<>();

    private HttpServer start(Application app) {
        HttpServer s = HttpServer.make("127.0.0.1", 0, app, HttpServerTest.QUIET).start();
        servers.add(s);
        return s;
    }

    @AfterEach
    void stopServers() {
        for (HttpServer s : servers) {
            s.shutdown(Duration.ZERO);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void callablesKeptFromTheFirstKeepAliveRequestThrowInTheSecondWhoseResponseStaysCleanR1_1() throws IOException {
        AtomicReference<StartResponse> keptStart = new AtomicReference<>();
        AtomicReference<Write> keptWrite = new AtomicReference<>();
        List<String> refusals = new CopyOnWriteArrayList<>();
        HttpServer server = start((env, sr) -> {
            if (env.pathInfo().equals("/first")) {
                keptStart.set(sr);
                keptWrite.set(sr.start(Status.OK, Headers.of("Content-Type", "text/plain")));
                return Body.of("first");
            }
            sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            try {
                keptWrite.get().write(bytes("STALE-FROM-FIRST"));
                refusals.add("write accepted");
            } catch (IllegalStateException e) {
                refusals.add(e.getMessage());
            }
            try {
                keptStart.get().start(Status.of(403), List.of(), new IllegalStateException("replace"));
                refusals.add("start accepted");
            } catch (IllegalStateException e) {
                refusals.add(e.getMessage());
            }
            return Body.of("second");
        });
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response first = c.send(HttpServerTest.get("/first")).read();
            assertEquals("first", new String(first.body, StandardCharsets.ISO_8859_1));
            RawClient.Response second = c.send(HttpServerTest.get("/second")).read();
            assertEquals(200, second.status());
            assertEquals("6", second.header("Content-Length"));
            assertEquals("second", new String(second.body, StandardCharsets.ISO_8859_1));
        }
        assertEquals(2, refusals.size(), refusals::toString);
        for (String refusal : refusals) {
            assertTrue(refusal.startsWith("R1.1 "), refusal);
        }
    }

    @Test
    void twoDifferentContentLengthsNeverReachTheWireTheClientGetsA500R3_7() throws IOException {
        HttpServer server = start((env, sr) -> {
            sr.start(Status.OK, Headers.of("Content-Length", "6", "Content-Length", "5"));
            return Body.of("hello");
        });
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.send(HttpServerTest.get("/")).read();
            assertEquals(500, r.status());
            assertEquals(1, r.headers.stream().filter(h -> h[0].equalsIgnoreCase("Content-Length")).count());
            assertFalse(new String(r.body, StandardCharsets.ISO_8859_1).contains("hello"));
            RawClient.Response next = c.send(HttpServerTest.get("/")).read();
            assertEquals(500, next.status(), "the connection serves the next request");
        }
    }

    @Test
    void aSingleUseCollectionBodyIsIteratedOnceAndSentWithItsLengthR4_4() throws IOException {
        AtomicInteger iterators = new AtomicInteger();
        HttpServer server = start((env, sr) -> {
            sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return new AbstractCollection<byte[]>() {
                private final List<byte[]> chunks = List.of(bytes("one "), bytes("two "), bytes("three"));

                @Override
                public Iterator<byte[]> iterator() {
                    if (iterators.incrementAndGet() > 1) {
                        throw new IllegalStateException("this body can be iterated once only");
                    }
                    return chunks.iterator();
                }

                @Override
                public int size() {
                    return chunks.size();
                }
            };
        });
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.send(HttpServerTest.get("/")).read();
            assertEquals(200, r.status());
            assertEquals("13", r.header("Content-Length"));
            assertEquals("one two three", new String(r.body, StandardCharsets.ISO_8859_1));
        }
        assertEquals(1, iterators.get());
    }
}
