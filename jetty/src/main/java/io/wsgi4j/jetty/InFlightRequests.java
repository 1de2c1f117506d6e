// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
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
    // counted without a lock on the request path; awaitNone() polls it under this object's monitor and
    // end() wakes it only when the count reaches zero, the one change a waiter is waiting for
    private final AtomicInteger count = new AtomicInteger();

    private static final VarHandle ENDED;

    static {
        try {
            ENDED = MethodHandles.lookup().findVarHandle(Counted.class, "ended", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    InFlightRequests(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        count.incrementAndGet();
        Counted counted = new Counted(callback);
        try {
            if (!super.handle(request, response, counted)) {
                counted.end(); // not handled: Jetty answers 404 with its own callback
                return false;
            }
            return true;
        } catch (Throwable t) {
            counted.end(); // Jetty fails its own callback, not the counted one
            throw t;
        }
    }

    /** Jetty's callback for one request, ending its count exactly once, however the request ends. */
    private final class Counted extends Callback.Nested {
        private volatile boolean ended; // set once through ENDED: one object per request, not two

        Counted(Callback callback) {
            super(callback);
        }

        @Override
        public void succeeded() {
            try {
                super.succeeded();
            } finally {
                end();
            }
        }

        @Override
        public void failed(Throwable x) {
            try {
                super.failed(x);
            } finally {
                end();
            }
        }

        void end() {
            if (!ended && ENDED.compareAndSet(this, false, true) && count.decrementAndGet() == 0) {
                synchronized (InFlightRequests.this) {
                    InFlightRequests.this.notifyAll();
                }
            }
        }
    }

    /**
     * Whether the calling thread is inside the handler of a request ({@code JettyServer.stop()} called by
     * the application). Found on the stack, when asked, so that no request pays for it; a stop endpoint
     * of one server stopping another server in the same JVM is taken for a request of that one too, which
     * only makes that stop return before its drain ends.
     */
    static boolean calledByARequest() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames.anyMatch(
                f -> f.getDeclaringClass() == InFlightRequests.class && f.getMethodName().equals("handle")));
    }

    /** How many requests are inside now. */
    int count() {
        return count.get();
    }

    /**
     * Waits until no request is inside, or the grace period is over.
     *
     * @return true when none is inside, false when the grace period ran out first
     */
    synchronized boolean awaitNone(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (count.get() > 0) {
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
