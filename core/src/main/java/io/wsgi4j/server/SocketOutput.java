// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import io.wsgi4j.net.BufferPool;
import io.wsgi4j.FileBody;
import io.wsgi4j.net.Deadline;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.WritableByteChannel;

/**
 * The write side of a connection: response heads and small bodies are gathered in a pooled buffer
 * and leave in one write (several pipelined responses in one write, too); large chunks go straight
 * to the socket, and file bodies go with {@code FileChannel.transferTo} (zero copy). The buffer goes
 * back to the pool when the connection waits for its next request.
 */
final class SocketOutput {
    static final int SIZE = 8192;
    private static final long SLICE = 1 << 20;
    private static final BufferPool POOL = new BufferPool(256, SIZE);

    private final OutputStream out;
    private final WritableByteChannel channel;
    private final Deadline deadline;
    private final long timeoutNanos;
    private byte[] buf;
    private int len;
    /** As {@link SocketInput#nonBlocking}: writes that the socket cannot take at once escape to blocking ones. */
    java.nio.channels.SocketChannel nonBlocking;
    SocketInput.Escape escape;

    /**
     * @param channel the socket channel for zero-copy file sends, or null to copy through {@code out}
     * @param deadline limits each write to {@code timeoutNanos}, so a client that stops reading
     *     cannot hold the connection forever; null for none
     */
    SocketOutput(OutputStream out, WritableByteChannel channel, Deadline deadline, long timeoutNanos) {
        this.out = out;
        this.channel = channel;
        this.deadline = deadline;
        this.timeoutNanos = timeoutNanos;
    }

    void write(byte[] b, int off, int n) throws IOException {
        if (buf == null) {
            buf = POOL.take();
        }
        if (n > buf.length - len) {
            flush();
            if (n >= buf.length / 2) {
                send(b, off, n);
                return;
            }
        }
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    /** Whether enough is gathered that it should go out even though more responses may follow. */
    boolean full() {
        return len >= SIZE / 2;
    }

    void flush() throws IOException {
        if (len > 0) {
            int n = len;
            len = 0;
            send(buf, 0, n);
        }
    }

    private void send(byte[] b, int off, int n) throws IOException {
        if (nonBlocking != null) {
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b, off, n);
            while (bb.hasRemaining() && nonBlocking.write(bb) > 0) {
                // the socket takes what fits
            }
            if (!bb.hasRemaining()) {
                return;
            }
            off = bb.position();
            n = bb.remaining();
            escape.toBlocking();
        }
        if (deadline == null) {
            out.write(b, off, n);
            return;
        }
        deadline.armWrite(timeoutNanos);
        try {
            out.write(b, off, n);
        } finally {
            deadline.disarm();
        }
    }

    void sendFile(FileBody file) throws IOException {
        flush();
        if (nonBlocking != null) {
            escape.toBlocking(); // a file is sent in slices with blocking writes, each with its time limit
        }
        if (channel == null) {
            for (byte[] chunk : file) {
                send(chunk, 0, chunk.length);
            }
            return;
        }
        // in slices, each with its own time limit, so a slow but steady reader gets the whole file; the
        // file counts what went out, so a response cut short is logged as such
        long offset = 0;
        while (offset < file.count()) {
            if (deadline != null) {
                deadline.armWrite(timeoutNanos);
            }
            try {
                offset += file.transferSome(channel, offset, SLICE);
            } finally {
                if (deadline != null) {
                    deadline.disarm();
                }
            }
        }
    }

    /** Gives the buffer back to the pool; only when nothing is pending (after {@link #flush}). */
    void release() {
        if (buf != null && len == 0) {
            byte[] b = buf;
            buf = null;
            POOL.give(b);
        }
    }
}
