// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one selector thread of a server or gateway that holds every connection which is not working:
 * waiting for its first byte, for the rest of a request head, for the next keep-alive request, or
 * draining in a lingering close. Such a connection holds no thread and no stack, on any JDK; only
 * its {@link Waiter} object and its buffer.
 *
 * <p>The reactor reads what arrives without blocking and asks the waiter whether that is enough to
 * start working (a complete HTTP head, SCGI netstring or FastCGI request). When it is, the channel
 * leaves the selector, is made blocking again and the waiter goes to a {@link Workers} thread,
 * which serves with plain blocking I/O and hands the connection back when it has nothing to do.
 *
 * <p>Every waiting connection has a deadline; one tick (a quarter of the shortest limit, 5 ms to
 * 1 s) checks them all, so no timer is armed per read. The tick also runs the owner's
 * {@code onTick} hook, which enforces the limits of blocking reads and writes in progress.
 *
 * <p>Internal to wsgi4j (shared by {@code io.wsgi4j.server} and {@code io.wsgi4j.gateway}); not an
 * API for applications.
 *
 * @since 0.2
 */
public final class Reactor implements Runnable {
    /** Failures of the connection machinery itself (not of requests or clients). */
    private static final System.Logger LOG = System.getLogger("io.wsgi4j.net");

    /** What the reactor asks of a waiting connection. */
    public interface Waiter {
        /** The channel; non-blocking while it waits. @since 0.2 */
        SocketChannel channel();

        /**
         * Reads what arrived, without blocking, on the reactor thread.
         *
         * @return {@link Step#DISPATCH} to run it on a worker, {@link Step#WAIT} to keep waiting,
         *     {@link Step#CLOSE} when it is over (the reactor closes the channel)
         * @since 0.2
         */
        Step readable() throws IOException;

        /** When the wait ends, in {@link System#nanoTime()} units. @since 0.2 */
        long deadline();

        /**
         * The deadline passed (reactor thread): answer without blocking if there is anything to
         * answer; the reactor then closes the channel (or lingers if this returns true).
         *
         * @since 0.2
         */
        boolean expired();

        /**
         * The channel is blocking again and left the selector (reactor thread): hand the work to a
         * worker thread ({@link Workers#execute}); never block here.
         *
         * @since 0.2
         */
        void dispatch();

        /** The channel was closed by the reactor (deadline, end of stream, shutdown). @since 0.2 */
        void closed();
    }

    /** A waiter's answer to new bytes. @since 0.2 */
    public enum Step {
        /** Not enough yet. */
        WAIT,
        /** Enough to work: run on a worker. */
        DISPATCH,
        /** The peer left or broke the protocol: close. */
        CLOSE
    }

    private static final long LINGER_BYTES = 4L << 20;

    private final Selector selector;
    private final Runnable onTick;
    private final long tickNanos;
    private final long lingerNanos;
    private final Queue<Waiter> arriving = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile int waiting;

