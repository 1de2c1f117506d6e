// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.contract;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads exactly one response from a connection that stays open for the next request: its head, then
 * its body as framed (Content-Length or chunked), and nothing after it.
 */
final class KeptAliveResponse {
    private KeptAliveResponse() {}

    /**
     * The body of the next response on {@code in}, as ISO-8859-1 text.
     *
     * @throws IOException if the status is not 200, the response is not framed, or the connection ends early
     */
    static String read(InputStream in) throws IOException {
        String status = line(in);
        long length = -1;
        boolean chunked = false;
        for (String field = line(in); !field.isEmpty(); field = line(in)) {
            int colon = field.indexOf(':');
            String name = field.substring(0, Math.max(colon, 0)).trim();
            String value = field.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            }
        }
        if (!status.startsWith("HTTP/1.1 200 ")) {
            throw new IOException("expected a 200, got " + status);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                body.write(exactly(in, size));
                line(in);
            }
            while (!line(in).isEmpty()) {
                // trailer fields
            }
        } else if (length >= 0) {
            body.write(exactly(in, (int) length));
        } else {
            throw new IOException("a kept-alive response without Content-Length or chunked framing: " + status);
        }
        return body.toString(StandardCharsets.ISO_8859_1);
    }

    private static int chunkSize(String line) {
        int semi = line.indexOf(';');
        return Integer.parseInt((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
    }

    private static byte[] exactly(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException("the response ended after " + b.length + " of " + n + " body bytes");
        }
        return b;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("the connection ended inside a response: " + b);
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
