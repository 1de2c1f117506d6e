// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import io.wsgi4j.Header;
import io.wsgi4j.Status;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 connection of {@link LiveExchange} to a live server, over a plain socket (or TLS for
 * {@code https}), kept open between requests as a browser keeps it. A general-purpose client would
 * not do: {@code java.net.http} writes header values as US-ASCII (a byte above 0x7F becomes
 * {@code ?}) and has no asterisk-form target, while the test client must put on the wire exactly the
 * bytes an in-process run puts in the environ (SPEC.md R2.3) and can send {@code OPTIONS *}.
 *
 * <p>A request is sent a second time only when it cannot have done anything twice that it would not
 * do once: its method is idempotent (RFC 9110 section 9.2.2: GET, HEAD, OPTIONS, TRACE, PUT, DELETE),
 * it went out on a kept connection, and that connection ended (end of stream, or reset) before any
 * byte of a response. A timeout is never a reason to send again: the application may still be
 * working on the first one. That is the rule RFC 9110 gives user agents and browsers follow; the bodies
 * here are byte arrays and could always be resent, but a POST the server acted on before the
 * connection ended would then run twice. Instead, before a request of another method (POST, PATCH)
 * goes out on a kept plain-HTTP connection, the connection is checked for having been closed by the
 * server while it was idle, and a new one is opened if it was; should it end after that, the request
 * fails, with a message saying it was not sent again.
 */
final class LiveWire implements AutoCloseable {
    /** A request body larger than this is written on its own thread while the response is read. */
    private static final int INLINE_BODY_BYTES = 64 * 1024;
    private static final int CONNECT_MILLIS = 10_000;
    private static final int READ_MILLIS = 30_000;
    /** RFC 9110 section 9.2.2: sending one of these twice has the effect of sending it once. */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");
    private static final int MAX_LINE_BYTES = 64 * 1024;

    /** The response as received: what {@link TestResponse} needs, and whether the connection may be kept. */
    record Response(Status status, List<Header> headers, byte[] body, IOException abortCause, boolean keep) {}

    private final String scheme;
    private final String host;
    private final int port;
    /** How long a read waits for the server, and how long a large body's upload may outlast the response. */
    private final int readMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    LiveWire(String scheme, String host, int port) {
        this(scheme, host, port, READ_MILLIS);
    }

