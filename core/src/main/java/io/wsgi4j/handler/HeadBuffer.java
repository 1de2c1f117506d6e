// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import io.wsgi4j.Header;
import io.wsgi4j.Status;
import io.wsgi4j.net.BufferPool;
import java.util.Arrays;
import java.util.List;

/**
 * The bytes of a response head or a chunk-size line, serialised into one array that is reused
 * across the requests of a connection. Header values are Latin-1 (checked by {@link Header}), so
 * each character is copied as one byte with no encoder.
 */
final class HeadBuffer {
    /** Most heads fit this; a larger one grows its own array, which goes to the garbage collector after. */
    private static final int SIZE = 512;
    /**
     * The arrays of the heads being written: a transport that lets its buffers go between requests (the
     * reference server at every keep-alive wait, the FastCGI gateway at every END_REQUEST) gives its head's
     * back, so a request one at a time per connection makes no new one.
     */
    private static final BufferPool POOL = new BufferPool(256, SIZE);

    private byte[] buf;
    private int len;
    // whether the head begun last holds the application's own Date and Server, seen while it was written,
    // so the origin fields need no second pass over the headers
    private boolean appSetDate;
    private boolean appSetServer;

    /** Starts a head: the status line (or CGI {@code Status:} line), the application's headers, a computed length. */
    void start(String prefix, Status status, List<Header> appHeaders, long addedLength) {
        len = 0;
        append(prefix);
        append(status.toString());
        crlf();
        // RFC 9110 section 8.6: no Content-Length on a 1xx or 204; a 205 is framed by the handler's own 0
        int code = status.code();
        boolean dropLength = code < 200 || code == 204 || code == 205;
        boolean date = false;
        boolean server = false;
        for (int i = 0, n = appHeaders.size(); i < n; i++) {
            Header h = appHeaders.get(i);
            String name = h.name();
            int length = name.length();
            if (length == 4) {
                date |= name.equalsIgnoreCase("Date");
            } else if (length == 6) {
                server |= name.equalsIgnoreCase("Server");
            } else if (dropLength && length == 14 && name.equalsIgnoreCase("Content-Length")) {
                continue;
            }
            header(name, h.value());
        }
        appSetDate = date;
        appSetServer = server;
        if (addedLength >= 0) {
            header("Content-Length", Long.toString(addedLength));
        }
    }

    /**
     * Adds what an origin server owes the client: Date and Server unless the application set them,
     * the chunked coding, and a Connection header when {@code connection} is not null.
     */
    void originFields(String serverSoftware, boolean chunked, String connection) {
        if (!appSetDate) {
            header("Date", HttpDate.now());
        }
        if (!appSetServer) {
            header("Server", serverSoftware);
        }
        if (chunked) {
            header("Transfer-Encoding", "chunked");
        }
        if (connection != null) {
            header("Connection", connection);
        }
    }

    /** Ends the head with its empty line. */
    void end() {
        crlf();
    }

    /** Serialises the size line that opens a chunk of the chunked transfer coding. */
    void chunkSize(long size) {
        len = 0;
        append(Long.toHexString(size));
        crlf();
    }

    byte[] bytes() {
        return buf;
    }

    int length() {
        return len;
    }

    /** Lets go of the array (to the pool); the next head takes one again. */
    void release() {
        if (buf != null) {
            POOL.give(buf); // one grown past SIZE is not taken back
        }
        buf = null;
        len = 0;
    }

    private void header(String name, String value) {
        append(name);
        ensure(2);
        buf[len++] = ':';
        buf[len++] = ' ';
        append(value);
        crlf();
    }

    private void crlf() {
        ensure(2);
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    @SuppressWarnings("deprecation") // getBytes(int,int,byte[],int) copies Latin-1 chars with no encoder
    private void append(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, buf, len);
        len += n;
    }

    private void ensure(int extra) {
        if (buf == null) {
            buf = extra <= SIZE ? POOL.take() : new byte[extra];
        } else if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
