// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.net.ListenBacklog;
import io.wsgi4j.net.Reactor;
import io.wsgi4j.net.ShutdownDrain;
import io.wsgi4j.net.Watchdog;
import io.wsgi4j.net.Workers;
import io.wsgi4j.server.ThreadMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * What the FastCGI and SCGI servers share: accept connections (within the connection limit), let
 * each wait in the {@link Reactor} without a thread until its first request head is complete, run
 * the work on {@link Workers}, enforce the time limits, and shut down gracefully — stop accepting,
 * let requests in flight finish, close idle connections.
 */
final class AcceptLoop {
    /** A served connection, as the loop sees it. */
    interface Connection {
        /** Starts waiting in the reactor for the first request head. */
        void start() throws IOException;

        /** Close as soon as no request is in flight. */
        void requestClose();

        /**
         * Closes at once with a reset, aborting what is in flight: the shutdown's grace period ended
         * (the web server must not take a response cut here for a whole one).
         */
        void cut();

        /** Whether {@code thread} is running the application of one of this connection's requests now. */
        boolean runsApplicationOn(Thread thread);
    }

    private static final System.Logger LOG = System.getLogger("io.wsgi4j.gateway");
    /** How long a lingering close waits for more of the web server's bytes before it closes ({@link io.wsgi4j.net.LingerLimit}). */
    static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final String protocol;
    private final SocketListener listener;
    private final GatewayConfig config;
    private final Workers requests;
    private final Workers readers;
    private final java.util.concurrent.atomic.LongAdder readerStarts = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder bodyWaits = new java.util.concurrent.atomic.LongAdder();
    private final Watchdog watchdog = new Watchdog();
    private final Reactor reactor;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** The wait for the requests in flight at a {@link #shutdown}; serveForever() returns after it. */
    private final ShutdownDrain drain = new ShutdownDrain();
    private volatile boolean stopping;
    private volatile boolean serving;
    private BiFunction<SocketChannel, Runnable, Connection> factory;

    AcceptLoop(String protocol, SocketListener listener, GatewayConfig config) {
        this.protocol = protocol;
        this.listener = listener;
        this.config = config;
        String name = "wsgi4j-" + protocol.toLowerCase(java.util.Locale.ROOT);
        boolean virtual = config.threadMode() == ThreadMode.VIRTUAL
                || config.threadMode() == ThreadMode.AUTO && Workers.virtualAvailable();
        if (virtual && !Workers.virtualAvailable()) {
            throw new IllegalStateException("ThreadMode.VIRTUAL needs Java 21 or later, this is Java "
                    + Runtime.version().feature() + "; use ThreadMode.AUTO or PLATFORM");
        }
        // on virtual threads requests are bounded only by the connection limits, as in 0.1
        this.requests = Workers.of(virtual, virtual ? Integer.MAX_VALUE : config.workers(), name + "-req");
        // FastCGI's record readers live while a request streams its input; never queued behind requests
        this.readers = Workers.of(virtual, config.maxConnections(), name + "-conn");
        long shortest = Math.min(config.headerTimeout().toNanos(),
                Math.min(config.idleTimeout().toNanos(), config.bodyTimeout().toNanos()));
        try {
            this.reactor = new Reactor(name + "-reactor", shortest, LINGER_NANOS, watchdog::tick);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the " + protocol + " connections", e);
        }
    }

    Workers requests() {
        return requests;
    }

    /**
     * Whether a request that arrived whole runs on the reactor thread that read it (no hand-off), as
     * the HTTP server does; not when platform threads were asked for ({@code --threads N},
     * {@link ThreadMode#PLATFORM}): then requests run on that pool only, which bounds how many run.
     */
    boolean servesInline() {
        return config.threadMode() != ThreadMode.PLATFORM;
    }

    /** Runs a FastCGI connection's record reader on a reader thread. */
    void startReader(Runnable reader) {
        readerStarts.increment();
        readers.execute(reader);
    }

    /** How many record readers were started (tests: a connection must not bounce between reactor and readers). */
    long readerStarts() {
        return readerStarts.sum();
    }

    /** A connection began to wait in the reactor for a request's body (not for one that arrived whole). */
    void bodyWaitBegan() {
        bodyWaits.increment();
    }

    /** How many waits for a body began (tests: a request's head was read and its body is awaited). */
    long bodyWaits() {
        return bodyWaits.sum();
    }

    Reactor reactor() {
        return reactor;
    }

    Watchdog watchdog() {
        return watchdog;
    }

    GatewayConfig config() {
        return config;
    }

    /**
     * Serves until {@link #shutdown} has finished, the requests in flight included (what follows a
     * {@code serveForever()} in a {@code main} runs after the drain); {@code factory} makes a
     * connection from a channel and its on-close hook.
     */
    void serveForever(BiFunction<SocketChannel, Runnable, Connection> factory) throws IOException {
        begin(factory);
        acceptUntilStopped();
        if (stopping) {
            drain.await();
        }
    }

    /**
     * Marks the loop as serving, on the caller's thread: a {@link #shutdown} that follows, even
     * before a background thread has reached {@link #acceptUntilStopped}, then knows that a thread
     * will accept, wakes it and takes the backlog rather than resetting it.
     */
    synchronized void begin(BiFunction<SocketChannel, Runnable, Connection> factory) {
        if (serving) {
            throw new IllegalStateException(protocol + " server is already serving; call serveForever() once");
        }
        if (stopping) {
            // its listener is closed: serving would return at once, as if the gateway had served and stopped
            throw new IllegalStateException(protocol + " server is shut down; bind a new one");
        }
        serving = true;
        this.factory = factory;
    }

    /** Accepts until {@link #shutdown} (after {@link #begin}). */
    void acceptUntilStopped() throws IOException {
        LOG.log(System.Logger.Level.INFO, protocol + " gateway on " + localAddress() + " with "
                + describe());
        try {
            while (!stopping) {
                SocketChannel ch;
                try {
                    ch = listener.accept();
                } catch (IOException e) {
                    // e.g. too many open files: a moment, as on the HTTP server; the open connections go on
                    LOG.log(System.Logger.Level.WARNING, protocol + " accept failed, accepting goes on: " + e);
                    pause();
                    continue;
                }
                if (ch == null) {
                    break; // closed, or woken by a drain
                }
                if (open.size() >= config.maxConnections()) {
                    if (!reactor.shed()) {
                        LOG.log(System.Logger.Level.WARNING, "refused a " + protocol + " connection: "
                                + config.maxConnections() + " are open and working (GatewayConfig maxConnections,"
                                + " --max-connections)");
                        ch.close();
                        continue;
                    }
                    LOG.log(System.Logger.Level.WARNING, config.maxConnections() + " " + protocol
                            + " connections are open: closed the waiting one nearest its time limit to make room"
                            + " (GatewayConfig maxConnections, --max-connections)");
                }
                Connection c = connect(ch);
                start(c, ch); // during a drain too: the reactor serves a request it sent, closes it otherwise
            }
        } finally {
            stopped.countDown();
        }
    }

    /** A short wait after a failed accept, so that a lasting failure does not spin. */
    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The connection for an accepted channel, counted as open until it closes. */
    private Connection connect(SocketChannel ch) {
        Connection[] self = new Connection[1];
        Connection c = factory.apply(ch, () -> open.remove(self[0]));
        self[0] = c;
        open.add(c);
        return c;
    }

    private void start(Connection c, SocketChannel ch) throws IOException {
        try {
            c.start();
        } catch (IOException | RuntimeException e) {
            open.remove(c);
            ch.close();
        }
    }

    /**
     * Stops accepting, after taking the connections already in the listen backlog; closes the
     * connections that wait with no request begun, once a request that has reached the socket is read;
     * waits up to {@code graceMillis} for requests in flight. Called by a request's application, it
     * returns once accepting has stopped and the wait goes on on a thread of its own. A second call
     * does nothing, as on the HTTP server (a gateway is shut down twice as a rule: at SIGTERM, and by
     * the close after serveForever() returned); it only waits for the first one's drain, unless a
     * request of this gateway called it.
     */
    void shutdown(long graceMillis) {
        boolean first;
        boolean accepting;
        synchronized (this) {
            first = !stopping;
            stopping = true;
            accepting = serving;
        }
        if (!first) {
            if (!calledByARequest()) {
                drain.await(); // the first call's, which may still run on another thread
            }
            return;
        }
        if (accepting) {
            LOG.log(System.Logger.Level.INFO, "stopping the " + protocol + " gateway on " + localAddress()
                    + ": finishing the requests in flight (grace " + graceMillis + " ms)");
            takeBacklog();
        }
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the " + protocol + " listener: " + e);
        }
        reactor.drainIdle();
        drain.run(calledByARequest(), "wsgi4j-" + protocol.toLowerCase(java.util.Locale.ROOT) + "-shutdown",
                () -> finishShutdown(accepting, graceMillis));
    }

