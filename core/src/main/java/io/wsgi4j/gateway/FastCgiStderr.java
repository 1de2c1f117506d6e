// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code wsgi.errors} for a FastCGI request: each write becomes STDERR records, which web servers
 * put in their error log (nginx: "FastCGI sent in stderr"). Writes after the request ended are
 * dropped, since the stream is already closed on the wire.
 */
final class FastCgiStderr extends OutputStream {
    private final FastCgiConnection connection;
    private final int requestId;
    private FastCgiRecordWriter out; // made at the first write: most requests write none
    private boolean used;
    private boolean ended;

    FastCgiStderr(FastCgiConnection connection, int requestId) {
        this.connection = connection;
        this.requestId = requestId;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (ended || len == 0) {
            return;
        }
        used = true;
        if (out == null) {
            out = new FastCgiRecordWriter();
        }
        out.stream(FastCgiRecord.STDERR, requestId, b, off, len);
        try {
            connection.write(out.buffer(), 0, out.length());
        } finally {
            out.clear();
        }
    }

    /** Marks the stream ended and says whether anything was written (so an end marker is due). */
    synchronized boolean end() {
        ended = true;
        return used;
    }
}
