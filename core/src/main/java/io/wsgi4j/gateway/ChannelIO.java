// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Streams over a blocking socket channel (TCP or Unix domain). Not {@code Channels.newInputStream}:
 * on Java 17 its streams hold the channel's blocking lock while they block, so a reader waiting for
 * the next record would stop another thread from writing a response on the same connection.
 */
final class ChannelIO {
    private ChannelIO() {
    }

    static InputStream in(SocketChannel ch) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = ch.read(ByteBuffer.wrap(b, off, len));
                return n; // blocking mode never returns 0 for a non-empty buffer
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    static OutputStream out(SocketChannel ch) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writeFully(ch, b, off, len);
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    /**
     * Makes the next close of {@code ch} a TCP reset rather than an orderly end: the one way to tell
     * a web server that the response it was reading is incomplete (nginx then aborts the client's
     * response instead of ending it cleanly).
     *
     * @return false where there is no reset (a Unix socket, or the channel is closed already)
     */
    static boolean resetOnClose(SocketChannel ch) {
        try {
            if (!(ch.getLocalAddress() instanceof java.net.InetSocketAddress)) {
                return false; // a Unix socket accepts SO_LINGER, but its close never resets
            }
            ch.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
            return true;
        } catch (IOException | UnsupportedOperationException ignored) {
            return false;
        }
    }

    static void writeFully(SocketChannel ch, byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
