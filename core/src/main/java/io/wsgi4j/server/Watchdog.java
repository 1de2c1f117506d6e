// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread per server that ticks a coarse clock and enforces every connection's
 * {@link Deadline}. The tick is a quarter of the shortest timeout (between 5 ms and 1 s), so a
 * timeout fires within 25% of its setting.
 */
final class Watchdog implements Runnable {
    private final Collection<Connection> connections;
    private final long tickNanos;
    private volatile long now = System.nanoTime();
    private volatile boolean stopped;
    private Thread thread;

    Watchdog(Collection<Connection> connections, ServerConfig config) {
        this.connections = connections;
        long shortest = Math.min(config.headerTimeout().toNanos(),
                Math.min(config.idleTimeout().toNanos(), config.bodyTimeout().toNanos()));
        this.tickNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(5), Math.min(TimeUnit.SECONDS.toNanos(1), shortest / 4));
    }

    /** The coarse clock, in {@link System#nanoTime()} units. */
    long now() {
        return now;
    }

    synchronized void start(int port) {
        if (thread == null && !stopped) {
            thread = new Thread(this, "wsgi4j-watchdog-" + port);
            thread.setDaemon(true);
            thread.start();
        }
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        while (!stopped) {
            LockSupport.parkNanos(tickNanos);
            long t = System.nanoTime();
            now = t;
            for (Connection c : connections) {
                c.deadline().check(t);
            }
        }
    }
}
