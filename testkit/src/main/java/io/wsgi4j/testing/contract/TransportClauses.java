// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Clauses for a transport that speaks HTTP/1.1 to clients itself, beside the {@link GatewayContract}:
 * a failure after the headers went out leaves a response the client can tell is broken (SPEC R5.4),
 * a body is closed exactly once when the client disconnects (R4.3, R5.5), and a file region arrives
 * exactly, however the transport sends it ({@code wsgi.file_wrapper}, SPEC section 2), and a
 * {@code wsgi.input} kept past its response never reads the next request's bytes (R1.2). A test class
 * adds them by implementing this interface and serving {@link TransportProbes} at
 * {@link #probePrefix()}:
 *
 * <pre>{@code
 * class MyTransportContractTest extends GatewayContract implements TransportClauses { ... }
 * }</pre>
 *
 * @since 0.2
 */
public interface TransportClauses {
    /** The port of the transport under test, on 127.0.0.1. @since 0.2 */
    int probePort();

    /** Where {@link #transportProbes()} is mounted, e.g. {@code /probe}. @since 0.2 */
    String probePrefix();

    /** The probes the transport serves. @since 0.2 */
    TransportProbes transportProbes();

    /** R5.4: a chunked response that fails midway ends without its last chunk. @since 0.2 */
    @Test
    default void anExceptionAfterTheHeadersLeavesAChunkedResponseWithoutItsLastChunk() throws Exception {
        RawResponse r = RawResponse.get(probePort(), probePrefix() + "/abort-chunked");
        assertTrue(r.head().startsWith("HTTP/1.1 200"), r::head);
        assertEquals("chunked", r.header("Transfer-Encoding"), r::head);
        assertTrue(r.text().contains("first\n"), "the chunk sent before the failure arrived: " + r.text());
        assertThrows(EOFException.class, () -> HttpWire.dechunk(r.body()),
                () -> "the connection ended, but the body looks complete: " + r.text());
    }

    /** R5.4: a response with Content-Length that fails midway ends short of it. @since 0.2 */
    @Test
    default void anExceptionAfterTheHeadersLeavesAContentLengthResponseShort() throws Exception {
        RawResponse r = RawResponse.get(probePort(), probePrefix() + "/abort-length");
        assertTrue(r.head().startsWith("HTTP/1.1 200"), r::head);
        assertEquals("1000", r.header("Content-Length"), r::head);
        assertEquals("0123456789", r.text(), "the bytes before the failure arrived, and nothing after them");
    }

    /**
     * R4.6, R5.4: a body whose first chunk is already longer than its Content-Length is refused while nothing
     * is sent: a 500, never the application's 200 head followed by a connection cut off at once.
     *
     * @since 0.2
     */
    @Test
    default void aFirstChunkLongerThanItsContentLengthIsA500() throws Exception {
        ContractResponse r = new HttpWire("127.0.0.1", probePort()).send("GET", probePrefix() + "/overlong", Map.of(),
                null);
        assertEquals(500, r.status(), r::text);
        assertNotEquals("3", r.header("Content-Length"), r::text);
    }

    /** wsgi.file_wrapper: a FileBody region arrives byte for byte, from its position, with its length. @since 0.2 */
    @Test
    default void aFileBodyRegionArrivesExactly() throws Exception {
        int n = (3 << 20) + 5;
        HttpWire wire = new HttpWire("127.0.0.1", probePort());
        ContractResponse r = wire.send("GET", probePrefix() + "/file?n=" + n, Map.of(), null);
        assertEquals(200, r.status(), r::text);
        assertEquals(Integer.toString(n), r.header("Content-Length"));
        TransportProbes.checkFileRegion(r.body(), n);
    }

    /** R4.3, R5.5: a client that leaves mid-stream gets the body closed, once. @since 0.2 */
    @Test
    default void theBodyIsClosedOnceWhenTheClientDisconnects() throws Exception {
        TransportProbes probes = transportProbes();
        int before = probes.foreverClosed();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", probePort()), 10_000);
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET " + probePrefix() + "/forever HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            StringBuilder seen = new StringBuilder();
            byte[] b = new byte[1024];
            while (!seen.toString().contains("tick")) {
                int n = in.read(b);
                assertTrue(n > 0, "the stream ended before its first tick: " + seen);
                seen.append(new String(b, 0, n, StandardCharsets.ISO_8859_1));
            }
            s.setSoLinger(true, 0); // leave with a reset, as a crashed client does
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (probes.foreverClosed() == before && System.nanoTime() < deadline) {
            Thread.sleep(10); // waiting for an event, not measuring time
        }
        assertEquals(before + 1, probes.foreverClosed(), "the endless body was closed after the client left");
        // another request runs meanwhile; the first body must not be closed a second time
        assertEquals(404, new HttpWire("127.0.0.1", probePort()).send("GET", probePrefix() + "/none", Map.of(), null)
                .status());
        assertEquals(before + 1, probes.foreverClosed(), "closed exactly once");
    }

    /**
     * R1.2: a {@code wsgi.input} an application kept past its response refuses to read (an exception naming
     * R1.2) instead of handing over bytes that may belong to the next request on the connection, and that
     * request still gets its whole body.
     *
     * @since 0.2
     */
    @Test
    default void anInputKeptPastItsResponseReadsNothingOfTheNextRequest() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", probePort()), 10_000);
            s.setSoTimeout(30_000);
            InputStream in = s.getInputStream();
            String keep = "POST " + probePrefix() + "/keep-input HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n"
                    + "0123456789";
            s.getOutputStream().write(keep.getBytes(StandardCharsets.ISO_8859_1));
            assertEquals("kept\n", KeptAliveResponse.read(in), "the first response");
            String read = "POST " + probePrefix() + "/read-kept-input HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n"
                    + "Connection: close\r\n\r\nabcdefghij";
            s.getOutputStream().write(read.getBytes(StandardCharsets.ISO_8859_1));
            String text = KeptAliveResponse.read(in);
            assertTrue(text.endsWith("\nown: abcdefghij\n"), () -> "the second request lost its body: " + text);
            assertTrue(text.startsWith("kept: java.lang.IllegalStateException: R1.2 "),
                    () -> "the kept input did not refuse to read: " + text);
        }
    }

    /**
     * A request body the client cuts off before its Content-Length is the client's failure, not the
     * application's: an application that lets its read's exception escape gets the client a 400 naming the
     * problem (RFC 9110 section 15.5.1), or no answer, never a 500 that blames the server.
     *
     * @since 0.2
     */
    @Test
    default void aBodyTheClientCutsOffIsA400NotTheApplicationsFailure() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", probePort()), 10_000);
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("POST " + probePrefix() + "/read-all HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 10\r\n\r\nabc").getBytes(StandardCharsets.ISO_8859_1));
            s.shutdownOutput(); // 7 bytes short, and no more to come
            String response;
            try {
                response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (java.net.SocketException reset) {
                response = ""; // closed unanswered: no blame either
            }
            String r = response;
            assertTrue(r.isEmpty() || r.startsWith("HTTP/1.1 400"), () -> "a body cut off by the client got: " + r);
        }
    }
}
