// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.handler.BaseHandler;
import java.io.IOException;

/**
 * The shared request algorithm with FastCGI as its transport: response bytes become STDOUT records
 * of at most 65528 content bytes (a multiple of 8, so full records need no padding), and the end of
 * the response, the end of the streams and END_REQUEST leave in one socket write.
 */
final class FastCgiHandler extends BaseHandler {
    private static final int RECORD = FastCgiRecord.MAX_CONTENT - 7;
    private static final byte[] NONE = new byte[0];

    private final FastCgiConnection connection;
    private final int requestId;
    /** Response bytes not yet in a record; grows up to one record's worth, as a small response needs little. */
    private byte[] pending = new byte[1024];
    private final FastCgiRecordWriter out = new FastCgiRecordWriter();
    private int pendingLength;
    private volatile boolean aborted;

    FastCgiHandler(FastCgiConnection connection, int requestId) {
        super(false, "fastcgi");
        this.connection = connection;
        this.requestId = requestId;
    }

    /** The web server sent ABORT_REQUEST (or went away): the next write fails, ending the response. */
    void abort() {
        aborted = true;
    }

    boolean aborted() {
        return aborted;
    }

    @Override
    protected void writeBytes(byte[] b, int off, int n) throws IOException {
        checkAborted();
        while (n > 0) {
            int part = Math.min(n, RECORD - pendingLength);
            if (pendingLength + part > pending.length) {
                pending = java.util.Arrays.copyOf(pending, Math.min(RECORD, Math.max(pending.length * 2, pendingLength + part)));
            }
            System.arraycopy(b, off, pending, pendingLength, part);
            pendingLength += part;
            off += part;
            n -= part;
            if (pendingLength == RECORD) {
                encodePending();
                push();
            }
        }
    }

    @Override
    protected void flushBytes() throws IOException {
        checkAborted();
        encodePending();
        push();
    }

    @Override
    protected void completeResponse() {
        encodePending(); // sent together with END_REQUEST by end()
    }

    /** Ends the request on the wire: the STDOUT (and STDERR) end markers, then END_REQUEST. */
    void end(int appStatus, boolean stderrUsed) {
        if (aborted) {
            out.clear(); // an aborted request gets only its END_REQUEST
        } else {
            encodePending();
            out.record(FastCgiRecord.STDOUT, requestId, NONE, 0, 0);
            if (stderrUsed) {
                out.record(FastCgiRecord.STDERR, requestId, NONE, 0, 0);
            }
        }
        out.endRequest(requestId, appStatus, FastCgiRecord.REQUEST_COMPLETE);
        try {
            push();
        } catch (IOException e) {
            // the web server is gone; the connection notices and closes
        }
    }

    /**
     * Ends a response cut short after its headers (R5.4): the STDOUT bytes produced so far go out,
     * but not the end-of-stream record or END_REQUEST that would make the response look complete;
     * the connection then says the rest ({@link FastCgiConnection#cutShort}).
     */
    void cutShort() {
        encodePending();
        try {
            push();
        } catch (IOException e) {
            // the web server is gone; the connection is being dropped anyway
        }
    }

    private void encodePending() {
        if (pendingLength > 0) {
            out.record(FastCgiRecord.STDOUT, requestId, pending, 0, pendingLength);
            pendingLength = 0;
        }
    }

    private void push() throws IOException {
        if (out.length() > 0) {
            try {
                connection.write(out.buffer(), 0, out.length());
            } finally {
                out.clear();
            }
        }
    }

    private void checkAborted() throws IOException {
        if (aborted) {
            throw new IOException("the web server aborted FastCGI request " + requestId);
        }
    }
}