    /**
     * Whether the calling thread is running the application of one of this loop's requests (a stop
     * endpoint): asked of the open connections when a shutdown begins, so that no request pays for it.
     */
    private boolean calledByARequest() {
        Thread self = Thread.currentThread();
        for (Connection c : open) {
            if (c.runsApplicationOn(self)) {
                return true;
            }
        }
        return false;
    }

    /** Waits up to {@code graceMillis} for the requests in flight, then stops the reactor and the threads. */
    private void finishShutdown(boolean accepting, long graceMillis) {
        try {
            if (accepting) {
                stopped.await();
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
            while (true) {
                for (Connection c : open) {
                    c.requestClose();
                }
                if (open.isEmpty() || System.nanoTime() - deadline >= 0) {
                    break;
                }
                Thread.sleep(10);
            }
            int cut = 0;
            for (Connection c : open) {
                c.cut(); // the grace period is a limit, as on the HTTP server
                cut++;
            }
            if (accepting) {
                LOG.log(cut == 0 ? System.Logger.Level.INFO : System.Logger.Level.WARNING, "stopped the " + protocol
                        + " gateway" + (cut == 0 ? ": every request in flight finished"
                        : ": " + cut + " connection(s) still busy when the grace period ended were cut"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            reactor.stop();
            watchdog.stop();
            requests.shutdown();
            readers.shutdown();
        }
    }

    /** Wakes the accepting thread, then takes what waits in the backlog (see {@link ListenBacklog}). */
    private void takeBacklog() {
        ListenBacklog.afterWaking(listener.wake(), stopped, () -> listener.takeEach(ch -> {
            try {
                start(connect(ch), ch);
            } catch (IOException e) {
                // closed: its client sees the connection end
            }
        }));
    }

    private String describe() {
        return requests.virtual() ? "a virtual thread per request"
                : "a pool of " + requests.limit() + " request threads (" + (Workers.virtualAvailable()
                        ? "ThreadMode.PLATFORM)" : "Java " + Runtime.version().feature()
                        + "; Java 21+ would use virtual threads)");
    }

    SocketAddress localAddress() {
        try {
            return listener.localAddress();
        } catch (IOException e) {
            return null;
        }
    }

    int port() {
        SocketAddress a = localAddress();
        return a instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }
}
