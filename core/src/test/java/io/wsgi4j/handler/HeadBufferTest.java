// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeadBufferTest {
    private final HeadBuffer buffer = new HeadBuffer();

    private String text() {
        return new String(buffer.bytes(), 0, buffer.length(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aGatewayHeadIsTheStatusLineAndTheHeadersAsGiven() {
        buffer.start("Status: ", Status.of(404), Headers.of("Content-Type", "text/plain"), 9);
        buffer.end();
        assertEquals("Status: 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\n", text());
    }

    @Test
    void anOriginServerAddsServerFramingAndConnectionButKeepsTheApplicationsDate() {
        buffer.start("HTTP/1.1 ", Status.OK, Headers.of("Date", "Sun, 06 Nov 1994 08:49:37 GMT"), -1);
        buffer.originFields("wsgi4j", true, "close");
        buffer.end();
        assertEquals("HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nServer: wsgi4j\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n", text());
    }

    @Test
    void anOriginServerAddsDateAndServerUnlessTheApplicationSetThemInAnyCase() {
        buffer.start("HTTP/1.1 ", Status.OK, Headers.of("server", "app/1", "X-Date", "y"), -1);
        buffer.originFields("wsgi4j", false, null);
        buffer.end();
        String head = text();
        assertTrue(head.startsWith("HTTP/1.1 200 OK\r\nserver: app/1\r\nX-Date: y\r\nDate: "), head);
        assertFalse(head.contains("Server: wsgi4j"), head);

        buffer.start("HTTP/1.1 ", Status.OK, Headers.of("DATE", "Sun, 06 Nov 1994 08:49:37 GMT"), -1);
        buffer.originFields("wsgi4j", false, null);
        buffer.end();
        assertEquals("HTTP/1.1 200 OK\r\nDATE: Sun, 06 Nov 1994 08:49:37 GMT\r\nServer: wsgi4j\r\n\r\n", text(),
                "what one head saw of Date and Server does not carry over to the next");
    }

    @Test
    void aHeadLargerThanTheFirstArrayGrowsIt() {
        String big = "v".repeat(2000);
        buffer.start("HTTP/1.1 ", Status.OK, Headers.of("X-Big", big), -1);
        buffer.end();
        assertEquals("HTTP/1.1 200 OK\r\nX-Big: " + big + "\r\n\r\n", text());
    }

    @Test
    void aChunkSizeLineIsHexAndReplacesWhatWasThere() {
        buffer.start("HTTP/1.1 ", Status.OK, Headers.of(), -1);
        buffer.chunkSize(255);
        assertEquals("ff\r\n", text());
        buffer.release();
        buffer.chunkSize(0);
        assertEquals("0\r\n", text());
    }
}
