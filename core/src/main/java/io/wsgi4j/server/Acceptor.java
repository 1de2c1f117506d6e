// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * The accept loop of an {@link HttpServer}: takes connections until the listening channel closes,
 * at most {@link ServerConfig#maxConnections()} open at once (the rest wait in the listen backlog),
 * and hands each to the reactor to wait for its first head. Failures to accept (e.g. too many open files) are reported and retried
 * after a short pause, so the connections already open keep being served.
 */
final class Acceptor implements Runnable {
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
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                slots.release();
                return;
            } catch (IOException e) {
                slots.release();
                // e.g. too many open files: say so, pause briefly, keep serving the connections we have
                HttpServer.LOG.log(System.Logger.Level.WARNING, "accept failed: " + e);
                pause();
                continue;
            }
            Connection c = open(channel, false);
            if (c == null) {
                slots.release();
                continue;
            }
            connections.add(c); // its slot is released when the server forgets it
            if (server.stopping()) {
                c.forceClose();
                server.forget(c);
                continue;
            }
            try {
                c.awaitFirstHead();
            } catch (IOException | RuntimeException e) {
                c.forceClose();
                server.forget(c);
            }
        }
    }

    /** Wraps an accepted channel in a connection, or closes it and returns null if that fails. */
    Connection open(SocketChannel channel, boolean single) {
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // writes are already gathered
            return new Connection(server, new ChannelWire(channel), single);
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the client is gone
            }
            return null;
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
