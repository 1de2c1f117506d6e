// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.handler.InputEnded;
import io.wsgi4j.net.BodyPace;
import io.wsgi4j.server.BodyTimeoutException;
import io.wsgi4j.server.ClientClosedException;
import io.wsgi4j.server.HttpException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code wsgi.input} for a FastCGI request: the connection's reader thread offers each STDIN record
 * as it arrives and the application reads it on its own thread, so a body streams through without
 * ever being held whole. At most {@code capacity} bytes wait in between; beyond that the reader
 * waits for the application, which is what pushes back on the web server (for a limited time when
 * other requests on the connection wait for the reader too: {@link #offer(byte[], long)}).
 */
final class StdinPipe extends InputStream {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final long capacity;
    private int headOffset;
    private long buffered;
    private boolean eof;
    private boolean discarding;
    private IOException failure;
    private final long timeoutNanos;
    private final long minRate;
    /** How long the application's reads may wait for the body in all; made at the first wait (most bodies come whole). */
    private BodyPace pace;
    /** Bytes the application read before {@link #pace} was made. */
    private long delivered;

    StdinPipe(long capacity) {
        this(capacity, 0, 0);
    }

    /**
     * @param timeoutNanos the body timeout (the reader ends a read that waits longer); with {@code minRate}
     *     the reads of the application may wait this long in all plus one second per {@code minRate} bytes
     * @param minRate bytes per second; 0 for no minimum
     */
    StdinPipe(long capacity, long timeoutNanos, long minRate) {
        this.capacity = capacity;
        this.timeoutNanos = timeoutNanos;
        this.minRate = minRate;
    }

    /** Adds a chunk of body; waits while the application is {@code capacity} bytes behind. */
    void offer(byte[] chunk) throws InterruptedIOException {
        offer(chunk, Long.MAX_VALUE);
    }

    /**
     * Adds a chunk of body; waits while the application is {@code capacity} bytes behind, at most
     * {@code maxWaitNanos} in all.
     *
     * @return false when the wait ran out and the chunk was not added (the caller fails the pipe)
     */
    boolean offer(byte[] chunk, long maxWaitNanos) throws InterruptedIOException {
        lock.lock();
        try {
            long left = maxWaitNanos;
            while (buffered >= capacity && !discarding && failure == null && !eof) { // after the end: dropped below
                if (maxWaitNanos == Long.MAX_VALUE) {
                    changed.await();
                } else if (left <= 0) {
                    return false;
                } else {
                    left = changed.awaitNanos(left);
                }
            }
            if (discarding || failure != null || eof) {
                return true;
            }
            chunks.add(chunk);
            buffered += chunk.length;
            changed.signalAll();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while passing the request body to the application");
        } finally {
            lock.unlock();
        }
    }

    /** The body is complete: reads return -1 once the buffered bytes are consumed. */
    void finish() {
        lock.lock();
        try {
            eof = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The body cannot be completed (request aborted, web server gone, limit exceeded). Nothing happens
     * once the whole body arrived: none of it is lost, and dropping what is buffered would hand the
     * application a shorter body that ends as if complete.
     */
    void fail(IOException cause) {
        lock.lock();
        try {
            if (eof) {
                return;
            }
            if (failure == null) {
                failure = cause;
            }
            chunks.clear();
            buffered = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The request is over: drop what is buffered and never make the reader wait again; from now on the
     * application's reads throw (R1.2), as the pipe no longer carries its body.
     */
    void discard() {
        lock.lock();
        try {
            discarding = true;
            chunks.clear();
            buffered = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True once the whole body has arrived (or the pipe failed). */
    boolean complete() {
        lock.lock();
        try {
            return eof || failure != null;
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            if (discarding) {
                throw InputEnded.readAfterEnd(); // a read of no bytes too, as every transport's input refuses it
            }
            if (len == 0) {
                return 0;
            }
            long start = 0;
            long wait = 0;
            long left = 0;
            while (chunks.isEmpty()) {
                if (failure != null) {
                    throw failed();
                }
                if (eof) {
                    return -1;
                }
                if (discarding) {
                    throw InputEnded.readAfterEnd(); // discarded while this read waited
                }
                if (minRate == 0) {
                    changed.await(); // the reader's time limit ends a stalled body
                    continue;
                }
                if (start == 0) {
                    wait = pace().nextWait();
                    left = wait;
                    start = System.nanoTime();
                }
                if (left <= 0 || !pace.byRate(wait)) {
                    if (left <= 0) {
                        pace.read(System.nanoTime() - start, 0);
                        failure = BodyTimeoutException.tooSlow(minRate, timeoutNanos / 1_000_000);
                        throw failure; // the reader drops the rest of the body from now on
                    }
                    changed.await(); // a whole body timeout is left: the reader's own limit ends a stall
                } else {
                    left = changed.awaitNanos(left);
                }
            }
            byte[] head = chunks.peek();
            int n = Math.min(len, head.length - headOffset);
            System.arraycopy(head, headOffset, b, off, n);
            headOffset += n;
            if (headOffset == head.length) {
                chunks.poll();
                headOffset = 0;
            }
            buffered -= n;
            changed.signalAll();
            if (start != 0) {
                pace.read(System.nanoTime() - start, n);
            } else if (pace != null) {
                pace.read(0, n);
            } else {
                delivered += n;
            }
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the request body");
        } finally {
            lock.unlock();
        }
    }

    private BodyPace pace() {
        if (pace == null) {
            pace = new BodyPace(timeoutNanos, minRate);
            pace.read(0, delivered);
        }
        return pace;
    }

    /**
     * The failure, for the application's read, of the type the other transports throw so that it can
     * catch it as documented: the {@link HttpException} (413) or {@link BodyTimeoutException} (408) itself,
     * a {@link ClientClosedException} for a body cut off (an {@code EOFException}); anything else wrapped,
     * so that its trace shows the read.
     */
    private IOException failed() {
        if (failure instanceof HttpException || failure instanceof BodyTimeoutException) {
            return failure; // as it is: an application catches it by type, and it is logged as one line, no trace
        }
        if (failure instanceof ClientClosedException) {
            return new ClientClosedException(failure.getMessage(), failure);
        }
        return new IOException(failure.getMessage(), failure);
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, buffered);
        } finally {
            lock.unlock();
        }
    }
}
