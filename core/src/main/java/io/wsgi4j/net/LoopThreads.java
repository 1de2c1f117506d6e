// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The threads a {@link Reactor}'s loop runs on. A hand-over gives the loop to a parked spare when
 * there is one and starts a thread only when there is none: on Java 17 a loop thread is a platform
 * thread, and starting one costs tens of microseconds and a stack, which a server that hands over
 * a few hundred times a second should not pay each time.
 *
 * <p>A thread whose loop ended by handing the selector over (it went on to finish its request as a
 * worker) parks as a spare, unless {@link #SPARES} are parked already; then it ends. A spare is
 * handed its next loop through its own volatile field, written after the hand-over's
 * compare-and-set of the reactor's turn and before the unpark: {@code LockSupport.unpark} and
 * {@code park} order nothing by themselves, the volatile write and read do, so the spare sees every
 * write of the old owner of the selector, as a thread started at that point would.
 *
 * <p>Whoever takes a spare out of its slot (a hand-over, {@link #stop}, or the spare itself on
 * stop) decides what it does next, so a spare is never given two loops and never misses one.
 *
 * <p>Loop threads are platform threads on every JDK ({@link Kind} says why); with
 * {@code -Dwsgi4j.loop=virtual} on Java 25 and later they are virtual, and spares work the same way
 * there, so one mechanism serves both.
 */
final class LoopThreads {
    /** Spares kept parked: a hand-over needs one, and the thread it replaces parks when its request ends. */
    static final int SPARES = 2;
    /** Given to a spare instead of a loop: end. */
    private static final BooleanSupplier END = () -> false;

    private final String name;
    private final AtomicReferenceArray<Spare> slots = new AtomicReferenceArray<>(SPARES);
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger alive = new AtomicInteger();
    private volatile boolean stopped;

    /** A parked thread and the loop it is handed (null while it waits). */
    private static final class Spare {
        final Thread thread = Thread.currentThread();
        volatile BooleanSupplier next;
    }

    /** Threads named {@code name} (the first) and {@code name-1}, {@code name-2}, ... */
    LoopThreads(String name) {
        this.name = name;
    }

    /**
     * Runs {@code loop} on a parked spare, or on a new thread when none is parked. The loop answers
     * true when it ended by handing the selector over (its thread may then wait as a spare), false
     * when the reactor stopped.
     */
    void run(BooleanSupplier loop) {
        for (int i = 0; i < SPARES; i++) {
            Spare s = slots.get(i);
            if (s != null && slots.compareAndSet(i, s, null)) {
                s.next = loop; // publishes what the caller saw (the old owner's writes) to the spare
                LockSupport.unpark(s.thread);
                return;
            }
        }
        int n = started.getAndIncrement();
        String threadName = n == 0 ? name : name + "-" + n;
        Runnable body = () -> runLoops(loop, threadName);
        Thread t = Kind.VIRTUAL != null ? Kind.VIRTUAL.newThread(body) : new Thread(body);
        t.setName(threadName);
        t.setDaemon(true);
        alive.incrementAndGet();
        t.start();
    }

    private void runLoops(BooleanSupplier first, String threadName) {
        try {
            for (BooleanSupplier loop = first; loop != null; loop = awaitLoop(threadName)) {
                if (!loop.getAsBoolean()) {
                    return; // the reactor stopped (or failed): this thread is done
                }
            }
        } finally {
            alive.decrementAndGet();
        }
    }

    /** Parks this thread as a spare until a hand-over gives it a loop; null when it should end instead. */
    private BooleanSupplier awaitLoop(String threadName) {
        Spare me = new Spare();
        int slot = -1;
        for (int i = 0; i < SPARES && slot < 0; i++) {
            if (slots.compareAndSet(i, null, me)) {
                slot = i;
            }
        }
        if (slot < 0) {
            return null; // enough spares: end
        }
        while (true) {
            // the request this thread finished may have left it interrupted, which would make park
            // (and later the loop's select) return at once, again and again
            Thread.interrupted();
            BooleanSupplier next = me.next;
            if (next != null) {
                Thread t = Thread.currentThread();
                if (!threadName.equals(t.getName())) {
                    t.setName(threadName); // an application renamed it while serving inline
                }
                return next == END ? null : next;
            }
            // stop() may have missed this spare if it parked after stop() looked: then it ends itself
            if (stopped && slots.compareAndSet(slot, me, null)) {
                return null;
            }
            LockSupport.park(this);
        }
    }

    /** Ends the parked spares; a thread that parks later ends at once. A loop given out still runs. */
    void stop() {
        stopped = true;
        for (int i = 0; i < SPARES; i++) {
            Spare s = slots.getAndSet(i, null);
            if (s != null) {
                s.next = END;
                LockSupport.unpark(s.thread);
            }
        }
    }

    /** Loop threads started since the reactor's start (the first one included). */
    int started() {
        return started.get();
    }

    /** Loop threads that have not ended: the loop's, those finishing a request they handed over with, spares. */
    int alive() {
        return alive.get();
    }

    /** Spares parked now. */
    int parked() {
        int n = 0;
        for (int i = 0; i < SPARES; i++) {
            if (slots.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * The loop thread's kind: a platform thread on every JDK. From Java 25 a blocked
     * {@code Selector.select} parks a virtual thread instead of pinning its carrier, so the loop could
     * be virtual there (like the requests it hands to workers); but then each wait for the next
     * request is a park, a wake-up by the JDK's poller thread and a remount on a carrier, and with few
     * connections that is most requests: with requests arriving one at a time a virtual loop cost up
     * to 2.2-2.4x the CPU per request of a platform loop, for the reference server and the FastCGI
     * gateway (BENCHMARKS.md, run of 2026-12-07 10:33). {@code -Dwsgi4j.loop=virtual} makes them virtual
     * on Java 25 and later (to compare).
     */
    private static final class Kind {
        static final boolean VIRTUAL_ASKED = Runtime.version().feature() >= 25
                && "virtual".equals(System.getProperty("wsgi4j.loop"));
        static final ThreadFactory VIRTUAL = VIRTUAL_ASKED && Workers.virtualAvailable()
                ? io.wsgi4j.handler.VirtualThreads.factory("wsgi4j-reactor-") : null;
    }
}
