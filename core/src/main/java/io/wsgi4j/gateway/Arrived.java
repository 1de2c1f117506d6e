// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

/**
 * The bytes a gateway connection received while it waited in the reactor for a complete request
 * head; the worker then reads them first, followed by the socket.
 */
final class Arrived {
    private final int max;
    private byte[] buf = new byte[512];
    private int length;

    /** @param max the most bytes gathered before the worker takes over (it enforces the limits) */
    Arrived(int max) {
        this.max = max;
    }

    /** Reads what the channel has without blocking: the count, 0 when nothing came, -1 at end of stream. */
    int readFrom(ReadableByteChannel channel) throws IOException {
        if (length == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = channel.read(ByteBuffer.wrap(buf, length, buf.length - length));
        if (n > 0) {
            length += n;
        }
        return n;
    }

    /** Whether as many bytes arrived as a worker should look at even without a complete head. */
    boolean full() {
        return length >= max;
    }

    int length() {
        return length;
    }

    byte at(int i) {
        return buf[i];
    }

    /** Copies {@code n} gathered bytes from {@code from} into {@code into} at {@code at}. */
    void copy(int from, int n, byte[] into, int at) {
        System.arraycopy(buf, from, into, at, n);
    }

    /** Forgets the gathered bytes, keeping the buffer for the next request (nothing else holds them). */
    void clear() {
        length = 0;
    }

    /** The gathered bytes, then {@code rest}. */
    InputStream then(InputStream rest) {
        return length == 0 ? rest : new SequenceInputStream(new ByteArrayInputStream(buf, 0, length), rest);
    }
}
