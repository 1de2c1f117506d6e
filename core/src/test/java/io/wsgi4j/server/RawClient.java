// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A test client that speaks raw bytes to a server over a real socket and parses responses itself,
 * so tests see exactly what goes over the wire. Reads give up after a safety timeout so that a
 * broken server fails a test instead of hanging it (never used to assert speed).
 */
final class RawClient implements AutoCloseable {
    static final int SAFETY_TIMEOUT_MS = 10_000;

    final Socket socket;
    final InputStream in;
    final OutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(SAFETY_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    RawClient send(String raw) throws IOException {
        return send(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawClient send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
        return this;
    }

    /** Reads one response (body framed by Content-Length, chunked, or close). */
    Response read() throws IOException {
        return read(false);
    }

    /** Reads one response to a HEAD request (headers only). */
    Response readHead() throws IOException {
        return read(true);
    }

    private Response read(boolean headRequest) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        List<String[]> headers = new ArrayList<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.add(new String[] {l.substring(0, colon), l.substring(colon + 1).trim()});
        }
        Response r = new Response(statusLine, headers);
        int code = r.status();
        if (headRequest || code / 100 == 1 || code == 204 || code == 304) {
            return r.body(new byte[0]);
        }
        String length = r.header("Content-Length");
        if (length != null) {
            return r.body(in.readNBytes(Integer.parseInt(length)));
        }
        if ("chunked".equalsIgnoreCase(r.header("Transfer-Encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(line(), 16);
                if (size == 0) {
                    line();
                    return r.body(body.toByteArray());
                }
                body.write(in.readNBytes(size));
                line();
            }
        }
        return r.body(in.readAllBytes());
    }

    /** Reads everything until the server closes. */
    String readAll() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** True if the server closed (or reset) the connection: the next read sees end of stream. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException e) {
            return true; // reset
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** One parsed response. */
    static final class Response {
        final String statusLine;
        final List<String[]> headers;
        byte[] body;

        Response(String statusLine, List<String[]> headers) {
            this.statusLine = statusLine;
            this.headers = headers;
        }

        Response body(byte[] b) {
            body = b;
            return this;
        }

        int status() {
            return Integer.parseInt(statusLine.substring(9, 12));
        }

        String header(String name) {
            for (String[] h : headers) {
                if (h[0].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return h[1];
                }
            }
            return null;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return statusLine + " " + text();
        }
    }
}
