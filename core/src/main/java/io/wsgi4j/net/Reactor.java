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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

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
 * <p>A waiter that is {@link Inline} is served on the reactor thread itself when it is ready, with
 * non-blocking I/O, and keeps its registration: for a small request answered at once this costs
 * one read and one write, no thread hand-off and no change to the selector (a request that will wait
 * for more of its body says {@link Step#HAND_OFF} and goes to a worker instead, or, found by the waiter
 * among bytes it already read, is sent there with {@link #handOff}). When such a waiter
 * finds it must block (a body arriving late, a response the socket cannot take yet), it calls
 * {@link #leave} before blocking; when the application itself takes longer than
 * {@link #TAKEOVER_NANOS} a monitor thread notices (within 2.5 ms of the run's start,
 * {@link MonitorPace}). Either way another thread takes over the selector, so other connections
 * never wait long for one slow request; the thread that was
 * serving finishes that connection as a worker, then parks as a spare for a later hand-over
 * ({@link LoopThreads}: a hand-over starts a thread only when no spare is parked). When hand-overs
 * become frequent (an application that blocks on every request) the reactor goes back to
 * dispatching to workers for a while ({@link InlinePolicy} counts them).
 *
 * <p>Every waiting connection has a deadline; one tick (a quarter of the shortest limit, 5 ms to
 * 1 s) checks them all, so no timer is armed per read. The tick also runs the owner's
 * {@code onTick} hook, which enforces the limits of blocking reads and writes in progress.
 *
 * <p>Inline serving is on by default; {@code -Dwsgi4j.inline=false} turns it off, and then every
 * ready request goes to a worker, as for waiters that are not {@link Inline}.
 *
 * <p>The hand-over relies on these invariants:
 * <ul>
 *   <li><b>One owner of the selector.</b> The loop's state (the batch of ready keys, the dispatch
 *       list, the tick, the inline window, the lingering drain buffer) is touched only by the thread
 *       that owns the selector: the one that set {@code turn} to SELECTING, or the same thread
 *       while its inline run is INLINE. It passes only by a compare-and-set of that exact run from
 *       INLINE to TAKEN (by the thread itself in {@link #leave}, or by the monitor), followed by
 *       handing the loop to a parked spare through a volatile field and an unpark, or by the start
 *       of a new thread when no spare is parked; either orders the old owner's writes before the
 *       new one's reads (the unpark alone would not). The old thread never touches the loop's state
 *       again: its run's compare-and-set back to SELECTING fails and it returns at once; it may
 *       park as a spare only after its loop has returned. Only the owner selects, registers,
 *       expires, and cancels a key to dispatch or close it.</li>
 *   <li><b>What other threads may do to a key.</b> Cancel it ({@link #leave}), ask for reads again
 *       ({@link #rearm}, {@link #lingeringClose}), replace a busy waiter's attachment by its
 *       lingering close ({@link #lingeringClose}), and wake the selector. Nothing else.</li>
 *   <li><b>Interest ops.</b> A registered waiter asks for reads, except an {@link Inline} one that
 *       is {@link Inline#busy() busy} and was found ready: the owner clears its interest, then
 *       checks busy and the attachment again, and the thread that owns the waiter asks for reads
 *       again after it stops being busy. Whichever comes last, the key ends up asking for reads.</li>
 *   <li><b>Claimed before the run.</b> The owner {@linkplain Inline#claim() claims} an {@link Inline}
 *       waiter (makes it busy) before it marks the run INLINE. A thread that takes the run over
 *       therefore finds the waiter busy and never reads from it while it is served: before this rule
 *       a take-over in the gap read the request body as the next head.</li>
 *   <li><b>Busy and the waiter's fields.</b> A waiter's thread decides everything (its deadline,
 *       what it buffered, whether it is still registered) before it stops being busy, and after
 *       that touches nothing: the reactor may serve it on another thread at once. A waiter being
 *       closed stays busy until its key carries the lingering close; reads and expiry skip busy
 *       waiters.</li>
 *   <li><b>Blocking mode.</b> A registered channel is non-blocking. It becomes blocking only once
 *       deregistered: on the dispatch path after a {@code selectNow}, in {@link #leave} after
 *       waiting for the selection that deregisters it. Cancelled keys are deregistered only by a
 *       selection, so a channel whose key was cancelled registers again only after one.</li>
 *   <li><b>Which thread is the loop thread.</b> {@link #onLoopThread()} may still answer true to a
 *       thread whose run was just taken over, until the new loop thread (a spare or a new one)
 *       begins its loop; no thread has selected in between, so a key it keeps still asks for
 *       reads and needs no {@link #rearm}.</li>
 *   <li><b>Shutdown.</b> The owner that sees {@code stopped} closes every registered channel and the
 *       selector; a thread waiting in {@link #leave} stops waiting and gets a
 *       {@code ClosedChannelException}. Parked spares end; a hand-over after the stop still runs
 *       the loop it hands on, which then shuts down.</li>
 * </ul>
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
         * @return {@link Step#DISPATCH} to run it on a worker (or, {@link Inline}, maybe on the reactor
         *     thread), {@link Step#HAND_OFF} to run it on a worker only (its run will wait for more input),
         *     {@link Step#WAIT} to keep waiting, {@link Step#CLOSE} when it is over (the reactor closes the
         *     channel)
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

        /**
         * Whether closing it now loses no work, so that {@link #shed} may close it to make room: true
         * unless a request of this connection is still running (as with FastCGI, which waits for the
         * next record while requests run).
         *
         * @since 0.2
         */
        default boolean sheddable() {
            return true;
        }

        /**
         * A drain is on ({@link #drainIdle}; reactor thread, after the ready keys of the turn were
         * served): whether this waiter has no request begun and closes now. True commits it to
         * closing (the reactor closes the channel); false keeps it, and it is asked again each turn.
         *
         * @since 0.2
         */
        default boolean closeWhenDraining() {
            return false;
        }
    }

    /** A waiter's answer to new bytes. @since 0.2 */
    public enum Step {
        /** Not enough yet. */
        WAIT,
        /** Enough to work: run on a worker (an {@link Inline} waiter maybe on the reactor thread). */
        DISPATCH,
        /**
         * Enough to start, but the run will wait for more input (a request body still arriving): run it
         * on a worker, never inline, where its wait would stall the reactor until the selector is handed
         * to another thread, once per such request.
         */
        HAND_OFF,
        /** The peer left or broke the protocol: close. */
        CLOSE
    }

    /**
     * A waiter that can be served on the reactor thread when {@link Waiter#readable()} says
     * {@link Step#DISPATCH}.
     *
     * @since 0.2
     */
    public interface Inline extends Waiter {
        /**
         * The reactor is about to serve it ({@link #readable()} said {@link Step#DISPATCH}), on the
         * reactor thread: become {@link #busy()} now. Called before the run can be handed over, so a
         * thread that takes the selector over never reads a waiter that is about to be served.
         *
         * @return false if it was closed meanwhile (then it is not served)
         * @since 0.2
         */
        boolean claim();

        /**
         * Serves what has arrived, on the reactor thread, with non-blocking I/O on the still
         * registered channel; calls {@link Reactor#leave} before anything that would block. On return
         * the waiter has arranged everything itself: it waits again (key kept), lingers, is closed, or
         * is served by the thread that left.
         *
         * @since 0.2
         */
        void serveInline();

        /**
         * Whether a thread owns it now, serving or closing it (the reactor must neither read it nor
         * expire it). Becomes false only when the waiter has put everything in place for the reactor:
         * the reactor may serve it on another thread at once.
         *
         * @since 0.2
         */
        boolean busy();
    }

    /** An inline request running longer than this (and seen by {@link SlowRunCheck}) hands the selector to another thread. */
    static final long TAKEOVER_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    /** The phases of {@link #turn}, in its two low bits. */
    private static final long SELECTING = 0;
    private static final long INLINE = 1;
    private static final long TAKEN = 2;
    private static final long PHASE = 3;
    /** Inline serving unless {@code -Dwsgi4j.inline=false} (then every ready request goes to a worker). */
    private static final boolean INLINE_ENABLED = !"false".equals(System.getProperty("wsgi4j.inline"));

    private final Selector selector;
    private final Runnable onTick;
    private final long tickNanos;
    private final long lingerNanos;
    private final Queue<Waiter> arriving = new ConcurrentLinkedQueue<>();
    /** Registered waiters that asked to go to a worker without new bytes ({@link #handOff}). */
    private final Queue<Waiter> handingOff = new ConcurrentLinkedQueue<>();
    /** Answers owed to {@link #shed} callers: whether a connection was closed to make room. */
    private final Queue<CompletableFuture<Boolean>> sheds = new ConcurrentLinkedQueue<>();
    private final String name;
    private volatile boolean stopped;
    private volatile int waiting;
    /** The thread selecting now; changes when an inline request hands the selector over. */
    private volatile Thread loopThread;
    /**
     * Who owns the selector: {@code (inline run number << 2) | phase}. Every inline run gets a new
     * number, so a thread whose run was taken over can never mistake a later run's INLINE for its
     * own: without the number, a run that the monitor took over, finishing while the new loop thread
     * served its own run inline, would take the selector back and two threads would select.
     */
    private final AtomicLong turn = new AtomicLong(SELECTING);
    /** The thread serving the current inline run, and when it started (both written before {@link #turn}). */
    private volatile Thread inlineThread;
    private volatile long inlineSince;
    /** Totals since start, for diagnostics ({@code -Dwsgi4j.reactor.stats=true} prints them at stop). */
    private final LongAdder servedInline = new LongAdder();
    private final LongAdder handedOverSlow = new LongAdder();
    private final LongAdder handedOverBlocking = new LongAdder();
    private final LongAdder dispatched = new LongAdder();
    private final LoopThreads threads;
    /** The loop as a thread that takes the selector over runs it (one object for every hand-over). */
    private final BooleanSupplier resumedLoop = () -> loop(true);
    private volatile Thread monitor;
    private volatile boolean draining;
    // the loop's state: touched only by the thread selecting now (a hand-over passes it on)
    private final List<Waiter> ready = new ArrayList<>();
    /** Arrivals whose channel still had a cancelled key: they register after the next selection. */
    private final java.util.ArrayDeque<Waiter> reregistering = new java.util.ArrayDeque<>();
    private SelectionKey[] batch = new SelectionKey[64];
    private int batchPos;
    private int batchLen;
    private long nextTick;
    private final InlinePolicy policy;
    /** Whose places inline runs take: the HTTP server's workers; null for the gateways, whose inline runs are not counted. */
    private final Workers places;
    /** Lingering closes of this reactor not yet closed. */
    private final AtomicInteger lingeringNow = new AtomicInteger();
    /** Lingering closes at once beyond which a new one is not kept past the linger time. */
    private static final int MANY_LINGERING = 1024;
    /** Drain buffer of lingering closes, which run only on the selecting thread. */
    private final java.nio.ByteBuffer scratch = java.nio.ByteBuffer.allocateDirect(16 * 1024);

    /**
     * Opens the selector and starts its thread.
     *
     * @param name the thread's name
     * @param shortestLimitNanos the shortest time limit enforced, which sets the tick
     * @param lingerNanos how long a lingering close waits for more bytes from the peer before it
     *     closes (and {@link LingerLimit#MOST_NANOS} in all)
     * @param onTick runs on every tick (e.g. to enforce read and write limits of busy connections)
     * @throws IOException if no selector can be opened
     * @since 0.2
     */
    public Reactor(String name, long shortestLimitNanos, long lingerNanos, Runnable onTick)
            throws IOException {
        this(name, shortestLimitNanos, lingerNanos, onTick, null, INLINE_ENABLED);
    }

    /**
     * As {@link #Reactor(String, long, long, Runnable)}, with every inline run holding a place of
     * {@code workers} ({@link Workers#tryTake()}): when none is free the request goes to their queue,
     * so that at most their limit of requests run at once, inline or not.
     *
     * @since 0.2
     */
    public Reactor(String name, long shortestLimitNanos, long lingerNanos, Runnable onTick, Workers workers)
            throws IOException {
        this(name, shortestLimitNanos, lingerNanos, onTick, java.util.Objects.requireNonNull(workers, "workers"),
                INLINE_ENABLED);
    }

    /** As the public constructor, with inline serving on or off whatever {@code wsgi4j.inline} says (tests). */
    Reactor(String name, long shortestLimitNanos, long lingerNanos, Runnable onTick, boolean inline)
            throws IOException {
        this(name, shortestLimitNanos, lingerNanos, onTick, null, inline);
    }

    private Reactor(String name, long shortestLimitNanos, long lingerNanos, Runnable onTick, Workers places,
            boolean inline) throws IOException {
        this.places = places;
        this.selector = Selector.open();
        this.onTick = onTick;
        this.lingerNanos = lingerNanos;
        this.tickNanos = tick(shortestLimitNanos);
        this.name = name;
        this.nextTick = System.nanoTime() + tickNanos;
        this.policy = new InlinePolicy(inline);
        this.threads = new LoopThreads(name);
        threads.run(() -> loop(false));
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
     * Sends a waiter that waits registered (its key kept, not {@link Inline#busy()}) to a worker as if
     * its {@link Waiter#readable()} had said {@link Step#HAND_OFF}, without waiting for new bytes: for an
     * inline run that found, among the bytes it had already read, a request that will wait for more
     * input (a pipelined one). The loop's owner does it at its next turn; from any thread.
     *
     * @since 0.2
     */
    public void handOff(Waiter w) {
        handingOff.add(w);
        selector.wakeup();
    }

    /**
     * Closes a connection without resetting it: the output is shut down (the peer sees the end of
     * the response), then what the peer still sends is read and dropped until it has been quiet for
     * the linger time ({@link LingerLimit}), and only then is the socket closed. Closing with unread
     * bytes in the receive buffer would send a TCP reset, and a reset makes the peer discard
     * response bytes it has not read yet.
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
        // its connection slot is free already: past MANY_LINGERING closes at once, a new one reads for the
        // linger time in all, so that a flood of closing connections cannot hold descriptors 30 s each
        boolean many = lingeringNow.incrementAndGet() > MANY_LINGERING;
        Lingering lingering = new Lingering(channel,
                new LingerLimit(lingerNanos, many ? lingerNanos : LingerLimit.MOST_NANOS));
        SelectionKey key = channel.keyFor(selector);
        if (key != null && key.isValid()) {
            // still registered (served inline): the same registration lingers
            try {
                key.attach(lingering);
                key.interestOps(SelectionKey.OP_READ);
                selector.wakeup();
                return;
            } catch (CancelledKeyException e) {
                close(lingering);
                return;
            }
        }
        watch(lingering);
    }

    /**
     * Makes room for a new connection when a connection limit is reached: the reactor closes the
     * waiting connection nearest to its deadline (a stalled head, or the longest idle keep-alive
     * connection: its time limit would close it soon anyway), without an answer. Without this, a
     * client that opens as many connections as the limit and sends nothing would lock everyone out
     * until the header timeout. A connection whose request had reached its socket when this was
     * called is read first, and then works: it is served, never closed unanswered. From any thread
     * except the reactor's; waits for the reactor's answer (a turn or two of its loop).
     *
     * @return true when a connection was closed; false when none waits that can be closed without
     *     losing work (every open connection is working), or the reactor stopped
     * @since 0.2
     */
    public boolean shed() {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        sheds.add(answer);
        selector.wakeup();
        if (stopped) {
            drainSheds();
        }
        try {
            return answer.get(1, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Connections waiting now (approximately; for tests and diagnostics). @since 0.2 */
    public int waiting() {
        return waiting;
    }

    /**
     * Begins a drain: from the next turn of the loop on, once the keys found ready in that turn were
     * served, every waiter that {@linkplain Waiter#closeWhenDraining() has no request begun} is
     * closed. So a request whose bytes had reached the socket before the drain began is read and
     * served, never closed unread; a waiter that has begun one is left to finish (its own limits
     * still apply).
     *
     * @since 0.2
     */
    public void drainIdle() {
        draining = true;
        selector.wakeup();
    }

    /** Closes every waiting connection and ends the thread; returns at once. @since 0.2 */
    public void stop() {
        if (Boolean.getBoolean("wsgi4j.reactor.stats")) {
            System.err.println(stats());
        }
        stopped = true;
        threads.stop();
        selector.wakeup();
    }

    /** The totals since the start, in one line (printed at stop with {@code -Dwsgi4j.reactor.stats=true}). */
    String stats() {
        return name + ": " + servedInline.sum() + " requests served inline, "
                + (handedOverSlow.sum() + handedOverBlocking.sum()) + " of them handed the selector over ("
                + handedOverBlocking.sum() + " had to block, " + handedOverSlow.sum() + " ran too long), "
                + dispatched.sum() + " dispatched to workers in " + policy.pauses() + " pauses, "
                + threads.started() + " loop threads started";
    }

    /** Hand-overs since the start (tests). */
    long handOvers() {
        return handedOverSlow.sum() + handedOverBlocking.sum();
    }

    /** The reactor's loop threads (tests). */
    LoopThreads loopThreads() {
        return threads;
    }

    @Override
    public void run() {
        loop(false);
    }

    /**
     * Selects and serves until stopped, or until this thread hands the selector to another one
     * (then it returns at once, touching nothing). {@code resume}: carry on with the batch of ready
     * keys the previous loop thread was in the middle of.
     *
     * @return true when this thread handed the selector over, false when the reactor stopped
     */
    private boolean loop(boolean resume) {
        loopThread = Thread.currentThread();
        turn.set(turn.get() & ~PHASE | SELECTING); // a resumed loop keeps the run number of the run it took over
        boolean handedOver = false;
        try {
            if (resume && !serveBatch()) {
                handedOver = true;
                return true;
            }
            while (!stopped) {
                // counted before the registration: the connections watched before a shed was asked
                // for register now, so its answer may close them, once the selection below read them
                int shedsAsked = sheds.size();
                for (Waiter w; (w = arriving.poll()) != null; ) {
                    register(w);
                }
                long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextTick - System.nanoTime()));
                // read before the selection: a drain closes idle waiters only after a selection that
                // began after it, so bytes that had arrived by then are read (and served) first
                boolean sweep = draining;
                if (shedsAsked > 0) {
                    selector.selectNow(); // an acceptor waits for the answer
                } else {
                    selector.select(wait);
                }
                // the selection deregistered the keys cancelled before it: now those channels can register
                for (Waiter w; (w = reregistering.poll()) != null; ) {
                    register(w);
                }
                takeBatch();
                if (!serveBatch()) {
                    handedOver = true;
                    return true;
                }
                if (sweep) {
                    closeIdle();
                }
                // make room only after a selection and its batch, as a drain does: a waiter whose
                // request had arrived unread (a new connection, or one the busy loop had not read yet)
                // is working by now, and only one that really waits is closed unanswered
                for (CompletableFuture<Boolean> s; shedsAsked-- > 0 && (s = sheds.poll()) != null; ) {
                    s.complete(closeNearestDeadline());
                }
                waiting = selector.keys().size();
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "the connection reactor failed, waiting connections are closed", e);
        } finally {
            if (!handedOver) {
                shutDown();
            }
        }
        return false;
    }

    private void takeBatch() {
        java.util.Set<SelectionKey> selected = selector.selectedKeys();
        if (selected.size() > batch.length) {
            batch = new SelectionKey[Math.max(selected.size(), batch.length * 2)];
        }
        int n = 0;
        for (SelectionKey key : selected) {
            batch[n++] = key;
        }
        selected.clear();
        batchPos = 0;
        batchLen = n;
    }

    /** Serves the ready keys, then the tick and the dispatches; false when this thread handed the selector over. */
    private boolean serveBatch() throws IOException {
        while (batchPos < batchLen) {
            SelectionKey key = batch[batchPos];
            batch[batchPos++] = null;
            if (!readable(key)) {
                return false;
            }
        }
        long now = System.nanoTime();
        if (now - nextTick >= 0) {
            nextTick = now + tickNanos;
            expire(now);
            onTick.run();
        }
        for (Waiter w; (w = handingOff.poll()) != null; ) {
            SelectionKey key = w.channel().keyFor(selector);
            // else read meanwhile and dispatched, claimed, or closed: gone from the selector or busy
            if (key != null && key.isValid() && !(w instanceof Inline && ((Inline) w).busy())) {
                key.cancel();
                ready.add(w);
                dispatched.increment();
            }
        }
        if (!ready.isEmpty()) {
            selector.selectNow(); // completes the cancellations, so the channels may block again
            selector.selectedKeys().clear(); // anything selected now is read by its worker
            for (Waiter w : ready) {
                dispatch(w);
            }
            ready.clear();
        }
        return true;
    }

    /** During a drain: closes the registered waiters that have no request begun (see {@link #drainIdle}). */
    private void closeIdle() {
        for (SelectionKey key : selector.keys()) {
            Waiter w = (Waiter) key.attachment();
            if (key.isValid() && !(w instanceof Inline && ((Inline) w).busy()) && w.closeWhenDraining()) {
                key.cancel();
                close(w);
            }
        }
    }

    private void shutDown() {
        stopped = true;
        for (SelectionKey key : selector.keys()) {
            close((Waiter) key.attachment());
        }
        for (Waiter w; (w = reregistering.poll()) != null; ) {
            close(w);
        }
        drainArriving();
        drainSheds();
        try {
            selector.close();
        } catch (IOException e) {
            // nothing left to watch
        }
        threads.stop();
        Thread m = monitor;
        if (m != null) {
            LockSupport.unpark(m);
        }
    }

    private void register(Waiter w) {
        try {
            w.channel().register(selector, SelectionKey.OP_READ, w);
        } catch (CancelledKeyException e) {
            // its old key was cancelled (an expiry's lingering close) and goes at the next selection:
            // registering now is refused, and closing instead would reset a peer that still sends
            reregistering.add(w);
        } catch (ClosedChannelException | RuntimeException e) {
            close(w); // closed while arriving (shutdown), or could not be watched
        }
    }

    /** Handles one ready key; false when this thread served it inline and lost the selector meanwhile. */
    private boolean readable(SelectionKey key) {
        Waiter w = (Waiter) key.attachment();
        Step step;
        try {
            if (!key.isValid() || !key.isReadable()) {
                return true;
            }
            if (w instanceof Inline && ((Inline) w).busy()) {
                // served by a thread that took it while it was inline: wait until that thread is done
                // (its rearm, or a lingering close that replaces the attachment, asks for reads again);
                // checked again after the change, in case that thread finished in between
                key.interestOps(0);
                if (!((Inline) w).busy() || key.attachment() != w) {
                    key.interestOps(SelectionKey.OP_READ);
                }
                return true;
            }
            step = w.readable();
        } catch (CancelledKeyException e) {
            return true; // closed by someone else (shutdown)
        } catch (IOException | RuntimeException e) {
            step = Step.CLOSE;
        }
        if (step == Step.DISPATCH || step == Step.HAND_OFF) {
            // Inline takes one of the workers' places first, and then the claim (a request claimed but
            // not served inline would be lost). With no place free, or with a request of this batch
            // already waiting for one (it reaches the workers' queue at the end of the batch), it goes
            // to the queue behind those before it. The policy has counted it as an inline run all the
            // same: a skew only while every place is taken, when inline serving is not the cost.
            if (step == Step.DISPATCH && w instanceof Inline && policy.serveInline()
                    && (places == null || ready.isEmpty() && places.tryTake())) {
                Inline inline = (Inline) w;
                try {
                    if (!inline.claim()) {
                        key.cancel(); // closed meanwhile (a graceful shutdown closing idle connections)
                        return true;
                    }
                    return serveInline(inline);
                } finally {
                    if (places != null) {
                        places.giveBack();
                    }
                }
            }
            key.cancel();
            ready.add(w);
            dispatched.increment();
        } else if (step == Step.CLOSE) {
            key.cancel();
            close(w);
        }
        return true;
    }

    private boolean serveInline(Inline w) {
        // the policy counted this run before it (policy.serveInline), while this thread surely owns
        // the loop's state: a run that is taken over never comes back to it
        servedInline.increment();
        ensureMonitor(); // started before the clock: starting a thread must not count as the run's time
        long run = (turn.get() & ~PHASE) + (PHASE + 1);
        inlineThread = Thread.currentThread();
        inlineSince = System.nanoTime();
        turn.set(run | INLINE);
        try {
            w.serveInline();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "serving a connection on the reactor thread failed", e);
        }
        // false: this run was taken over, another thread selects now; this one is done
        return turn.compareAndSet(run | INLINE, run | SELECTING);
    }

    /**
     * Takes a registered channel out of this reactor so that its thread may block on it: when called
     * on the thread serving it inline, another thread takes over the selector first. Returns with the
     * channel deregistered and in blocking mode.
     *
     * @throws IOException when the reactor stopped meanwhile (the channel is closed)
     * @since 0.2
     */
    public void leave(SocketChannel channel) throws IOException {
        long now = turn.get();
        if ((now & PHASE) == INLINE && inlineThread == Thread.currentThread()) {
            handOver(now, false);
        }
        SelectionKey key = channel.keyFor(selector);
        if (key != null) {
            key.cancel();
            selector.wakeup();
            // the selecting thread deregisters cancelled keys at its next selection, which the wakeup starts
            while (channel.isRegistered() && !stopped) {
                LockSupport.parkNanos(20_000);
            }
        }
        if (channel.isRegistered()) {
            throw new ClosedChannelException(); // the reactor stopped: so does this connection
        }
        channel.configureBlocking(true);
    }

    /**
     * Puts a channel that was busy but kept its registration back to waiting for bytes (after a
     * thread other than the selecting one served it); from any thread.
     *
     * @since 0.2
     */
    public void rearm(SocketChannel channel) {
        SelectionKey key = channel.keyFor(selector);
        if (key != null && key.isValid()) {
            try {
                key.interestOps(SelectionKey.OP_READ);
                selector.wakeup();
            } catch (CancelledKeyException e) {
                // closed meanwhile
            }
        }
    }

    /** Whether this thread is the one selecting (so a waiter being served knows it runs inline). @since 0.2 */
    public boolean onLoopThread() {
        return Thread.currentThread() == loopThread;
    }

    /** The inline run {@code inlineTurn} is slow or must block: another thread selects from now on. */
    private void handOver(long inlineTurn, boolean slow) {
        if (turn.compareAndSet(inlineTurn, inlineTurn & ~PHASE | TAKEN)) {
            policy.handedOver(slow);
            (slow ? handedOverSlow : handedOverBlocking).increment();
            threads.run(resumedLoop); // a parked spare if there is one, else a new thread
        }
    }

    /** Starts the thread that hands the selector over when an inline request runs too long. */
    private void ensureMonitor() {
        if (monitor == null) {
            synchronized (this) {
                if (monitor == null) {
                    Thread m = new Thread(this::watchInline, name + "-monitor");
                    m.setDaemon(true);
                    monitor = m;
                    m.start();
                }
            }
        }
    }

    /**
     * Checks whether an inline request has run too long ({@link SlowRunCheck}), as often as
     * {@link MonitorPace} says: every half of {@link #TAKEOVER_NANOS} while a run may be slow, less
     * often while runs are short, every 50 ms after a second with no inline request (an idle server
     * stays idle).
     */
    private void watchInline() {
        SlowRunCheck check = new SlowRunCheck(TAKEOVER_NANOS);
        MonitorPace pace = new MonitorPace(TAKEOVER_NANOS / 2);
        long lastSeen = 0;
        long quietSince = System.nanoTime();
        while (!stopped) {
            long now = System.nanoTime();
            long current = turn.get();
            long since = inlineSince; // of this run or a later one (then the hand-over's compare-and-set fails)
            boolean inline = (current & PHASE) == INLINE;
            if (check.slow(inline ? current : -1, now - since)) {
                handOver(current, true);
            }
            if (since != lastSeen) {
                lastSeen = since;
                quietSince = now;
            }
            LockSupport.parkNanos(pace.next(inline ? now - since : -1, now - quietSince > 1_000_000_000L));
        }
    }

    private void expire(long now) {
        for (SelectionKey key : selector.keys()) {
            Waiter w = (Waiter) key.attachment();
            if (w instanceof Inline && ((Inline) w).busy()) {
                continue; // its thread enforces its limits
            }
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

    /** For {@link #shed}: closes the sheddable waiter whose deadline comes first; false if there is none. */
    private boolean closeNearestDeadline() {
        SelectionKey nearest = null;
        long first = 0;
        for (SelectionKey key : selector.keys()) {
            Waiter w = (Waiter) key.attachment();
            if (!key.isValid() || w instanceof Inline && ((Inline) w).busy() || !w.sheddable()) {
                continue; // working, or (a lingering close) holding no connection slot any more
            }
            if (nearest == null || w.deadline() - first < 0) {
                nearest = key;
                first = w.deadline();
            }
        }
        if (nearest == null) {
            return false;
        }
        nearest.cancel();
        close((Waiter) nearest.attachment());
        return true;
    }

    private void drainSheds() {
        for (CompletableFuture<Boolean> s; (s = sheds.poll()) != null; ) {
            s.complete(false);
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

    /** A connection in a lingering close: reads and drops until end of stream or its {@link LingerLimit}. */
    private final class Lingering implements Waiter {
        private final SocketChannel channel;
        private final LingerLimit limit;

        Lingering(SocketChannel channel, LingerLimit limit) {
            this.channel = channel;
            this.limit = limit;
        }

        @Override
        public SocketChannel channel() {
            return channel;
        }

        @Override
        public Step readable() throws IOException {
            for (int reads = 0; reads < LingerLimit.READS_PER_TURN; reads++) {
                scratch.clear();
                int n = channel.read(scratch);
                if (n < 0) {
                    return Step.CLOSE;
                }
                if (n == 0) {
                    return Step.WAIT;
                }
                limit.heard();
                if (limit.over()) {
                    return Step.CLOSE;
                }
            }
            return Step.WAIT;
        }

        @Override
        public long deadline() {
            return limit.deadline();
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
        public boolean sheddable() {
            return false; // its connection slot was given back when the close began: closing it frees none
        }

        @Override
        public void closed() {
            lingeringNow.decrementAndGet();
        }
    }

}
