// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import io.wsgi4j.FileBody;
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
    private static final BufferPool POOL = new BufferPool(256, SIZE);

    private final OutputStream out;
    private final WritableByteChannel channel;
    private byte[] buf;
    private int len;

    /** @param channel the socket channel for zero-copy file sends, or null to copy through {@code out} */
    SocketOutput(OutputStream out, WritableByteChannel channel) {
        this.out = out;
        this.channel = channel;
    }

    void write(byte[] b, int off, int n) throws IOException {
        if (buf == null) {
            buf = POOL.take();
        }
        if (n > buf.length - len) {
            flush();
            if (n >= buf.length / 2) {
                out.write(b, off, n);
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
            out.write(buf, 0, n);
        }
    }

    void sendFile(FileBody file) throws IOException {
        flush();
        if (channel == null) {
            for (byte[] chunk : file) {
                out.write(chunk);
            }
        } else {
            file.transferTo(channel);
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
