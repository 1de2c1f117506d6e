// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.handler.InputEnded;
import io.wsgi4j.net.BodyPace;
import io.wsgi4j.net.Deadline;
import io.wsgi4j.server.BodyTimeoutException;
import io.wsgi4j.server.ClientClosedException;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code wsgi.input} for SCGI, CGI and FastCGI (when the web server sends CONTENT_LENGTH): exactly
 * CONTENT_LENGTH bytes of the underlying stream, then end of stream, so the application can never
 * read past the body. A stream that ends early is an error, not a short body. Once the response has
 * ended ({@link #end()}) every read throws (SPEC.md R1.2).
 */
final class BoundedInput extends InputStream {
    private final InputStream in;
    private final Deadline deadline; // the time limit that ends a stalled read with an end of stream; null: none
    private final long timeoutMillis;
    private final BodyPace pace; // with a deadline: how long the reads may wait, each and in all
    private long remaining;
    // set by the request's thread when its response ended; read by any thread the application kept the stream on
    private volatile boolean ended;

    BoundedInput(InputStream in, long length) {
        this(in, length, null, null);
    }

    /**
     * Over a stream whose reads {@code deadline} limits to {@link BodyPace#armed()}: the end of stream its
     * expiry causes is the body stalling or arriving too slowly (408), not the web server ending it early (400).
     */
    BoundedInput(InputStream in, long length, Deadline deadline, BodyPace pace) {
        this.in = in;
        this.remaining = length;
        this.deadline = deadline;
        this.pace = pace;
        this.timeoutMillis = pace == null ? 0 : pace.timeoutMillis();
    }

    /** The request's response has ended: from now on every read throws, read to the end or not (R1.2). */
    void end() {
        ended = true;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (ended) {
            throw InputEnded.readAfterEnd();
        }
        if (len == 0) {
            return 0; // InputStream's contract, also at the end: the reference server's input answers the same
        }
        if (remaining <= 0) {
            return -1;
        }
        if (pace == null) {
            return counted(in.read(b, off, (int) Math.min(len, remaining)));
        }
        long wait = pace.nextWait();
        if (wait <= 0) {
            throw BodyTimeoutException.tooSlow(pace.minRate(), timeoutMillis);
        }
        pace.arm(wait);
        long start = System.nanoTime();
        int n = -2;
        try {
            n = in.read(b, off, (int) Math.min(len, remaining));
        } finally {
            pace.read(System.nanoTime() - start, n); // and the socket's reads have the body timeout again
        }
        if (n < 0 && deadline.expired()) {
            // the gateway's time limit shut the input down: the body stalled, or came too slowly, as the
            // reference server answers it
            throw pace.byRate(wait) ? BodyTimeoutException.tooSlow(pace.minRate(), timeoutMillis)
                    : new BodyTimeoutException(timeoutMillis);
        }
        return counted(n);
    }

    private int counted(int n) throws IOException {
        if (n < 0) {
            // the web server ended the body early (its client left): the client's failure, answered 400
            throw new ClientClosedException("the request body ended " + remaining + " bytes before its CONTENT_LENGTH");
        }
        remaining -= n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }
}
