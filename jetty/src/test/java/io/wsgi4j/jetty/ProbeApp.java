// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.CloseableBody;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bridge's own probes, beside the contract app: responses that fail after their headers went
 * out, and an endless stream that counts how often its body is closed.
 *
 * <ul>
 * <li>{@code /abort-chunked}: 200 without a length, one chunk {@code first\n}, then an exception
 * <li>{@code /abort-length}: 200 with Content-Length 1000, one chunk of 10 bytes, then an exception
 * <li>{@code /forever}: {@code tick\n} every 20 ms until the body is closed
 * </ul>
 */
final class ProbeApp implements Application {
    final AtomicInteger foreverStarted = new AtomicInteger();
    final AtomicInteger foreverClosed = new AtomicInteger();

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        switch (environ.pathInfo()) {
            case "/abort-chunked":
                startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                return failingAfter("first\n".getBytes(StandardCharsets.US_ASCII));
            case "/abort-length":
                startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain", "Content-Length", "1000"));
                return failingAfter("0123456789".getBytes(StandardCharsets.US_ASCII));
            case "/forever":
                foreverStarted.incrementAndGet();
                startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                return new Forever();
            default:
                startResponse.start(Status.NOT_FOUND, Headers.of("Content-Type", "text/plain"));
                return Body.of("no probe here\n");
        }
    }

    /** A body that yields {@code first} and then fails, lazily, so the first chunk is on the wire by then. */
    private static Iterable<byte[]> failingAfter(byte[] first) {
        return () -> new Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public byte[] next() {
                if (n++ == 0) {
                    return first;
                }
                throw new IllegalStateException("the probe fails after its first chunk, on purpose");
            }
        };
    }

    private final class Forever implements CloseableBody {
        @Override
        public Iterator<byte[]> iterator() {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public byte[] next() {
                    try {
                        Thread.sleep(20); // a slow producer, so the client can leave while it runs
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new NoSuchElementException("interrupted");
                    }
                    return "tick\n".getBytes(StandardCharsets.US_ASCII);
                }
            };
        }

        @Override
        public void close() {
            foreverClosed.incrementAndGet();
        }
    }
}
