// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Map;

/**
 * A hand-driven FastCGI client for the gateway's own tests (and the command line's, hence public):
 * it writes whichever records a test asks for (including malformed ones) and reads the records
 * that come back.
 */
public final class FastCgiWire implements AutoCloseable {
    /** FCGI_RESPONDER, the role of every request a web server sends. */
    public static final int RESPONDER = FastCgiRecord.ROLE_RESPONDER;
    /** FCGI_PARAMS, the record type of the request's CGI variables. */
    public static final int PARAMS = FastCgiRecord.PARAMS;
    /** FCGI_OVERLOADED, the protocol status of a request refused for the multiplexing limit. */
    public static final int OVERLOADED = FastCgiRecord.OVERLOADED;
    /** FCGI_CANT_MPX_CONN, the protocol status of a concurrent request when the limit is one per connection. */
    public static final int CANT_MPX_CONN = FastCgiRecord.CANT_MPX_CONN;

    private final SocketChannel channel;
    private final OutputStream out;
    private final FastCgiRecordReader reader;
    private final InputStream rawIn;
    private final Map<Integer, java.util.ArrayDeque<FastCgiRecord>> stashed = new java.util.HashMap<>();

    public FastCgiWire(SocketAddress address) throws IOException {
        channel = SocketChannel.open(address);
        out = ChannelIO.out(channel);
        rawIn = ChannelIO.in(channel);
        reader = new FastCgiRecordReader(rawIn);
    }

    public static FastCgiWire connect(int port) throws IOException {
        return new FastCgiWire(new InetSocketAddress("127.0.0.1", port));
    }

    public FastCgiWire begin(int id, int role, boolean keepConn) throws IOException {
        return record(FastCgiRecord.BEGIN_REQUEST, id, new byte[] {(byte) (role >> 8), (byte) role,
            (byte) (keepConn ? FastCgiRecord.FLAG_KEEP_CONN : 0), 0, 0, 0, 0, 0});
    }

    public FastCgiWire params(int id, Map<String, String> params) throws IOException {
        byte[] body = FastCgiParams.encode(params);
        if (body.length > 0) {
            record(FastCgiRecord.PARAMS, id, body);
        }
        return record(FastCgiRecord.PARAMS, id, new byte[0]);
    }

    /** One non-empty PARAMS record with {@code params}, leaving the stream open for more. */
    public FastCgiWire paramsRecord(int id, Map<String, String> params) throws IOException {
        return record(FastCgiRecord.PARAMS, id, FastCgiParams.encode(params));
    }

    public FastCgiWire stdin(int id, byte[] body) throws IOException {
        FastCgiRecordWriter w = new FastCgiRecordWriter();
        w.stream(FastCgiRecord.STDIN, id, body, 0, body.length);
        out.write(w.buffer(), 0, w.length());
        return this;
    }

    public FastCgiWire endStdin(int id) throws IOException {
        return record(FastCgiRecord.STDIN, id, new byte[0]);
    }

    /** A GET-style request: BEGIN, PARAMS, empty STDIN. */
    public FastCgiWire request(int id, boolean keepConn, Map<String, String> params) throws IOException {
        return begin(id, FastCgiRecord.ROLE_RESPONDER, keepConn).params(id, params).endStdin(id);
    }

    /**
     * A whole request in one write, as nginx sends one: BEGIN_REQUEST, PARAMS, the empty PARAMS,
     * the body as STDIN and the empty STDIN.
     */
    public FastCgiWire whole(int id, boolean keepConn, Map<String, String> params, byte[] body) throws IOException {
        FastCgiRecordWriter w = new FastCgiRecordWriter();
        w.record(FastCgiRecord.BEGIN_REQUEST, id, new byte[] {0, (byte) FastCgiRecord.ROLE_RESPONDER,
            (byte) (keepConn ? FastCgiRecord.FLAG_KEEP_CONN : 0), 0, 0, 0, 0, 0}, 0, 8);
        byte[] encoded = FastCgiParams.encode(params);
        w.stream(FastCgiRecord.PARAMS, id, encoded, 0, encoded.length);
        w.record(FastCgiRecord.PARAMS, id, new byte[0], 0, 0);
        w.stream(FastCgiRecord.STDIN, id, body, 0, body.length);
        w.record(FastCgiRecord.STDIN, id, new byte[0], 0, 0);
        out.write(w.buffer(), 0, w.length());
        return this;
    }

    public FastCgiWire record(int type, int id, byte[] content) throws IOException {
        FastCgiRecordWriter w = new FastCgiRecordWriter();
        w.record(type, id, content, 0, content.length);
        out.write(w.buffer(), 0, w.length());
        return this;
    }

    public FastCgiWire raw(byte[] bytes) throws IOException {
        out.write(bytes, 0, bytes.length);
        return this;
    }

    /** The next record, or null at end of stream. */
    FastCgiRecord next() throws IOException {
        return reader.read();
    }

    /** Reads records of request {@code id} until its END_REQUEST; other requests' records are kept for later. */
    public Response response(int id) throws IOException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        java.util.ArrayDeque<FastCgiRecord> mine = stashed.computeIfAbsent(id, k -> new java.util.ArrayDeque<>());
        while (true) {
            FastCgiRecord r = mine.poll();
            if (r == null) {
                r = next();
                if (r == null) {
                    throw new AssertionError("the connection closed before END_REQUEST for request " + id
                            + " (stdout so far: " + stdout.toString(java.nio.charset.StandardCharsets.ISO_8859_1) + ")");
                }
                if (r.requestId() != id) {
                    stashed.computeIfAbsent(r.requestId(), k -> new java.util.ArrayDeque<>()).add(r);
                    continue;
                }
            }
            if (r.type() == FastCgiRecord.STDOUT) {
                stdout.write(r.content());
            } else if (r.type() == FastCgiRecord.STDERR) {
                stderr.write(r.content());
            } else if (r.type() == FastCgiRecord.END_REQUEST) {
                byte[] c = r.content();
                int appStatus = ((c[0] & 0xff) << 24) | ((c[1] & 0xff) << 16) | ((c[2] & 0xff) << 8) | (c[3] & 0xff);
                return new Response(stdout.toByteArray(), stderr.toString(java.nio.charset.StandardCharsets.UTF_8),
                        appStatus, c[4]);
            }
        }
    }

    /** Bytes the gateway sent that were not read yet (0 when none has arrived). */
    public int available() throws IOException {
        return channel.socket().getInputStream().available();
    }

    /** True when the gateway closed the connection (the next read is end of stream). */
    public boolean closedByPeer() throws IOException {
        return rawIn.read() < 0;
    }

    /** Ends what this client sends (a half-close: the gateway's reads see end of stream). */
    public FastCgiWire shutdownOutput() throws IOException {
        channel.shutdownOutput();
        return this;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    public record Response(byte[] stdout, String stderr, int appStatus, int protocolStatus) {
        public String text() {
            return new String(stdout, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    public static Map<String, String> get(String path) {
        return Map.of("REQUEST_METHOD", "GET", "SCRIPT_NAME", "", "PATH_INFO", path, "QUERY_STRING", "",
                "SERVER_NAME", "localhost", "SERVER_PORT", "80", "SERVER_PROTOCOL", "HTTP/1.1");
    }
}
