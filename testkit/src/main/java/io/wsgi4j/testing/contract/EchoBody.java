// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.contract;

import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /echo}: reads the request body from {@code wsgi.input} in 64 KiB chunks when the
 * body is first iterated, then sends those chunks back. Reading all of it before answering keeps
 * the exchange half-duplex, which every web server supports (nginx does not reliably forward the
 * rest of an unbuffered upload once the response has started). Closing is counted, and counted
 * as "cut short" when the request body had not been read to its end — how the contract suite sees
 * that a gateway closed the body of a request whose client went away.
 */
final class EchoBody implements Iterable<byte[]>, AutoCloseable {
    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final AtomicLong closed;
    private final AtomicLong cutShort;
    private long remaining;
    private boolean ended;
    private boolean isClosed;

    EchoBody(Environ environ, StartResponse startResponse, AtomicLong closed, AtomicLong cutShort) {
        this.in = environ.input();
        this.closed = closed;
        this.cutShort = cutShort;
        this.remaining = environ.contentLength(); // -1: read to the end of the stream
        List<Header> headers = new ArrayList<>();
        headers.add(Header.of("Content-Type", "application/octet-stream"));
        if (remaining >= 0) {
            headers.add(Header.of("Content-Length", Long.toString(remaining)));
        }
        startResponse.start(Status.OK, headers);
        ended = remaining == 0;
    }

    @Override
    public Iterator<byte[]> iterator() {
        List<byte[]> chunks = new ArrayList<>();
        byte[] chunk;
        while (!ended && (chunk = read()) != null) {
            chunks.add(chunk);
        }
        return chunks.iterator();
    }

    private byte[] read() {
        try {
            int want = remaining < 0 ? CHUNK : (int) Math.min(CHUNK, remaining);
            byte[] buf = in.readNBytes(want);
            if (remaining >= 0) {
                if (buf.length < want) {
                    throw new IOException("the request body ended after fewer bytes than CONTENT_LENGTH");
                }
                remaining -= buf.length;
                ended = remaining == 0;
            } else if (buf.length < want) {
                ended = true;
            }
            return buf.length == 0 ? null : buf;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body to echo it failed", e);
        }
    }

    @Override
    public synchronized void close() {
        if (isClosed) {
            return;
        }
        isClosed = true;
        if (!ended) {
            cutShort.incrementAndGet();
        }
        closed.incrementAndGet();
    }
}
