// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code wsgi.errors} for a FastCGI request: its text becomes STDERR records, which web servers put
 * in their error log, one entry per record (nginx: "FastCGI sent in stderr"). So text is held until
 * a line ends, {@link #flush()} is called or the request ends: a {@code println} (whose
 * {@link java.io.PrintStream} writes the text and the line break apart) is one record and one log
 * entry, not two with the second a bare line break. Writes after the request ended are dropped,
 * since the stream is already closed on the wire.
 */
final class FastCgiStderr extends OutputStream {
    /** The content of a full record: a multiple of 8, so it needs no padding. */
    private static final int RECORD = FastCgiRecord.MAX_CONTENT - 7;

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
        boolean lineEnded = false;
        for (int i = off + len - 1; i >= off && !lineEnded; i--) {
            lineEnded = b[i] == '\n';
        }
        while (len > 0) {
            if (!out.isOpen()) {
                out.open(FastCgiRecord.STDERR, requestId);
            }
            int part = Math.min(len, RECORD - out.openLength());
            out.append(b, off, part);
            off += part;
            len -= part;
            if (out.openLength() == RECORD) {
                out.seal(); // a line longer than a record takes several; the held text stays small
                lineEnded = true;
            }
        }
        if (lineEnded) {
            flush();
        }
    }

    /** Sends the text held (a partial line) now. */
    @Override
    public synchronized void flush() throws IOException {
        if (out == null) {
            return;
        }
        out.seal();
        if (out.length() > 0) {
            try {
                connection.write(out.buffer(), 0, out.length());
            } finally {
                out.clear();
            }
        }
    }

    /**
     * Sends a partial line still held, marks the stream ended and says whether anything was written
     * (so an end marker is due).
     */
    synchronized boolean end() {
        try {
            flush();
        } catch (IOException e) {
            // the web server is gone; the request's own end notices
        }
        ended = true;
        return used;
    }
}