    /**
     * Opens the selector and starts its thread.
     *
     * @param name the thread's name
     * @param shortestLimitNanos the shortest time limit enforced, which sets the tick
     * @param lingerNanos how long a lingering close drains before it closes anyway
     * @param onTick runs on every tick (e.g. to enforce read and write limits of busy connections)
     * @throws IOException if no selector can be opened
     * @since 0.2
     */
    public Reactor(String name, long shortestLimitNanos, long lingerNanos, Runnable onTick)
            throws IOException {
        this.selector = Selector.open();
        this.onTick = onTick;
        this.lingerNanos = lingerNanos;
        this.tickNanos = tick(shortestLimitNanos);
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * A quarter of the shortest limit, between 5 ms and 1 s: a limit fires within 25% of its setting.
     *
     * @since 0.2
     */
    public static long tick(long shortestLimitNanos) {
        return Math.max(TimeUnit.MILLISECONDS.toNanos(5), Math.min(TimeUnit.SECONDS.toNanos(1), shortestLimitNanos / 4));
    }

    /**
     * Takes a connection that has nothing to do; from any thread. The channel must be non-blocking.
     * After a {@link #stop()} the connection is closed at once.
     *
     * @since 0.2
     */
    public void watch(Waiter w) {
        if (stopped) {
            close(w);
            return;
        }
        arriving.add(w);
        selector.wakeup();
        if (stopped) {
            drainArriving();
        }
    }

    /**
     * Closes a connection without resetting it: the output is shut down (the peer sees the end of
     * the response), then what the peer still sends is read and dropped, up to 4 MiB and for the
     * linger time, and only then is the socket closed. Closing with unread bytes in the receive
     * buffer would send a TCP reset, and a reset makes the peer discard response bytes it has not
     * read yet.
     *
     * @since 0.2
     */
    public void lingeringClose(SocketChannel channel) {
        try {
            channel.shutdownOutput();
            channel.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            return;
        }
        watch(new Lingering(channel, System.nanoTime() + lingerNanos));
    }

    /** Connections waiting now (approximately; for tests and diagnostics). @since 0.2 */
    public int waiting() {
        return waiting;
    }

    /** Closes every waiting connection and ends the thread; returns at once. @since 0.2 */
    public void stop() {
        stopped = true;
        selector.wakeup();
    }

    @Override
    public void run() {
        List<Waiter> ready = new ArrayList<>();
        long nextTick = System.nanoTime() + tickNanos;
        try {
            while (!stopped) {
                for (Waiter w; (w = arriving.poll()) != null; ) {
                    register(w);
                }
                long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextTick - System.nanoTime()));
                selector.select(wait);
                for (SelectionKey key : selector.selectedKeys()) {
                    readable(key, ready);
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    nextTick = now + tickNanos;
                    expire(now);
                    onTick.run();
                }
                if (!ready.isEmpty()) {
                    selector.selectNow(); // completes the cancellations, so the channels may block again
                    selector.selectedKeys().clear(); // anything selected now is read by its worker
                    for (Waiter w : ready) {
                        dispatch(w);
                    }
                    ready.clear();
                }
                waiting = selector.keys().size();
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "the connection reactor failed, waiting connections are closed", e);
        } finally {
            stopped = true;
            for (SelectionKey key : selector.keys()) {
                close((Waiter) key.attachment());
            }
            drainArriving();
            try {
                selector.close();
            } catch (IOException e) {
                // nothing left to watch
            }
        }
    }

    private void register(Waiter w) {
        try {
            w.channel().register(selector, SelectionKey.OP_READ, w);
        } catch (ClosedChannelException | RuntimeException e) {
            close(w); // closed while arriving (shutdown), or could not be watched
        }
    }

    private void readable(SelectionKey key, List<Waiter> ready) {
        Waiter w = (Waiter) key.attachment();
        Step step;
        try {
            if (!key.isValid() || !key.isReadable()) {
                return;
            }
            step = w.readable();
        } catch (CancelledKeyException e) {
            return; // closed by someone else (shutdown)
        } catch (IOException | RuntimeException e) {
            step = Step.CLOSE;
        }
        if (step == Step.DISPATCH) {
            key.cancel();
            ready.add(w);
        } else if (step == Step.CLOSE) {
            key.cancel();
            close(w);
        }
    }

    private void expire(long now) {
        for (SelectionKey key : selector.keys()) {
            Waiter w = (Waiter) key.attachment();
            if (key.isValid() && now - w.deadline() >= 0) {
                key.cancel();
                boolean linger;
                try {
                    linger = w.expired();
                } catch (RuntimeException e) {
                    linger = false;
                }
                if (linger) {
                    w.closed();
                    lingeringClose(w.channel());
                } else {
                    close(w);
                }
            }
        }
    }

    private void dispatch(Waiter w) {
        try {
            w.channel().configureBlocking(true);
            w.dispatch();
        } catch (IOException | RuntimeException e) {
            close(w);
        }
    }

    private void drainArriving() {
        for (Waiter w; (w = arriving.poll()) != null; ) {
            close(w);
        }
    }

    private static void close(Waiter w) {
        closeQuietly(w.channel());
        try {
            w.closed();
        } catch (RuntimeException e) {
            // the connection is gone either way
        }
    }

    static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closed anyway
        }
    }

    /** A connection in a lingering close: reads and drops until end of stream, a byte limit or its deadline. */
    private static final class Lingering implements Waiter {
        private final SocketChannel channel;
        private final long deadline;
        private long drained;

        Lingering(SocketChannel channel, long deadline) {
            this.channel = channel;
            this.deadline = deadline;
        }

        @Override
        public SocketChannel channel() {
            return channel;
        }

        @Override
        public Step readable() throws IOException {
            java.nio.ByteBuffer scratch = Scratch.get();
            while (true) {
                scratch.clear();
                int n = channel.read(scratch);
                if (n < 0) {
                    return Step.CLOSE;
                }
                if (n == 0) {
                    return Step.WAIT;
                }
                drained += n;
                if (drained > LINGER_BYTES) {
                    return Step.CLOSE;
                }
            }
        }

        @Override
        public long deadline() {
            return deadline;
        }

        @Override
        public boolean expired() {
            return false;
        }

        @Override
        public void dispatch() {
            throw new IllegalStateException("a lingering close is never dispatched");
        }

        @Override
        public void closed() {
            // nothing held
        }
    }

    /** One drain buffer for the reactor thread (lingering closes run only there). */
    private static final class Scratch {
        private static final ThreadLocal<java.nio.ByteBuffer> BUFFER =
                ThreadLocal.withInitial(() -> java.nio.ByteBuffer.allocateDirect(16 * 1024));

        static java.nio.ByteBuffer get() {
            return BUFFER.get();
        }
    }
}
