// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Holds keep-alive connections idle for more than 250 ms (HttpServer#parkAfterMillis) without any thread: the connection's
 * virtual thread ends, its buffers go back, and one selector watches all parked sockets. When a
 * parked client sends its next request, the connection gets a new thread and carries on; when it
 * stays silent past the idle timeout, it is closed. This is what keeps 10,000 idle keep-alive
 * connections down to a few KiB each (a parked virtual thread alone would hold its stack).
 *
 * <p>Used with virtual threads only: parking is entered after a timed read, which is cheap on a
 * virtual thread but costs extra system calls on every read for a platform thread.
 */
final class IdleParker implements Runnable {
    private final Selector selector;
    private final Queue<Connection> arriving = new ConcurrentLinkedQueue<>();
    private final Consumer<Connection> resume;
    private final Consumer<Connection> expire;
    private final long tickMillis;
    private volatile int parked;
    private volatile boolean stopped;

    /**
     * @param resume gives a connection whose client sent bytes a thread again
     * @param expire closes a connection that stayed idle past its deadline
     */
    IdleParker(Consumer<Connection> resume, Consumer<Connection> expire, long tickMillis, int port) throws IOException {
        this.selector = Selector.open();
        this.resume = resume;
        this.expire = expire;
        this.tickMillis = tickMillis;
        Thread t = new Thread(this, "wsgi4j-idle-" + port);
        t.setDaemon(true);
        t.start();
    }

    /** Takes a connection whose thread is about to end; its channel must be non-blocking. */
    void park(Connection c) {
        arriving.add(c);
        selector.wakeup();
    }

    /** How many connections are parked now (approximately: for tests and diagnostics). */
    int parked() {
        return parked;
    }

    void stop() {
        stopped = true;
        selector.wakeup();
    }

    @Override
    public void run() {
        List<Connection> ready = new ArrayList<>();
        try {
            while (!stopped) {
                for (Connection c; (c = arriving.poll()) != null; ) {
                    register(c);
                }
                selector.select(tickMillis);
                for (SelectionKey key : selector.selectedKeys()) {
                    key.cancel();
                    ready.add((Connection) key.attachment());
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                for (SelectionKey key : selector.keys()) {
                    Connection c = (Connection) key.attachment();
                    if (key.isValid() && now - c.parkedUntil() > 0) {
                        key.cancel();
                        expire.accept(c);
                    }
                }
                if (!ready.isEmpty()) {
                    selector.selectNow(); // completes the cancellations, so the channels may block again
                    for (Connection c : ready) {
                        resume.accept(c);
                    }
                    ready.clear();
                }
                parked = selector.keys().size(); // may still count keys cancelled since the last select
            }
        } catch (IOException | RuntimeException e) {
            HttpServer.LOG.log(System.Logger.Level.ERROR,
                    "idle connection watcher failed, parked connections are closed", e);
        } finally {
            for (SelectionKey key : selector.keys()) {
                expire.accept((Connection) key.attachment());
            }
            for (Connection c; (c = arriving.poll()) != null; ) {
                expire.accept(c);
            }
            try {
                selector.close();
            } catch (IOException e) {
                // nothing left to watch
            }
        }
    }

    private void register(Connection c) {
        SocketChannel channel = (SocketChannel) c.selectable();
        try {
            channel.register(selector, SelectionKey.OP_READ, c);
        } catch (ClosedChannelException e) {
            expire.accept(c); // closed while arriving (shutdown)
        } catch (RuntimeException e) {
            expire.accept(c);
        }
    }
}
