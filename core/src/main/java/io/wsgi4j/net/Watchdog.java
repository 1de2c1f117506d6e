// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * A coarse clock and the enforcer of every {@link Deadline} of one server: each {@link #tick()}
 * reads the clock once and checks all deadlines. A {@link Reactor} ticks it; without one (a server
 * serving a single request) {@link #start} runs a small thread that does.
 *
 * <p>Internal to wsgi4j; not an API for applications.
 *
 * @since 0.2
 */
public final class Watchdog {
    private final Set<Deadline> deadlines = ConcurrentHashMap.newKeySet();
    private volatile long now = System.nanoTime();
    private volatile boolean stopped;
    private Thread thread;

    /** The coarse clock, in {@link System#nanoTime()} units. @since 0.2 */
    public long now() {
        return now;
    }

    void add(Deadline d) {
        deadlines.add(d);
    }

    void remove(Deadline d) {
        deadlines.remove(d);
    }

    /** Advances the clock and enforces every deadline that passed. @since 0.2 */
    public void tick() {
        long t = System.nanoTime();
        now = t;
        for (Deadline d : deadlines) {
            d.check(t);
        }
    }

    /** Ticks on its own daemon thread every {@code tickNanos} until {@link #stop()}. @since 0.2 */
    public synchronized void start(String name, long tickNanos) {
        if (thread == null && !stopped) {
            thread = new Thread(() -> {
                while (!stopped) {
                    LockSupport.parkNanos(tickNanos);
                    tick();
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Stops the thread started by {@link #start}. @since 0.2 */
    public void stop() {
        stopped = true;
    }
}
