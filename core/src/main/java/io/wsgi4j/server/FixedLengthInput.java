// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import java.io.IOException;

/** A request body framed by Content-Length: exactly that many bytes, then end of stream. */
final class FixedLengthInput extends BodyInput {
    private final long length;
    private long remaining;

    FixedLengthInput(SocketInput src, long length, Continuer continuer) {
        super(src, continuer);
        this.length = length;
        this.remaining = length;
    }

    @Override
    boolean finished() {
        return remaining == 0;
    }

    @Override
    int readBody(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int n = src.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new ClientClosedException("client closed the connection after " + (length - remaining) + " of " + length
                    + " request body bytes");
        }
        remaining -= n;
        return n;
    }

    @Override
    boolean mayDrain(long max) {
        return remaining <= max;
    }

    @Override
    public int available() {
        return (int) Math.min(src.buffered(), remaining);
    }

    @Override
    public String toString() {
        return "wsgi.input(Content-Length " + length + ", " + remaining + " unread)";
    }
}
