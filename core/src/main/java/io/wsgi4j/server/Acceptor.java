// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import io.wsgi4j.net.Reactor;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The accept loop of an {@link HttpServer}: takes connections until the listening channel closes,
 * at most {@link ServerConfig#maxConnections()} open at once, and hands each to a reactor to wait
 * for its first head. When the limit is reached, the waiting connection nearest its time limit is
 * closed to make room ({@link Reactor#shed}); when every open connection is working, the new one
 * waits for a slot. Failures to accept (e.g. too many open files) are reported and retried after a
 * short pause, so the connections already open keep being served.
 */
final class Acceptor implements Runnable {
    /** How often a full server looks again for a waiting connection to close while all are working. */
    private static final long SHED_RETRY_MILLIS = 20;

    private final HttpServer server;
    private final ServerSocketChannel listener;
    private final Semaphore slots;
    private final Set<Connection> connections;

    Acceptor(HttpServer server, ServerSocketChannel listener, Semaphore slots, Set<Connection> connections) {
        this.server = server;
        this.listener = listener;
        this.slots = slots;
        this.connections = connections;
    }

    @Override
    public void run() {
        while (!server.stopping()) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // e.g. too many open files: say so, pause briefly, keep serving the connections we have
                HttpServer.LOG.log(System.Logger.Level.WARNING, "accept failed: " + e);
                pause();
                continue;
            }
            try {
                // full: close the waiting connection nearest its time limit, so that connections which
                // send nothing cannot lock new clients out; while every one is working, ask again
                while (!slots.tryAcquire()) {
                    server.shed();
                    if (slots.tryAcquire(SHED_RETRY_MILLIS, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                    if (server.stopping()) {
                        adopt(channel); // its request is served by the drain
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close(channel);
                return;
            }
            watch(channel);
        }
    }

    /**
     * Takes a connection accepted once a graceful shutdown began (from the listen backlog, or while
     * the server was full): it is watched like any other, so a request it already sent is served, even
     * past {@link ServerConfig#maxConnections()}. The permit its end returns to the pool is then one
     * more than it took, which no longer matters: the server accepts nothing after this.
     */
    void adopt(SocketChannel channel) {
        slots.tryAcquire();
        watch(channel);
    }

    /** Hands an accepted channel, its slot acquired, to a reactor to wait for its first head. */
    private void watch(SocketChannel channel) {
        Connection c = open(channel, false);
        if (c == null) {
            slots.release();
            return;
        }
        connections.add(c); // its slot is released when the server forgets it
        try {
            c.awaitFirstHead(); // during a drain too: the reactor serves a request it sent, closes it otherwise
        } catch (IOException | RuntimeException e) {
            c.forceClose();
            server.forget(c);
        }
    }

    /** Wraps an accepted channel in a connection, or closes it and returns null if that fails. */
    Connection open(SocketChannel channel, boolean single) {
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // writes are already gathered
            return new Connection(server, new ChannelWire(channel), single);
        } catch (IOException | RuntimeException e) {
            close(channel);
            return null;
        }
    }

    private static void close(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the client is gone
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
