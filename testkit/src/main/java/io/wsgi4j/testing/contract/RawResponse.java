// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.contract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a client really received for one keep-alive HTTP/1.1 GET, read over a raw socket to the end
 * of the connection, framing included. The request does not ask for {@code Connection: close}, so
 * the server must frame the body (Content-Length or chunked) and may end the connection early only
 * to say that the response is broken.
 *
 * @param head the status line and headers, without the blank line
 * @param body everything after the head, as received (chunked framing not removed)
 * @since 0.2
 */
public record RawResponse(String head, byte[] body) {

    /**
     * Sends {@code GET target} to {@code 127.0.0.1:port} and reads until the server ends the connection
     * (a reset after the last byte counts as the end).
     *
     * @throws IOException if no complete head arrives, or the server keeps the connection open for a minute
     * @since 0.2
     */
    public static RawResponse get(int port, String target) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(60_000); // a server that keeps the connection open fails the test here, not hangs it
            s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] b = new byte[8192];
            int n;
            while ((n = readOrReset(in, b)) > 0) {
                all.write(b, 0, n);
            }
            byte[] bytes = all.toByteArray();
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new IOException("no complete response head: " + text);
            }
            return new RawResponse(text.substring(0, end), Arrays.copyOfRange(bytes, end + 4, bytes.length));
        }
    }

    private static int readOrReset(InputStream in, byte[] b) throws IOException {
        try {
            return in.read(b);
        } catch (SocketException reset) {
            return -1;
        }
    }

    /** The first value of header {@code name} (any case), or null. @since 0.2 */
    public String header(String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** The body as ISO-8859-1 text, byte for char. @since 0.2 */
    public String text() {
        return new String(body, StandardCharsets.ISO_8859_1);
    }
}