    LiveWire(String scheme, String host, int port, int readMillis) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.readMillis = readMillis;
    }

    /** Whether this connection goes to {@code scheme://host:port}. */
    boolean reaches(String otherScheme, String otherHost, int otherPort) {
        return scheme.equals(otherScheme) && host.equalsIgnoreCase(otherHost) && port == otherPort;
    }

    /**
     * Sends one request and reads its response. A kept connection the server closed while it was idle
     * fails before any byte of a response arrives; an idempotent request is then sent again on a new
     * one, once (see the class comment). Any failure closes the connection, so the next request never
     * reads what is left of this one's response.
     */
    Response exchange(byte[] head, byte[] body, String method) throws IOException {
        boolean done = false;
        try {
            Response r = exchangeOrRetry(head, body, method);
            done = true;
            return r;
        } finally {
            if (!done) {
                close(); // an IOException, or a RuntimeException or Error from anywhere in the exchange
            }
        }
    }

    private Response exchangeOrRetry(byte[] head, byte[] body, String method) throws IOException {
        boolean resendable = IDEMPOTENT.contains(method);
        if (socket != null && !resendable && closedByServer()) {
            close(); // seen before sending, so the request goes out once, on a new connection
        }
        boolean reused = socket != null;
        if (!reused) {
            open();
        }
        try {
            return exchangeOnce(head, body, method);
        } catch (NothingReceived e) {
            close();
            if (!reused) {
                throw e.cause;
            }
            if (!resendable) {
                throw new IOException(e.cause.getMessage() + " (on a kept connection; a " + method
                        + " request is not sent again, since the server may have acted on it)", e.cause);
            }
            open();
            try {
                return exchangeOnce(head, body, method);
            } catch (NothingReceived again) {
                throw again.cause;
            }
        }
    }

    /** Whether there is a kept connection and its server has closed it (for tests: see {@link #closedByServer}). */
    boolean keptConnectionEnded() {
        return socket != null && closedByServer();
    }

    /**
     * Whether the kept connection has ended already (the server closed it while it was idle), seen by
     * a read that waits 1 ms; a byte nobody asked for also means it is of no use. Plain connections
     * only: a TLS socket is not read this way, and such a request on it fails instead (no retry).
     */
    private boolean closedByServer() {
        if (socket instanceof SSLSocket) {
            return false;
        }
        try {
            if (in.available() > 0) {
                return true;
            }
            socket.setSoTimeout(1);
            try {
                in.read();
                return true; // the end of the stream, or a stray byte
            } catch (SocketTimeoutException alive) {
                return false;
            } finally {
                socket.setSoTimeout(readMillis);
            }
        } catch (IOException e) {
            return true; // reset, or the socket is unusable: a new connection it is
        }
    }

    private Response exchangeOnce(byte[] head, byte[] body, String method) throws IOException, NothingReceived {
        CompletableFuture<Void> upload = null;
        try {
            out.write(head);
            if (body != null && body.length <= INLINE_BODY_BYTES) {
                out.write(body);
            }
            out.flush();
        } catch (IOException e) {
            throw NothingReceived.orRethrow(e);
        }
        if (body != null && body.length > INLINE_BODY_BYTES) {
            // an application that answers while the upload still arrives (an echo) would otherwise fill
            // both directions' buffers and wait on this client, which waits on it
            OutputStream o = out;
            upload = CompletableFuture.runAsync(() -> {
                try {
                    o.write(body);
                    o.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, r -> {
                Thread t = new Thread(r, "wsgi4j-testkit-upload");
                t.setDaemon(true);
                t.start();
            });
        }
        Response r = read(method);
        if (upload != null) {
            awaitUpload(upload, r.status(), body.length);
        }
        if (!r.keep() || r.abortCause() != null) {
            close();
        }
        return r;
    }

    /**
     * Waits for a large body's upload to end, at most the read timeout: a write has no timeout of its
     * own, so a server that answered without reading the body and neither reads it nor closes the
     * connection would otherwise hold the test forever.
     */
    private void awaitUpload(CompletableFuture<Void> upload, Status status, int length) throws IOException {
        try {
            upload.get(readMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close(); // ends the write, which fails, on the upload thread
            throw new IOException("the server answered " + status + " but neither read the rest of the " + length
                    + "-byte request body nor closed the connection within " + readMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the request body was written", e);
        } catch (ExecutionException e) {
            close();
            if (status.code() < 400) { // a server may refuse (413) before it read the body; else it must show
                throw new IOException("writing the request body failed though the response was " + status,
                        e.getCause());
            }
        }
    }

    private Response read(String method) throws IOException, NothingReceived {
        int first;
        try {
            first = in.read();
        } catch (IOException e) {
            throw NothingReceived.orRethrow(e); // a timeout is rethrown: the server may still answer
        }
        if (first < 0) {
            throw new NothingReceived(new EOFException("the server closed the connection without a response"));
        }
        String statusLine = readLine(first); // a byte arrived: from here on, nothing is sent again
        while (true) {
            Status status = status(statusLine);
            List<Header> headers = readHeaders();
            if (status.code() >= 100 && status.code() < 200) {
                statusLine = readLine(-1); // an interim response (100 Continue): the real one follows
                if (statusLine == null) {
                    throw new EOFException("the server closed the connection after a " + status + " response");
                }
                continue;
            }
            return body(method, statusLine, status, headers);
        }
    }

    /** Reads the body as RFC 9112 section 6.3 frames it. */
    private Response body(String method, String statusLine, Status status, List<Header> headers) throws IOException {
        boolean http10 = statusLine.startsWith("HTTP/1.0");
        String connection = joined(headers, "Connection").toLowerCase(Locale.ROOT);
        boolean keep = http10 ? connection.contains("keep-alive") : !connection.contains("close");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (method.equals("HEAD") || status.code() == 204 || status.code() == 304) {
            return new Response(status, headers, new byte[0], null, keep);
        }
        String te = joined(headers, "Transfer-Encoding").toLowerCase(Locale.ROOT).trim();
        String cl = joined(headers, "Content-Length").trim();
        try {
            if (te.endsWith("chunked")) {
                readChunked(body);
            } else if (!te.isEmpty()) {
                in.transferTo(body);
                keep = false;
            } else if (!cl.isEmpty()) {
                readExactly(body, Long.parseLong(cl));
            } else {
                in.transferTo(body); // delimited by the end of the connection
                keep = false;
            }
        } catch (IOException e) {
            // the status and headers arrived: a body cut short is an aborted response (R5.4), as in-process
            return new Response(status, headers, body.toByteArray(), e, false);
        } catch (NumberFormatException e) {
            throw new IOException("the server sent an invalid Content-Length: " + cl, e);
        }
        return new Response(status, headers, body.toByteArray(), null, keep);
    }

    private void readExactly(ByteArrayOutputStream body, long length) throws IOException {
        byte[] b = new byte[8192];
        long left = length;
        while (left > 0) {
            int n = in.read(b, 0, (int) Math.min(b.length, left));
            if (n < 0) {
                throw new EOFException("the response ended after " + (length - left) + " of " + length + " body bytes");
            }
            body.write(b, 0, n);
            left -= n;
        }
    }

    private void readChunked(ByteArrayOutputStream body) throws IOException {
        while (true) {
            String line = readLine(-1);
            if (line == null) {
                throw new EOFException("the chunked response body ended without its last chunk");
            }
            int semi = line.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("the server sent an invalid chunk size line: " + line, e);
            }
            if (size == 0) {
                while (true) { // trailer fields, if any, end with an empty line
                    String trailer = readLine(-1);
                    if (trailer == null || trailer.isEmpty()) {
                        return;
                    }
                }
            }
            readExactly(body, size);
            if (!"".equals(readLine(-1))) {
                throw new IOException("a chunk of the response body does not end with CRLF");
            }
        }
    }

    private List<Header> readHeaders() throws IOException {
        List<Header> headers = new ArrayList<>();
        while (true) {
            String line = readLine(-1);
            if (line == null) {
                throw new EOFException("the server closed the connection inside a response head");
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("the server sent a malformed header line: " + io.wsgi4j.Headers.describe(line));
            }
            try {
                headers.add(Header.of(line.substring(0, colon), line.substring(colon + 1).strip()));
            } catch (IllegalArgumentException e) {
                throw new IOException("the server sent an invalid header line: " + io.wsgi4j.Headers.describe(line)
                        + " (" + e.getMessage() + ")", e);
            }
        }
    }

    private static Status status(String line) throws IOException {
        // HTTP/1.1 200 OK: the server's own reason phrase is kept, as in-process keeps the application's
        String[] parts = line.split(" ", 3);
        try {
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IllegalArgumentException();
            }
            int code = Integer.parseInt(parts[1]);
            try {
                return parts.length == 3 && !parts[2].isEmpty() ? Status.of(code, parts[2]) : Status.of(code);
            } catch (IllegalArgumentException oddReason) {
                return Status.of(code);
            }
        } catch (IllegalArgumentException e) {
            throw new IOException("the server sent a malformed status line: " + io.wsgi4j.Headers.describe(line), e);
        }
    }

    private static String joined(List<Header> headers, String name) {
        StringBuilder b = new StringBuilder();
        for (Header h : headers) {
            if (h.is(name)) {
                b.append(b.length() == 0 ? "" : ", ").append(h.value());
            }
        }
        return b.toString();
    }

    /**
     * One line without its CRLF (or bare LF), as ISO-8859-1; null at the end of the stream before any byte.
     * {@code first} is the line's first byte when the caller read it already, else -1.
     */
    private String readLine(int first) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int c = first;
        while (c >= 0 || (c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] b = line.toByteArray();
                int n = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE_BYTES) {
                throw new IOException("a line of the response is longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(c);
            c = -1;
        }
        if (line.size() == 0) {
            return null;
        }
        throw new EOFException("the server closed the connection inside a line of its response");
    }

    private void open() throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), CONNECT_MILLIS);
            s.setSoTimeout(readMillis);
            s.setTcpNoDelay(true);
            if (scheme.equals("https")) {
                SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(s, host, port, true);
                SSLParameters p = tls.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // check the certificate names this host
                tls.setSSLParameters(p);
                tls.startHandshake();
                s = tls;
            }
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        in = new BufferedInputStream(s.getInputStream());
        out = s.getOutputStream();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a connection nobody reads from again: nothing to report
            }
            socket = null;
            in = null;
            out = null;
        }
    }

    /**
     * The connection ended before any byte of a response arrived (end of stream, reset, broken pipe):
     * on a reused connection, an idempotent request is worth one retry.
     */
    private static final class NothingReceived extends Exception {
        private static final long serialVersionUID = 1L;
        final transient IOException cause;

        NothingReceived(IOException cause) {
            super(cause);
            this.cause = cause;
        }

        /** {@code e} as a NothingReceived when it says the connection ended; else {@code e} itself, thrown. */
        static NothingReceived orRethrow(IOException e) throws IOException {
            if (e instanceof EOFException || e instanceof SocketException) {
                return new NothingReceived(e);
            }
            throw e; // a timeout (the application may still be working), a TLS failure, ...
        }
    }
}
