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
    /**
     * The records not yet written: response bytes go straight into an open STDOUT record. Borrowed from
     * the connection, which lends the same buffer to the requests it serves one after the other, and
     * given back once END_REQUEST is out; null from then on.
     */
    private FastCgiRecordWriter out; // a kept callable on another thread is refused by the responder check first (BaseHandler)
    private volatile boolean aborted;

    FastCgiHandler(FastCgiConnection connection, int requestId) {
        super(false, "fastcgi");
        this.connection = connection;
        this.requestId = requestId;
        this.out = connection.borrowWriter();
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
        FastCgiRecordWriter out = writer();
        while (n > 0) {
            if (!out.isOpen()) {
                out.open(FastCgiRecord.STDOUT, requestId);
            }
            int part = Math.min(n, RECORD - out.openLength());
            out.append(b, off, part);
            off += part;
            n -= part;
            if (out.openLength() == RECORD) {
                out.seal();
                push();
            }
        }
    }

    @Override
    protected void flushBytes() throws IOException {
        checkAborted();
        writer().seal();
        push();
    }

    @Override
    protected void completeResponse() {
        out.seal(); // sent together with END_REQUEST by end()
    }

    /**
     * Answers a request the gateway could not read (no application runs) with a response of
     * {@code status} naming {@code problem}, which the observer hears of as a refusal, as from the
     * SCGI gateway ({@link StreamHandler#refuse}); {@link #end} then ends it on the wire.
     *
     * @throws IOException if the web server is gone
     */
    void refuse(io.wsgi4j.Status status, String problem) throws IOException {
        byte[][] response = Refusal.unreadable(status, problem);
        writeBytes(response[0], 0, response[0].length);
        writeBytes(response[1], 0, response[1].length);
        observeRefusal("", "", status.code(), -1, response[1].length);
    }

    /** Ends the request on the wire: the STDOUT (and STDERR) end markers, then END_REQUEST. */
    void end(int appStatus, boolean stderrUsed) {
        if (aborted) {
            out.clear(); // an aborted request gets only its END_REQUEST
        } else {
            out.record(FastCgiRecord.STDOUT, requestId, NONE, 0, 0); // seals the open one first
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
        FastCgiRecordWriter done = out;
        out = null; // nothing of this request writes any more: the next request may have the buffer
        connection.giveBackWriter(done);
        releaseBuffers(); // the head's array too: its bytes were copied into the records
    }

    /**
     * Ends a response cut short after its headers (R5.4): the STDOUT bytes produced so far go out,
     * but not the end-of-stream record or END_REQUEST that would make the response look complete;
     * the connection then says the rest ({@link FastCgiConnection#cutShort}).
     */
    void cutShort() {
        out.seal();
        try {
            push();
        } catch (IOException e) {
            // the web server is gone; the connection is being dropped anyway
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

    /** The record buffer, while this request still has it. */
    private FastCgiRecordWriter writer() {
        FastCgiRecordWriter w = out;
        if (w == null) {
            throw new IllegalStateException("R1.1 FastCGI request " + requestId + " wrote after its response ended;"
                    + " an application must not keep the write callable beyond its request");
        }
        return w;
    }

    private void checkAborted() throws IOException {
        if (aborted) {
            throw new IOException("the web server aborted FastCGI request " + requestId);
        }
    }
}
