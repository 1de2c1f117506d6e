// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The {@code wsgi.input} a {@link Validator} hands on: counts what the application reads, so a
 * stream that runs past CONTENT_LENGTH (R2.15) or a read after the response ended (R1.2) is caught.
 */
final class ValidatedInput extends FilterInputStream {
    private final Exchange exchange;
    private final long contentLength;
    private long read;
    // where mark() was called: bytes read again after reset() were counted once already
    private long marked;

    ValidatedInput(Exchange exchange, InputStream in, long contentLength) {
        super(in);
        this.exchange = exchange;
        this.contentLength = contentLength;
    }

    @Override
    public int read() throws IOException {
        if (ended()) {
            return -1;
        }
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (ended()) {
            return -1;
        }
        int n = super.read(b, off, len);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (ended()) {
            return 0;
        }
        long skipped = super.skip(n);
        if (skipped > 0) {
            counted(skipped);
        }
        return skipped;
    }

    @Override
    public synchronized void mark(int readlimit) {
        super.mark(readlimit);
        marked = read;
    }

    @Override
    public synchronized void reset() throws IOException {
        super.reset(); // throws, changing nothing, when the stream cannot go back
        read = marked;
    }

    /** Reports a read after the response ended; such a read then sees the end of the stream, never the next request. */
    private boolean ended() {
        if (exchange.ended()) {
            exchange.validator().report(exchange, "R1.2", "wsgi.input was read after the response ended; read the"
                    + " request body while handling the request");
            return true;
        }
        return false;
    }

    private void counted(long n) {
        read += n;
        if (contentLength >= 0 && read > contentLength) {
            exchange.validator().report(exchange, "R2.15", "wsgi.input yielded " + read + " bytes but CONTENT_LENGTH"
                    + " is " + contentLength + "; the server must end the stream where the body ends");
        }
    }

    @Override
    public String toString() {
        return "ValidatedInput[" + in + "]";
    }
}
