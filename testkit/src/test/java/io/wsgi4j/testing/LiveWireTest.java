// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LiveWire} and {@link TestClient#over} against a scripted server, for what the reference server
 * never does: hold a request past the read timeout, close a kept connection after reading a request,
 * send a header the client refuses, answer without reading the body.
 */
class LiveWireTest {
    private static final byte[] GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    /** A read timeout short enough for the tests that wait it out; nothing here asserts on time. */
    private static final int SHORT_READ_MILLIS = 300;

    private static byte[] head(String method) {
        return (method + " / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(LiveWire.Response r) {
        return new String(r.body(), StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "GET"})
    void aTimeoutOnAKeptConnectionIsNotSentAgain(String method) throws Exception {
        // connection 0 answers once, then takes the second request and never answers; a resend would be
        // answered at once on a new connection, so a client that resends returns instead of failing
        try (Scripted server = new Scripted((index, s) -> {
            if (index == 0) {
                Scripted.answer(s, Scripted.readRequest(s), "first");
                Scripted.readRequest(s);
                Scripted.readToEnd(s); // holds the request until the client gives up
            } else {
                Scripted.answerAll(s, "resent");
            }
        }); LiveWire wire = new LiveWire("http", "127.0.0.1", server.port(), SHORT_READ_MILLIS)) {
            assertEquals("first", text(wire.exchange(GET, null, "GET")));
            byte[] body = method.equals("GET") ? null : new byte[] {'x'};
            IOException e = assertThrows(IOException.class,
                    () -> wire.exchange(method.equals("GET") ? GET : head(method), body, method));
            assertInstanceOf(SocketTimeoutException.class, e, e.toString());
            assertEquals(List.of(), server.requestsOn(1), "the request was sent a second time");
        }
    }

    @Test
    void aKeptConnectionEndedBeforeTheResponseResendsAnIdempotentRequest() throws Exception {
        try (Scripted server = new Scripted((index, s) -> {
            if (index == 0) {
                Scripted.answer(s, Scripted.readRequest(s), "first");
                Scripted.readRequest(s);
                s.close(); // read it, then closed the connection with no response: as an idle close races
            } else {
                Scripted.answerAll(s, "resent");
            }
        }); LiveWire wire = new LiveWire("http", "127.0.0.1", server.port())) {
            assertEquals("first", text(wire.exchange(GET, null, "GET")));
            assertEquals("resent", text(wire.exchange(GET, null, "GET")));
            assertEquals(List.of("GET /"), server.requestsOn(1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PATCH"})
    void aKeptConnectionEndedBeforeTheResponseDoesNotResendARequestThatIsNotIdempotent(String method)
            throws Exception {
        try (Scripted server = new Scripted((index, s) -> {
            if (index == 0) {
                Scripted.answer(s, Scripted.readRequest(s), "first");
                Scripted.readRequest(s);
                s.close(); // the application may have acted on it: sending it again could do it twice
            } else {
                Scripted.answerAll(s, "resent");
            }
        }); LiveWire wire = new LiveWire("http", "127.0.0.1", server.port())) {
            assertEquals("first", text(wire.exchange(GET, null, "GET")));
            IOException e = assertThrows(IOException.class, () -> wire.exchange(head(method), new byte[] {'x'}, method));
            assertEquals("the server closed the connection without a response (on a kept connection; a " + method
                    + " request is not sent again, since the server may have acted on it)", e.getMessage());
            // and the connection is not left half-used: the next request goes out on a new one
            assertEquals("resent", text(wire.exchange(GET, null, "GET")));
            assertEquals(List.of("GET /"), server.requestsOn(1));
        }
    }

    @Test
    void aPostAfterTheServerClosedTheIdleConnectionGoesOutOnANewOne() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        try (Scripted server = new Scripted((index, s) -> {
            if (index == 0) {
                Scripted.answer(s, Scripted.readRequest(s), "first");
                s.close(); // an idle timeout
                closed.countDown();
            } else {
                Scripted.answerAll(s, "new");
            }
        }); LiveWire wire = new LiveWire("http", "127.0.0.1", server.port())) {
            assertEquals("first", text(wire.exchange(GET, null, "GET")));
            assertTrue(closed.await(30, TimeUnit.SECONDS));
            // the server's close reaches the client's socket a moment after close() returns: wait for the
            // client to see it, as an idle connection long closed would be, so the check below is not a race
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!wire.keptConnectionEnded() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(wire.keptConnectionEnded(), "the client never saw the server's close");
            assertEquals("new", text(wire.exchange(head("POST"), new byte[] {'x'}, "POST")));
            assertEquals(List.of("POST /"), server.requestsOn(1));
        }
    }

    @Test
    void aHeaderTheClientRefusesClosesTheConnectionSoTheNextRequestStartsClean() throws Exception {
        try (Scripted server = new Scripted((index, s) -> {
            if (index == 0) {
                Scripted.readRequest(s);
                Scripted.write(s, "HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 5\r\n\r\nhello");
                Scripted.answerAll(s, "same connection");
            } else {
                Scripted.answerAll(s, "new connection");
            }
        }); TestClient client = TestClient.over(URI.create("http://127.0.0.1:" + server.port()))) {
            // before: Header.of's IllegalArgumentException escaped with the connection open, and the next
            // request read "Content-Length: 5" as its status line
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> client.get("/").send());
            assertTrue(e.getMessage().contains("the server sent an invalid header line"), e.getMessage());
            assertEquals("new connection", client.get("/").send().text());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against the old hang, not a measurement
    void aServerThatAnswersButNeitherReadsTheBodyNorClosesFailsTheRequest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Scripted server = new Scripted((index, s) -> {
            Scripted.readHead(s);
            Scripted.write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            try {
                release.await(); // reads nothing more and keeps the connection open
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }); LiveWire wire = new LiveWire("http", "127.0.0.1", server.port(), SHORT_READ_MILLIS)) {
            byte[] body = new byte[64 << 20]; // far more than the socket buffers hold
            byte[] head = ("PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            IOException e = assertThrows(IOException.class, () -> wire.exchange(head, body, "PUT"));
            assertEquals("the server answered 200 OK but neither read the rest of the " + body.length
                    + "-byte request body nor closed the connection within " + SHORT_READ_MILLIS + " ms",
                    e.getMessage());
        } finally {
            release.countDown();
        }
    }

    @Test
    void closingAClientOverAServerClosesItsConnectionAndCanBeRepeated() throws Exception {
        CountDownLatch sawEnd = new CountDownLatch(1);
        AtomicInteger connections = new AtomicInteger();
        try (Scripted server = new Scripted((index, s) -> {
            connections.incrementAndGet();
            Scripted.answerAll(s, "connection " + index);
            sawEnd.countDown();
        })) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            TestClient client = TestClient.over(base);
            try (client) {
                assertEquals("connection 0", client.get("/").send().text());
            }
            assertTrue(sawEnd.await(30, TimeUnit.SECONDS), "the server never saw the connection end");
            client.close(); // again: nothing happens
            // a later request opens a new connection
            assertEquals("connection 1", client.get("/").send().text());
            client.close();
        }
    }

    @Test
    void closingAnInProcessClientDoesNothing() {
        TestClient client = TestClient.of((environ, sr) -> {
            sr.start("200 OK", io.wsgi4j.Headers.of("Content-Type", "text/plain"));
            return List.of("hi".getBytes(StandardCharsets.US_ASCII));
        });
        client.close();
        client.close();
        assertEquals("hi", client.get("/").send().text());
    }

    /** A server on 127.0.0.1 that runs a script for each connection, numbered from 0. */
    private static final class Scripted implements AutoCloseable {
        interface Script {
            void run(int index, Socket s) throws IOException;
        }

        private final ServerSocket listener;
        private final List<List<String>> requests = new CopyOnWriteArrayList<>();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        Scripted(Script script) throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                for (int index = 0; ; index++) {
                    Socket s;
                    try {
                        s = listener.accept();
                    } catch (IOException e) {
                        return; // closed
                    }
                    sockets.add(s);
                    List<String> seen = new CopyOnWriteArrayList<>();
                    requests.add(seen);
                    int i = index;
                    Thread t = new Thread(() -> {
                        SEEN.set(seen);
                        try (s) {
                            script.run(i, s);
                        } catch (IOException e) {
                            // the client went away: the script ends
                        }
                    }, "scripted-connection-" + index);
                    t.setDaemon(true);
                    t.start();
                }
            }, "scripted-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static final ThreadLocal<List<String>> SEEN = new ThreadLocal<>();

        int port() {
            return listener.getLocalPort();
        }

        /** The request lines ("GET /") the script read on connection {@code index} so far; none if there is none. */
        List<String> requestsOn(int index) {
            return index < requests.size() ? List.copyOf(requests.get(index)) : List.of();
        }

        /** Reads one request's head and body; null at the end of the connection. */
        static String readRequest(Socket s) throws IOException {
            String head = readHead(s);
            if (head == null) {
                return null;
            }
            long length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Long.parseLong(line.substring(15).trim());
                }
            }
            InputStream in = s.getInputStream();
            for (long i = 0; i < length; i++) {
                if (in.read() < 0) {
                    return null;
                }
            }
            String[] first = head.split("\r\n", 2)[0].split(" ");
            String request = first[0] + " " + first[1];
            SEEN.get().add(request);
            return request;
        }

        /** Reads a request head up to its empty line; null at the end of the connection. */
        static String readHead(Socket s) throws IOException {
            InputStream in = s.getInputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                b.write(c);
                String text = b.toString(StandardCharsets.ISO_8859_1);
                if (text.endsWith("\r\n\r\n")) {
                    return text;
                }
            }
            return null;
        }

        static void answer(Socket s, String request, String body) throws IOException {
            if (request == null) {
                throw new IOException("the client closed the connection");
            }
            write(s, "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        }

        /** Answers every request on the connection with {@code body}, until the client closes it. */
        static void answerAll(Socket s, String body) throws IOException {
            String request;
            while ((request = readRequest(s)) != null) {
                answer(s, request, body);
            }
        }

        static void readToEnd(Socket s) throws IOException {
            s.getInputStream().transferTo(OutputStream.nullOutputStream());
        }

        static void write(Socket s, String text) throws IOException {
            s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
