// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** What a raw-socket client receives from the Jetty core adapter in the cases the contract does not reach. */
class JettyResponseTest {

    /** Everything one connection carried until the server ended it, and whether it ended with a reset. */
    record Received(String text, boolean reset) {
        String head() {
            return text.substring(0, text.indexOf("\r\n\r\n"));
        }

        String body() {
            return text.substring(text.indexOf("\r\n\r\n") + 4);
        }

        /** Every value of header {@code name} in the (last) head, in order. */
        List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (String line : head().split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    values.add(line.substring(colon + 1).trim());
                }
            }
            return values;
        }
    }

    /**
     * Sends {@code request} and reads until the server ends the connection. The read timeout only keeps a
     * broken server from hanging the build; the server's idle timeout is far longer, so a server that waits
     * for something fails here rather than answering late.
     */
    private static Received exchange(JettyServer server, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] b = new byte[8192];
            boolean reset = false;
            while (true) {
                int n;
                try {
                    n = in.read(b);
                } catch (SocketException e) {
                    reset = true;
                    break;
                }
                if (n < 0) {
                    break;
                }
                all.write(b, 0, n);
            }
            return new Received(all.toString(StandardCharsets.ISO_8859_1), reset);
        }
    }

    private static JettyServer start(Application app) {
        JettyServer server = JettyServer.builder(app).host("127.0.0.1").port(0).start();
        for (Connector c : server.jetty().getConnectors()) {
            ((AbstractConnector) c).setIdleTimeout(300_000); // see exchange(): waiting must not end in an answer
        }
        return server;
    }

    /** A lazily produced body (not a collection): {@code chunks}, then {@code failure} if not null. */
    private static Iterable<byte[]> stream(RuntimeException failure, String... chunks) {
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                if (next == chunks.length && failure != null) {
                    throw failure;
                }
                return next < chunks.length;
            }

            @Override
            public byte[] next() {
                if (next == chunks.length) {
                    throw new NoSuchElementException();
                }
                return chunks[next++].getBytes(StandardCharsets.US_ASCII);
            }
        };
    }

    // ---------------------------------------------------------------- a request body nobody reads

    private static final Application IGNORES_INPUT = (environ, startResponse) -> {
        startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
        return Body.of("done");
    };

    @Test
    void theResponseDoesNotWaitForABodyTheApplicationNeverReads() throws Exception {
        try (JettyServer server = start(IGNORES_INPUT)) {
            // the ten bytes never come: the answer must not wait for them
            Received r = exchange(server, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nConnection: close\r\n\r\n");
            assertTrue(r.text().startsWith("HTTP/1.1 200 "), r::text);
            assertEquals("done", r.body());
        }
    }

    @Test
    void anExpectContinueBodyNobodyReadsGetsTheFinalResponseInsteadOfA100() throws Exception {
        try (JettyServer server = start(IGNORES_INPUT)) {
            Received r = exchange(server, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n"
                    + "Expect: 100-continue\r\nConnection: close\r\n\r\n");
            // RFC 9110 section 10.1.1: a server may answer with the final status and never ask for the body
            assertTrue(r.text().startsWith("HTTP/1.1 200 "), r::text);
            assertEquals("done", r.body());
        }
    }

    // ---------------------------------------------------------------- an abort on a close-delimited body

    /** Streams "first", then fails: a response that must never look complete. */
    private static final Application BREAKS_OFF = (environ, startResponse) -> {
        startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
        return stream(new IllegalStateException("the stream broke off (expected by the test)"), "first\n");
    };

    @Test
    void aStreamedBodyThatFailsOnAClosingConnectionEndsWithAResetNotAnOrderlyClose() throws Exception {
        try (JettyServer server = start(BREAKS_OFF)) {
            Received r = exchange(server, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(r.text().startsWith("HTTP/1.1 200 "), r::text);
            assertTrue(r.headers("Content-Length").isEmpty() && r.headers("Transfer-Encoding").isEmpty(), r::text);
            // the body is close-delimited: an orderly end of the connection would say it is complete (R5.4)
            assertTrue(r.reset(), () -> "the truncated response ended like a complete one: " + r.text());
        }
    }

    @Test
    void aStreamedBodyThatFailsOnHttp10EndsWithAReset() throws Exception {
        try (JettyServer server = start(BREAKS_OFF)) {
            Received r = exchange(server, "GET / HTTP/1.0\r\n\r\n");
            assertTrue(r.reset(), () -> "the truncated response ended like a complete one: " + r.text());
        }
    }

    // ---------------------------------------------------------------- a body that clears its arrays on close

    /** A collection body whose close() overwrites its chunks, as a body returning pooled buffers would. */
    private static final class ScribbledOnClose extends ArrayList<byte[]> implements AutoCloseable {
        private static final long serialVersionUID = 1L;

        @Override
        public void close() {
            for (byte[] b : this) {
                Arrays.fill(b, (byte) 'X');
            }
        }
    }

    @Test
    void noBytesOfACollectionBodyAreReadAfterItsClose() throws Exception {
        Application app = (environ, startResponse) -> {
            startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            ScribbledOnClose body = new ScribbledOnClose();
            body.add("one,".getBytes(StandardCharsets.US_ASCII));
            body.add("two".getBytes(StandardCharsets.US_ASCII));
            return body;
        };
        try (JettyServer server = start(app)) {
            Received r = exchange(server, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(List.of("7"), r.headers("Content-Length"), r::text);
            assertEquals("one,two", r.body());
        }
    }

    // ---------------------------------------------------------------- HEAD of a streamed body

    @Test
    void aHeadOfAStreamedBodyAnnouncesNoLength() throws Exception {
        Application app = (environ, startResponse) -> {
            startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return stream(null, "some ", "bytes");
        };
        try (JettyServer server = start(app)) {
            Received get = exchange(server, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(get.headers("Content-Length").isEmpty(), get::text);
            Received head = exchange(server, "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(head.text().startsWith("HTTP/1.1 200 "), head::text);
            // RFC 9110 section 8.6: no Content-Length that differs from the one GET would send (none)
            assertTrue(head.headers("Content-Length").isEmpty(), head::text);
            assertEquals("", head.body());
            assertFalse(head.reset(), head::text);
        }
    }

    // ---------------------------------------------------------------- statuses without content

    @Test
    void a304WithoutALengthAnnouncesNone() throws Exception {
        Application app = (environ, startResponse) -> {
            startResponse.start(Status.of(304), Headers.of("ETag", "\"v1\""));
            return Body.empty();
        };
        try (JettyServer server = start(app)) {
            Received r = exchange(server, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(r.text().startsWith("HTTP/1.1 304 "), r::text);
            // RFC 9110 section 8.6: a 304 carries Content-Length only as the length a 200 would have had;
            // "0" would tell a cache the stored representation is now empty
            assertTrue(r.headers("Content-Length").isEmpty(), r::text);
            assertEquals(List.of("\"v1\""), r.headers("ETag"), r::text);
        }
    }

    @Test
    void a304KeepsTheLengthTheApplicationGave() throws Exception {
        Application app = (environ, startResponse) -> {
            startResponse.start(Status.of(304), Headers.of("ETag", "\"v1\"", "Content-Length", "100"));
            return Body.empty();
        };
        try (JettyServer server = start(app)) {
            Received r = exchange(server, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(r.text().startsWith("HTTP/1.1 304 "), r::text);
            assertEquals(List.of("100"), r.headers("Content-Length"), r::text);
        }
    }

    @Test
    void a204IsSentWithoutTheContentLengthTheApplicationGave() throws Exception {
        Application app = (environ, startResponse) -> {
            startResponse.start(Status.of(204), Headers.of("Content-Length", "5", "X-Done", "yes"));
            return Body.empty();
        };
        try (JettyServer server = start(app)) {
            Received r = exchange(server, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            // RFC 9110 section 8.6: no Content-Length on a 204; the reference server drops it, so does the adapter
            assertTrue(r.text().startsWith("HTTP/1.1 204 "), r::text);
            assertTrue(r.headers("Content-Length").isEmpty(), r::text);
            assertEquals(List.of("yes"), r.headers("X-Done"), r::text);
        }
    }

    // ---------------------------------------------------------------- Date and Server from the application

    @Test
    void theApplicationsDateAndServerReplaceJettysInsteadOfRepeatingThem() throws Exception {
        Application app = (environ, startResponse) -> {
            startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain",
                    "date", "Sun, 06 Nov 1994 08:49:37 GMT", "Server", "shop/1.0",
                    "Set-Cookie", "a=1", "Set-Cookie", "b=2"));
            return Body.of("ok");
        };
        try (JettyServer server = start(app)) {
            Received r = exchange(server, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(List.of("Sun, 06 Nov 1994 08:49:37 GMT"), r.headers("Date"), r::text);
            assertEquals(List.of("shop/1.0"), r.headers("Server"), r::text);
            assertEquals(List.of("a=1", "b=2"), r.headers("Set-Cookie"), r::text);
        }
        // without the application's, Jetty's own Date is still there
        try (JettyServer server = start(IGNORES_INPUT)) {
            Received r = exchange(server, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(1, r.headers("Date").size(), r::text);
            assertFalse(r.headers("Date").get(0).contains("1994"), r::text);
        }
    }

    @Test
    void fieldsAHandlerInFrontSetAreKeptWhenTheApplicationSendsTheSameNames() throws Exception {
        Application app = (environ, startResponse) -> {
            startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain", "Vary", "Cookie",
                    "Set-Cookie", "app=1"));
            return Body.of("ok");
        };
        try (JettyServer server = JettyServer.builder(app).host("127.0.0.1").port(0).build()) {
            // a session or compression handler in front adds its fields before the application runs
            server.jetty().setHandler(new Handler.Wrapper(new WsgiHandler(app)) {
                @Override
                public boolean handle(Request request, Response response, Callback callback) throws Exception {
                    response.getHeaders().add("Vary", "Accept-Encoding");
                    response.getHeaders().add("Set-Cookie", "SESSION=abc");
                    return super.handle(request, response, callback);
                }
            });
            server.start();
            Received r = exchange(server, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(List.of("Accept-Encoding", "Cookie"), r.headers("Vary"), r::text);
            assertEquals(List.of("SESSION=abc", "app=1"), r.headers("Set-Cookie"), r::text);
        }
    }
}
