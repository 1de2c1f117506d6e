// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.contract;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A deliberately small HTTP/1.1 client over a raw socket, for talking to a real web server in the
 * contract suite: it shows header order and repeats exactly, sends header bytes unchanged, can see
 * how a body arrives, and can abandon an upload midway (which general-purpose clients hide).
 * One request per connection ({@code Connection: close}).
 *
 * @since 0.1
 */
public final class HttpWire {
    private final String host;
    private final int port;

    /** A client for {@code host:port}. @since 0.1 */
    public HttpWire(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Sends one request and reads the whole response. @since 0.1 */
    public ContractResponse send(String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        try (Socket s = connect()) {
            // the body goes out on its own thread while the response is read, as curl does: an echo
            // answers while the upload is still arriving, and a client that only wrote would deadlock
            java.util.concurrent.CompletableFuture<Void> writing = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    writeRequest(s.getOutputStream(), method, target, headers, body, body == null ? -1 : body.length);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, r -> new Thread(r, "http-wire-upload").start());
            InputStream in = s.getInputStream();
            Head head = readHead(in, new ByteArrayOutputStream());
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            raw.write(head.rest, 0, head.rest.length);
            byte[] b = new byte[64 * 1024];
            boolean bodiless = method.equals("HEAD") || head.status == 204 || head.status == 304 || head.status < 200;
            if (!bodiless) {
                String te = head.response.header("Transfer-Encoding");
                String cl = head.response.header("Content-Length");
                long need = te == null && cl != null ? Long.parseLong(cl.trim()) : Long.MAX_VALUE;
                int n;
                while (raw.size() < need && (n = in.read(b)) > 0) {
                    raw.write(b, 0, n);
                }
                if (need != Long.MAX_VALUE && raw.size() < need) {
                    throw new EOFException("the response ended after " + raw.size() + " of " + need + " body bytes");
                }
            }
            try {
                writing.get(); // the response arrived, so the upload is done (or failed, which must show)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (head.status < 400) {
                    throw new IOException("the upload failed though the response was " + head.status, e.getCause());
                }
            }
            byte[] bytes = raw.toByteArray();
            if (!bodiless && "chunked".equalsIgnoreCase(head.response.header("Transfer-Encoding"))) {
                bytes = dechunk(bytes);
            } else if (bodiless) {
                bytes = new byte[0];
            }
            return new ContractResponse(head.status, head.headers, bytes);
        }
    }

    /** GET {@code target} and return the raw pieces of the response after the head, as read. @since 0.1 */
    public List<byte[]> arrivals(String target) throws IOException {
        try (Socket s = connect()) {
            writeRequest(s.getOutputStream(), "GET", target, Map.of(), null, -1);
            InputStream in = s.getInputStream();
            Head head = readHead(in, new ByteArrayOutputStream());
            List<byte[]> out = new ArrayList<>();
            if (head.rest.length > 0) {
                out.add(head.rest);
            }
            byte[] b = new byte[64 * 1024];
            int n;
            while ((n = in.read(b)) > 0) {
                out.add(java.util.Arrays.copyOf(b, n));
            }
            return out;
        }
    }

    /** Sends a request head declaring {@code declared} body bytes, then {@code sent} of them, then closes. @since 0.1 */
    public void abandonUpload(String target, long declared, int sent) throws IOException {
        try (Socket s = connect()) {
            s.setSoLinger(true, 0); // a reset, as a client that crashes would leave
            writeRequest(s.getOutputStream(), "POST", target, Map.of("Content-Type", "application/octet-stream"),
                    new byte[sent], declared);
            s.getOutputStream().flush();
        }
    }

    /** Removes chunked framing (chunk extensions and trailers ignored). @since 0.1 */
    public static byte[] dechunk(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (true) {
            int eol = indexOf(raw, i, "\r\n");
            if (eol < 0) {
                throw new EOFException("the chunked body ended without its last chunk");
            }
            String size = new String(raw, i, eol - i, StandardCharsets.ISO_8859_1);
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            i = eol + 2;
            if (n == 0) {
                return out.toByteArray();
            }
            if (i + n + 2 > raw.length) {
                throw new EOFException("the chunked body ended inside a chunk");
            }
            out.write(raw, i, n);
            i += n + 2;
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), 10_000);
        s.setSoTimeout(120_000);
        return s;
    }

    private void writeRequest(OutputStream out, String method, String target, Map<String, String> headers,
            byte[] body, long declared) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        h.append("Host: ").append(host).append(':').append(port).append("\r\n");
        h.append("Connection: close\r\n");
        for (Map.Entry<String, String> e : headers.entrySet()) {
            h.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        }
        if (declared >= 0) {
            h.append("Content-Length: ").append(declared).append("\r\n");
        }
        h.append("\r\n");
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    private record Head(int status, List<String[]> headers, ContractResponse response, byte[] rest) {
    }

    private static Head readHead(InputStream in, ByteArrayOutputStream buf) throws IOException {
        byte[] b = new byte[8192];
        int end;
        while ((end = indexOf(buf.toByteArray(), 0, "\r\n\r\n")) < 0) {
            int n = in.read(b);
            if (n < 0) {
                throw new EOFException("the connection closed before a complete response head ("
                        + buf.size() + " bytes: " + buf.toString(StandardCharsets.ISO_8859_1) + ")");
            }
            buf.write(b, 0, n);
        }
        byte[] all = buf.toByteArray();
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(new String[] {lines[i].substring(0, colon), lines[i].substring(colon + 1).trim()});
        }
        byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        return new Head(status, headers, new ContractResponse(status, headers, new byte[0]), rest);
    }

    private static int indexOf(byte[] b, int from, String s) {
        outer:
        for (int i = from; i <= b.length - s.length(); i++) {
            for (int j = 0; j < s.length(); j++) {
                if (b[i + j] != s.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
