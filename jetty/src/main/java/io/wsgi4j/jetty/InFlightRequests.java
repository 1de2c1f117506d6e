// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Counts the requests inside the handler it wraps, from {@code handle} until Jetty completes the
 * response's callback (the last byte written, or the response aborted), so {@link JettyServer#stop()}
 * can wait for them.
 *
 * <p>Why not Jetty's {@code GracefulHandler}: {@code Server.stop()} with a stop timeout also waits,
 * connector by connector, for every connection to close, idle keep-alive ones included; a connection
 * that no request is using then holds the stop until the timeout. Counting requests waits for what
 * matters (a response that is not finished) and nothing else; {@code Server.stop()} afterwards
 * closes the idle connections at once.
 */
final class InFlightRequests extends Handler.Wrapper {
    private int count; // guarded by this

    InFlightRequests(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        begin();
        AtomicBoolean ended = new AtomicBoolean();
        Runnable end = () -> {
            if (ended.compareAndSet(false, true)) {
                end();
            }
        };
        Callback counted = new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                try {
                    super.succeeded();
                } finally {
                    end.run();
                }
            }

            @Override
            public void failed(Throwable x) {
                try {
                    super.failed(x);
                } finally {
                    end.run();
                }
            }
        };
        try {
            if (!super.handle(request, response, counted)) {
                end.run(); // not handled: Jetty answers 404 with its own callback
                return false;
            }
            return true;
        } catch (Throwable t) {
            end.run(); // Jetty fails its own callback, not the counted one
            throw t;
        }
    }

    private synchronized void begin() {
        count++;
    }

    private synchronized void end() {
        if (--count == 0) {
            notifyAll();
        }
    }

    /** How many requests are inside now. */
    synchronized int count() {
        return count;
    }

    /**
     * Waits until no request is inside, or the grace period is over.
     *
     * @return true when none is inside, false when the grace period ran out first
     */
    synchronized boolean awaitNone(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    @Override
    public String toString() {
        return String.valueOf(getHandler()); // prints as the handler it counts for
    }
}
