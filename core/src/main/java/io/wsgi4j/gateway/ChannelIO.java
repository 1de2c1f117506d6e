// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.net.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.LongSupplier;

/**
 * Streams over a blocking socket channel (TCP or Unix domain), each read and write under a
 * {@link Deadline}. Not {@code Channels.newInputStream}: on Java 17 its streams hold the channel's
 * blocking lock while they block, so a reader waiting for the next record would stop another
 * thread from writing a response on the same connection.
 */
final class ChannelIO {
    private ChannelIO() {
    }

    /** A stream without time limits (for clients in tests). */
    static InputStream in(SocketChannel ch) {
        return in(ch, new Deadline(target(ch), null), () -> 0);
    }

    /** A stream without time limits (for clients in tests). */
    static OutputStream out(SocketChannel ch) {
        return out(ch, new Deadline(target(ch), null), 0);
    }

    /**
     * @param limit the time limit for the next read in nanoseconds, asked before each read; 0 for none
     */
    static InputStream in(SocketChannel ch, Deadline deadline, LongSupplier limit) {
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
                long nanos = limit.getAsLong();
                if (nanos > 0) {
                    deadline.arm(nanos);
                }
                try {
                    return ch.read(ByteBuffer.wrap(b, off, len)); // blocking mode never returns 0 here
                } finally {
                    if (nanos > 0) {
                        deadline.disarm();
                    }
                }
            }

            @Override
            public void close() {
                // the connection owns the channel: SequenceInputStream closes a stream at its end, and
                // the end of the input (a shut-down read side) must not close the output as well
            }
        };
    }

    /** A stream whose every write must complete within {@code nanos} (else the connection closes). */
    static OutputStream out(SocketChannel ch, Deadline deadline, long nanos) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writeFully(ch, deadline, nanos, b, off, len);
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

    static void writeFully(SocketChannel ch, Deadline deadline, long nanos, byte[] b, int off, int len)
            throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        deadline.armWrite(nanos);
        try {
            int full = 0;
            while (buf.hasRemaining()) {
                if (ch.write(buf) > 0) {
                    full = 0;
                } else {
                    waitForRoom(full++);
                }
            }
        } finally {
            deadline.disarm();
        }
    }

    /**
     * A write found the send buffer full. That happens only in non-blocking mode: a FastCGI
     * connection waits in the reactor for its next record while its requests write, and the reactor
     * owns the channel's blocking mode then, so the writer cannot block in the kernel. It waits a
     * little, longer each time (50 µs up to 10 ms), until the web server reads; the write deadline
     * ends the wait by closing the channel. Rare: web servers read responses as fast as they come.
     */
    private static void waitForRoom(int attempt) {
        java.util.concurrent.locks.LockSupport.parkNanos(Math.min(10_000_000L, 50_000L << Math.min(attempt, 8)));
    }

    /** A deadline's view of a channel: shut the input down (a blocked read ends), close it, or reset it. */
    static Deadline.Target target(SocketChannel ch) {
        return new Deadline.Target() {
            @Override
            public void shutdownInput() throws IOException {
                ch.shutdownInput();
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }

            @Override
            public void abort() throws IOException {
                resetOnClose(ch);
                ch.close();
            }
        };
    }
}
