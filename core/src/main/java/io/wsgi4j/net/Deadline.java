// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The time limit on a connection's current blocking read or write, enforced from outside by a
 * {@link Watchdog}. Reads and writes themselves stay plain blocking calls: a socket read timeout
 * would cost several extra system calls per read (the JDK switches the socket to non-blocking
 * mode and polls for every timed read), while arming a deadline is one memory write.
 *
 * <p>When a deadline passes, the watchdog shuts the input down (the blocked read sees end of stream
 * and the connection, seeing {@link #expired()}, answers 408 or closes) or, for a stalled write,
 * aborts the connection with a reset: a plain close would send the end of stream after the bytes
 * already queued, and a response whose end is the connection's end (HTTP/1.0 without
 * Content-Length, every SCGI response) would then look complete when it was cut.
 *
 * <p>Internal to wsgi4j; not an API for applications.
 *
 * @since 0.2
 */
public final class Deadline {
    /** What a deadline does to its connection when it passes. @since 0.2 */
    public interface Target {
        /** Ends the input: a blocked read sees end of stream. @since 0.2 */
        void shutdownInput() throws IOException;

        /** Closes the connection. @since 0.2 */
        void close() throws IOException;

        /**
         * Closes the connection with a reset where the transport has one (a blocked write fails, and
         * the peer sees an error rather than an ending).
         *
         * @since 0.2
         */
        void abort() throws IOException;
    }

    private static final VarHandle AT;

    static {
        try {
            AT = MethodHandles.lookup().findVarHandle(Deadline.class, "at", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Target target;
    private final Watchdog watchdog;
    @SuppressWarnings("unused") // accessed through AT
    private long at;
    private volatile boolean hard;
    private volatile boolean expired;

    /**
     * A deadline watched by {@code watchdog}, or by nothing when it is null (in-memory tests); call
     * {@link #release()} when the connection ends.
     *
     * @since 0.2
     */
    public Deadline(Target target, Watchdog watchdog) {
        this.target = target;
        this.watchdog = watchdog;
        if (watchdog != null) {
            watchdog.add(this);
        }
    }

    /** Starts a limit for a read: on expiry the input is shut down, so the reader sees end of stream. @since 0.2 */
    public void arm(long nanos) {
        if (watchdog != null) {
            AT.setOpaque(this, watchdog.now() + nanos);
        }
    }

    /** Starts a limit for a write: on expiry the connection is aborted (reset). @since 0.2 */
    public void armWrite(long nanos) {
        if (watchdog != null) {
            hard = true;
            AT.setOpaque(this, watchdog.now() + nanos);
        }
    }

    /** Ends the current limit. @since 0.2 */
    public void disarm() {
        if (watchdog != null) {
            AT.setOpaque(this, 0L);
            hard = false;
        }
    }

    /** Whether a limit passed; the connection must end. @since 0.2 */
    public boolean expired() {
        return expired;
    }

    /** Stops watching (the connection ended). @since 0.2 */
    public void release() {
        if (watchdog != null) {
            watchdog.remove(this);
        }
    }

    /** Called by the watchdog on every tick. */
    void check(long now) {
        long limit = (long) AT.getOpaque(this);
        if (limit == 0 || now - limit < 0 || expired) {
            return;
        }
        expired = true;
        try {
            if (hard) {
                target.abort();
            } else {
                target.shutdownInput();
            }
        } catch (IOException e) {
            // the connection is ending anyway
        }
    }
}
