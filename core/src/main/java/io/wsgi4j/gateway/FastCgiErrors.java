// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.LogStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code wsgi.errors} of the requests of one FastCGI connection: one stream for all of them, made at
 * the connection's first request, since a {@link PrintStream} costs about 1 µs and 24 KiB to make on
 * JDK 17 (its character encoder and buffer), as much as the rest of a small request's allocation.
 *
 * <p>Bytes go to the STDERR stream of the request that the writing thread is running on this
 * connection, so requests multiplexed on one connection keep their own streams. A write from any
 * other thread (a stream kept past its request, or handed to a thread the application started) goes
 * to {@link LogStream#wsgiErrors()}: it is logged, never lost, and never lands in the STDERR stream
 * of a request it did not come from.
 */
final class FastCgiErrors extends OutputStream {
    private final FastCgiConnection connection;

    private FastCgiErrors(FastCgiConnection connection) {
        this.connection = connection;
    }

    /** The {@code wsgi.errors} stream for {@code connection}'s requests. */
    static PrintStream of(FastCgiConnection connection) {
        return new Shared(new FastCgiErrors(connection));
    }

    /**
     * The stream itself: closing it only flushes, since the connection's later requests use it too.
     * Not auto-flushing: that would flush after each {@code print}, sending a line's text and its line
     * break as two records; {@link FastCgiStderr} sends each line as it ends.
     */
    private static final class Shared extends PrintStream {
        Shared(FastCgiErrors out) {
            super(out, false, StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            flush();
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        FastCgiStderr stderr = connection.stderrOfRequestOn(Thread.currentThread());
        if (stderr != null) {
            stderr.write(b, off, len);
        } else {
            LogStream.wsgiErrors().write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        FastCgiStderr stderr = connection.stderrOfRequestOn(Thread.currentThread());
        if (stderr != null) {
            stderr.flush(); // the partial line the request's STDERR holds
        } else {
            LogStream.wsgiErrors().flush(); // a partial line of a thread without a request
        }
    }
}
