// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.contract;

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
 * The application of the {@link AbortClauses}: responses that fail after their headers went out,
 * and an endless stream that counts how often its body is closed. It routes on PATH_INFO, so it
 * works mounted under any SCRIPT_NAME.
 *
 * <table>
 * <caption>Routes</caption>
 * <tr><th>request</th><th>response</th></tr>
 * <tr><td>{@code /abort-chunked}</td><td>200 without a length, one chunk {@code first\n}, then an exception</td></tr>
 * <tr><td>{@code /abort-length}</td><td>200 with Content-Length 1000, one chunk {@code 0123456789}, then an
 *     exception</td></tr>
 * <tr><td>{@code /forever}</td><td>200, {@code tick\n} every 20 ms until the body is closed</td></tr>
 * <tr><td>anything else</td><td>404</td></tr>
 * </table>
 *
 * @since 0.2
 */
public final class FailureProbes implements Application {
    private final AtomicInteger foreverClosed = new AtomicInteger();

    /** Fresh probes with their own counter. @since 0.2 */
    public FailureProbes() {
    }

    /** How many {@code /forever} bodies have been closed so far. @since 0.2 */
    public int foreverClosed() {
        return foreverClosed.get();
    }

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
                startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                return new Forever();
            default:
                startResponse.start(Status.NOT_FOUND, Headers.of("Content-Type", "text/plain"));
                return Body.of("no probe at " + environ.pathInfo() + "\n");
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

    @Override
    public String toString() {
        return "FailureProbes";
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
