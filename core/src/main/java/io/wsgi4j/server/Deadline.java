// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The time limit on a connection's current blocking read or write, enforced from outside by the
 * {@link Watchdog}. Reads and writes themselves stay plain blocking calls: a socket read timeout
 * would cost several extra system calls per request (the JDK switches the socket to non-blocking
 * mode and polls for every timed read), while arming a deadline is one memory write.
 *
 * <p>When a deadline passes, the watchdog shuts the input down (the blocked read sees end of stream
 * and the connection, seeing {@link #expired()}, answers 408 or closes) or, for a stalled write,
 * closes the connection outright.
 */
final class Deadline {
    private static final VarHandle AT;

    static {
        try {
            AT = MethodHandles.lookup().findVarHandle(Deadline.class, "at", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Wire wire;
    private final Watchdog watchdog;
    @SuppressWarnings("unused") // accessed through AT
    private long at;
    private volatile boolean hard;
    private volatile boolean expired;

    /** @param watchdog the clock and enforcer, or null when nothing enforces (in-memory tests) */
    Deadline(Wire wire, Watchdog watchdog) {
        this.wire = wire;
        this.watchdog = watchdog;
    }

    /** Starts a limit for a read: on expiry the input is shut down, so the reader sees end of stream. */
    void arm(long nanos) {
        if (watchdog != null) {
            AT.setOpaque(this, watchdog.now() + nanos);
        }
    }

    /** Starts a limit for a write: on expiry the connection is closed. */
    void armWrite(long nanos) {
        if (watchdog != null) {
            hard = true;
            AT.setOpaque(this, watchdog.now() + nanos);
        }
    }

    void disarm() {
        if (watchdog != null) {
            AT.setOpaque(this, 0L);
            hard = false;
        }
    }

    /** Whether a limit passed; the connection must end. */
    boolean expired() {
        return expired;
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
                wire.close();
            } else {
                wire.shutdownInput();
            }
        } catch (IOException e) {
            // the connection is ending anyway
        }
    }
}
