// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import io.wsgi4j.net.BufferPool;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import io.wsgi4j.net.Deadline;
import java.util.Arrays;

/**
 * The read side of a connection: one byte array that the request parser and the body streams read
 * from directly. It starts small (enough for a typical head, or a whole batch of small pipelined
 * ones), grows while a large head arrives, and shrinks back while the connection idles, so 10,000
 * idle keep-alive connections hold little memory. A large body read bypasses it.
 */
final class SocketInput {
    static final int SMALL = 1024;
    /**
     * Small buffers of connections that went back to waiting: a keep-alive connection lets go of its
     * buffer between requests (so 10,000 idle ones hold none) and takes one again when bytes arrive,
     * usually the one it gave back, instead of allocating and zeroing a new one per request.
     */
    private static final BufferPool POOL = new BufferPool(256, SMALL);

    private static final VarHandle HELD;

    static {
        try {
            HELD = MethodHandles.lookup().findVarHandle(SocketInput.class, "held", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final InputStream in;
    private final int max;
    /** The server's budget for grown buffers, or null for none (parse tests). */
    private final HeadBudget budget;
    /**
     * What this buffer took of {@link #budget}: its size beyond {@link #SMALL}. Given back through
     * {@link #HELD} exactly once, since a shutdown may close a connection while its thread still ends it.
     */
    @SuppressWarnings("unused") // accessed through HELD
    private int held;
    /** The connection's time limit, or null when there is none (parse tests). */
    final Deadline deadline;
    /** Limit for each read of a request body, in nanoseconds. */
    long bodyTimeoutNanos = Long.MAX_VALUE / 4;
    /** The server's {@code minBodyRate}, bytes per second (0: none). */
    long minBodyRate;

    byte[] buf;
    int pos;
    int lim;
    /**
     * The channel while the connection is served with non-blocking reads (inline on the reactor
     * thread); null when reads block. A read that finds nothing calls {@link #escape} first.
     */
    java.nio.channels.SocketChannel nonBlocking;
    Escape escape;

    /** Makes the connection's channel blocking (and clears {@link #nonBlocking}) before a read or write must wait. */
    interface Escape {
        void toBlocking() throws IOException;
    }

    /**
     * @param in the connection's stream
     * @param deadline the connection's time limit, or null when there is none (parse tests)
     * @param max the largest the buffer may grow (the largest head the limits allow)
     */
    SocketInput(InputStream in, Deadline deadline, int max) {
        this(in, deadline, max, null);
    }

    /** As above, growing the buffer only within the server's {@code budget}. */
    SocketInput(InputStream in, Deadline deadline, int max, HeadBudget budget) {
        this.in = in;
        this.deadline = deadline;
        this.max = Math.max(max, SMALL);
        this.budget = budget;
    }

    boolean hasBuffered() {
        return pos < lim;
    }

    int buffered() {
        return lim - pos;
    }

    /** Starts a time limit of {@code nanos} (positive) for one body read: what is left of a limit for several. */
    void armBodyRead(long nanos) {
        if (deadline != null) {
            deadline.arm(nanos);
        }
    }

    void disarm() {
        if (deadline != null) {
            deadline.disarm();
        }
    }

    /** Whether the connection's time limit passed (a read that saw end of stream really timed out). */
    boolean expired() {
        return deadline != null && deadline.expired();
    }

    /**
     * Reads more bytes after {@code lim}, keeping everything from {@code pos}: moves them to the start
     * or grows the array when it is full.
     *
     * @return the number of bytes read, or -1 at end of stream
     */
    int fill() throws IOException {
        makeRoom();
        int n = readInto(buf, lim, buf.length - lim);
        if (n > 0) {
            lim += n;
        }
        return n;
    }

    /**
     * Reads what the channel has without blocking (the connection waits in the reactor).
     *
     * @return the number of bytes read (0 when none are there), or -1 at end of stream
     */
    int fillFrom(java.nio.channels.SocketChannel channel) throws IOException {
        makeRoom();
        int n = channel.read(java.nio.ByteBuffer.wrap(buf, lim, buf.length - lim));
        if (n > 0) {
            lim += n;
        }
        return n;
    }

    /** Reads without blocking while that is the mode and something is there; else escapes to blocking reads. */
    private int readInto(byte[] b, int off, int len) throws IOException {
        if (nonBlocking != null) {
            int n = nonBlocking.read(java.nio.ByteBuffer.wrap(b, off, len));
            if (n != 0) {
                return n;
            }
            escape.toBlocking();
        }
        return in.read(b, off, len);
    }

    /**
     * Makes room for {@code n} bytes from {@code pos} in the array, moving what is buffered to its start
     * and growing it within the same limits as a head: false, with everything buffered kept, when it
     * may not grow that far (past the largest head, or the server's budget is spent).
     */
    boolean reserve(int n) {
        if (buf == null || n > max) {
            return false;
        }
        if (buf.length - pos >= n) {
            return true;
        }
        int grown = buf.length;
        while (grown < n) {
            grown = Math.min(max, grown * 2);
        }
        if (grown > buf.length) {
            if (!takeFromBudget(grown - buf.length)) {
                return false;
            }
            byte[] b = new byte[grown];
            System.arraycopy(buf, pos, b, 0, lim - pos);
            buf = b;
        } else {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
        }
        lim -= pos;
        pos = 0;
        return true;
    }

    /** Makes room after {@code lim}, keeping everything from {@code pos}: moves it to the start or grows the array. */
    private void makeRoom() throws HttpException {
        if (buf == null) {
            buf = POOL.take();
        } else if (pos == lim) {
            pos = lim = 0;
        } else if (lim == buf.length) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                pos = 0;
            } else if (buf.length < max) {
                int grown = Math.min(max, buf.length * 2);
                if (!takeFromBudget(grown - buf.length)) {
                    throw budget.refusal(); // this request is refused; the server's heap holds
                }
                buf = Arrays.copyOf(buf, grown);
            } else {
                throw new IllegalStateException("read buffer full at " + max + " bytes; the parser limits prevent this");
            }
        }
    }

    /** Lets go of the buffer while nothing is buffered (the connection waits in the reactor); the next fill makes a new one. */
    void release() {
        if (pos == lim) {
            if (buf != null) {
                POOL.give(buf); // only a SMALL one is kept: the pool refuses other sizes
            }
            buf = null;
            pos = lim = 0;
            giveBack();
        }
    }

    /** Takes {@code extra} bytes of the server's budget for a larger buffer (always granted without one). */
    private boolean takeFromBudget(int extra) {
        if (budget == null) {
            return true;
        }
        if (!budget.take(extra)) {
            return false;
        }
        HELD.getAndAdd(this, extra);
        return true;
    }

    /** Gives back what the buffer took of the server's budget (when it shrinks, and when the connection ends). */
    void giveBack() {
        int h = (int) HELD.getAndSet(this, 0);
        if (h > 0) {
            budget.give(h);
        }
    }

    /** Returns a grown buffer to its small size once nothing is buffered (call when going idle). */
    void shrink() {
        if (pos == lim) {
            pos = lim = 0;
            if (buf != null && buf.length > SMALL) {
                buf = POOL.take();
                giveBack();
            }
        }
    }

    /** Reads up to {@code len} bytes: buffered ones first, else from the socket (directly for a large read). */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == lim) {
            if (buf == null || len >= buf.length) {
                return readInto(b, off, len);
            }
            if (fill() < 0) {
                return -1;
            }
        }
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Skips up to {@code n} bytes; returns how many, or -1 at end of stream. */
    long skip(long n) throws IOException {
        if (pos == lim && fill() < 0) {
            return -1;
        }
        int k = (int) Math.min(n, lim - pos);
        pos += k;
        return k;
    }

    /**
     * Makes sure a whole line (up to LF) is buffered, for chunk-size lines and trailers.
     *
     * @return the index of the LF in {@link #buf}
     * @throws HttpException 400 when no LF comes within {@code maxLine} bytes
     * @throws EOFException when the stream ends first
     */
    int lineEnd(int maxLine) throws IOException {
        int from = pos;
        while (true) {
            // the LF must come within maxLine bytes however the line arrived: all at once or in pieces
            int last = (int) Math.min(lim, pos + (long) maxLine + 1);
            for (int i = from; i < last; i++) {
                if (buf[i] == '\n') {
                    return i;
                }
            }
            if (lim - pos > maxLine) {
                throw new HttpException(400, "chunked body line longer than " + maxLine + " bytes");
            }
            int scannedOffset = lim - pos;
            if (fill() < 0) {
                throw new ClientClosedException("client closed the connection inside a chunked request body");
            }
            from = pos + scannedOffset;
        }
    }
}
