// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.contract;

import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** {@code /stream?chunks=K&delay_ms=D}: {@code chunk i\n} lines, each its own chunk, D ms apart. */
final class StreamBody implements Iterable<byte[]> {
    private final long chunks;
    private final long delayMillis;

    private StreamBody(long chunks, long delayMillis) {
        this.chunks = chunks;
        this.delayMillis = delayMillis;
    }

    static Iterable<byte[]> respond(long chunks, long delayMillis, StartResponse startResponse) {
        if (chunks < 0 || chunks > 10_000 || delayMillis < 0 || delayMillis > 60_000) {
            return Query.badRequest("chunks must be 0-10000 and delay_ms 0-60000", startResponse);
        }
        startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain", "X-Accel-Buffering", "no"));
        return new StreamBody(chunks, delayMillis);
    }

    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private long i;

            @Override
            public boolean hasNext() {
                return i < chunks;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (i > 0 && delayMillis > 0) {
                    try {
                        Thread.sleep(delayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while pacing /stream", e);
                    }
                }
                return ("chunk " + i++ + "\n").getBytes(StandardCharsets.US_ASCII);
            }
        };
    }
}
