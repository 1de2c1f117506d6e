// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import io.wsgi4j.handler.InputEnded;
import io.wsgi4j.net.BodyPace;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;

/**
 * {@code wsgi.input} for one request: reads exactly the request body from the connection and never
 * past it, answers {@code Expect: 100-continue} on the first read, and tells the connection afterwards
 * whether the body was read to its end (else the rest is drained or the connection closed). Once the
 * response has ended the application's reads throw (SPEC.md R1.2); the connection's drain still reads.
 */
abstract class BodyInput extends InputStream {
    /** Sends the interim 100 response; the connection does it unless the final response has started. */
    interface Continuer {
        void sendContinue() throws IOException;
    }

    final SocketInput src;
    /** How long the application's reads may wait for the client, each and in all; made at the first read (most requests have none). */
    private BodyPace pace;
    private Continuer continuer;
    private boolean failed;
    // set by the connection's thread when the response ended; read by any thread the application kept the stream on
    private volatile boolean ended;
    private byte[] one;

    BodyInput(SocketInput src, Continuer continuer) {
        this.src = src;
        this.continuer = continuer;
    }

    /** Whether the whole body has been read (the next request can start). */
    abstract boolean finished();

    /** Reads body bytes once any 100 Continue is out; -1 at the end of the body. */
    abstract int readBody(byte[] b, int off, int len) throws IOException;

    /**
     * Whether what is still unread could be drained within {@code max} bytes, as far as is known now: the
     * response to a request whose body cannot be says {@code Connection: close} (RFC 9112 section 9.6), so
     * the client does not send its next request into a connection about to close. True when the length is
     * unknown (chunked): the drain finds out.
     */
    boolean mayDrain(long max) {
        return true;
    }

    /** Whether a 100 Continue was asked for and never sent (the client may not send the body at all). */
    final boolean continuePending() {
        return continuer != null;
    }

    /**
     * The request's response has ended: from now on the application's reads throw, whether or not the body
     * was read to its end (R1.2), so a kept {@code wsgi.input} behaves as on every other transport.
     */
    final void end() {
        ended = true;
    }

    /** Whether a read failed (malformed chunks, too large, timeout, client gone): the connection must close. */
    final boolean failed() {
        return failed;
    }

    @Override
    public final int read() throws IOException {
        if (one == null) {
            one = new byte[1];
        }
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (ended) {
            throw InputEnded.readAfterEnd();
        }
        if (failed) {
            throw new IOException("the request body could not be read completely; an earlier read failed");
        }
        long wait = 0;
        try {
            if (continuer != null) {
                Continuer c = continuer;
                continuer = null;
                c.sendContinue();
            }
            if (len == 0) {
                return 0;
            }
            if (pace == null) {
                pace = new BodyPace(src.bodyTimeoutNanos, src.minBodyRate);
            }
            wait = pace.nextWait();
            if (wait <= 0) {
                throw tooSlow();
            }
            long start = System.nanoTime();
            src.armBodyRead(wait);
            int n;
            try {
                n = readBody(b, off, len);
            } finally {
                src.disarm();
            }
            pace.read(System.nanoTime() - start, n);
            return n;
        } catch (IOException | RuntimeException e) {
            failed = true;
            if (src.expired()) {
                throw wait > 0 && pace.byRate(wait) ? tooSlow() : new BodyTimeoutException(src.bodyTimeoutNanos / 1_000_000);
            }
            if (e instanceof IOException && !(e instanceof HttpException) && !(e instanceof EOFException)
                    && !(e instanceof InterruptedIOException) && !(e instanceof ClosedChannelException)) {
                // the peer failed the socket under the read (a reset): the client's doing, told as such (400, not
                // 500). A ClosedChannelException is the server's own close (a shutdown past its grace): not the client
                throw new ClientClosedException("the client's connection failed while the request body was read ("
                        + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + ")", e);
            }
            throw e;
        }
    }

    private BodyTimeoutException tooSlow() {
        return BodyTimeoutException.tooSlow(pace.minRate(), src.bodyTimeoutNanos / 1_000_000);
    }

    /**
     * Reads and drops what the application left unread, up to {@code max} bytes and for at most the
     * body timeout in all: the response is out, and a client that trickles a body nobody reads must not
     * hold the thread for {@code max} body timeouts. Past either limit the connection closes (lingering,
     * without a thread), which is the answer a slow body gets anyway.
     *
     * @return true if the body ended within the limits and the connection can carry another request
     */
    final boolean drain(long max) {
        if (failed || continuer != null) {
            return finished() && !failed;
        }
        byte[] scratch = null;
        long left = max;
        long start = 0; // read only when there is something to drain: most requests have no body left
        try {
            while (!finished()) {
                long now = System.nanoTime();
                if (start == 0) {
                    start = now;
                }
                long rest = start + src.bodyTimeoutNanos - now; // each read gets what is left of the limit
                if (left <= 0 || rest <= 0) {
                    return false;
                }
                if (scratch == null) {
                    scratch = new byte[(int) Math.min(8192, Math.max(left, 1))];
                }
                src.armBodyRead(rest);
                int n;
                try {
                    n = readBody(scratch, 0, (int) Math.min(scratch.length, left));
                } finally {
                    src.disarm();
                }
                if (n < 0) {
                    break;
                }
                left -= n;
            }
            return finished();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
