// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 GET over a raw socket, read to the end of the connection: what a client
 * really received, framing included, when a response is aborted. The request does not ask for
 * {@code Connection: close}, so a server must frame the body (Content-Length or chunked) and may end
 * the connection early only to say that the response is broken.
 */
record RawExchange(String head, byte[] body) {

    static RawExchange get(int port, String target) throws IOException {
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
            return new RawExchange(text.substring(0, end), java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length));
        }
    }

    /** A reset after the last byte counts as the end of the stream: the client saw the connection end. */
    private static int readOrReset(InputStream in, byte[] b) throws IOException {
        try {
            return in.read(b);
        } catch (java.net.SocketException reset) {
            return -1;
        }
    }

    String header(String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    String text() {
        return new String(body, StandardCharsets.ISO_8859_1);
    }
}
