// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;

/**
 * What the FastCGI and SCGI servers share: accept connections (within the connection limit), give
 * each its own thread, and shut down gracefully — stop accepting, let requests in flight finish,
 * close idle connections.
 */
final class AcceptLoop {
    /** A served connection, as the loop sees it. */
    interface Connection extends Runnable {
        /** Close as soon as no request is in flight. */
        void requestClose();
    }

    private static final System.Logger LOG = System.getLogger("io.wsgi4j.gateway");

    private final String protocol;
    private final SocketListener listener;
    private final GatewayConfig config;
    private final Workers workers;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean serving;

    AcceptLoop(String protocol, SocketListener listener, GatewayConfig config) {
        this.protocol = protocol;
        this.listener = listener;
        this.config = config;
        this.workers = Workers.create("wsgi4j-" + protocol.toLowerCase(java.util.Locale.ROOT), config.workers());
    }

    Workers workers() {
        return workers;
    }

    /** Serves until {@link #shutdown}; {@code factory} makes a connection from a channel and its on-close hook. */
    void serveForever(BiFunction<SocketChannel, Runnable, Connection> factory) throws IOException {
        synchronized (this) {
            if (serving) {
                throw new IllegalStateException(protocol + " server is already serving; call serveForever() once");
            }
            serving = true;
        }
        LOG.log(System.Logger.Level.INFO, protocol + " gateway on " + localAddress() + " with "
                + workers.describe(config.workers()));
        try {
            SocketChannel ch;
            while (!stopping && (ch = listener.accept()) != null) {
                if (open.size() >= config.maxConnections()) {
                    LOG.log(System.Logger.Level.WARNING, "refused a " + protocol + " connection: "
                            + config.maxConnections() + " are open (GatewayConfig.withMaxConnections)");
                    ch.close();
                    continue;
                }
                Connection[] self = new Connection[1];
                Connection c = factory.apply(ch, () -> open.remove(self[0]));
                self[0] = c;
                open.add(c);
                if (stopping) {
                    c.requestClose();
                }
                workers.connection(c);
            }
        } finally {
            stopped.countDown();
        }
    }

    /** Stops accepting, closes idle connections and waits up to {@code graceMillis} for requests in flight. */
    void shutdown(long graceMillis) {
        stopping = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the " + protocol + " listener: " + e);
        }
        for (Connection c : open) {
            c.requestClose();
        }
        workers.shutdown();
        try {
            if (serving) {
                stopped.await();
            }
            workers.awaitTermination(graceMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
