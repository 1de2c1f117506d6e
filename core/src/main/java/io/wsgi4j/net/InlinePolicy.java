// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether the {@link Reactor} serves a ready request on its own thread (inline) or sends it to a
 * worker, judged by counting: of every {@link #WINDOW} inline runs, how many handed the selector
 * over, and why. An application that hands over often gains nothing from inline serving and pays a
 * hand-over each time, so the reactor dispatches to workers for a while (a pause); the first pause
 * is short and each costly window in a row doubles it, so a burst (a garbage collection that made
 * a few runs look slow, a client whose body arrives late a few times) costs a few hundred
 * dispatches, while an application that blocks in every request soon goes to workers for
 * {@link #LONGEST_PAUSE} requests at a time and is tried inline again between pauses.
 *
 * <p>The two kinds of hand-over are tolerated differently:
 * <ul>
 *   <li><b>Slow:</b> the monitor took a run over because it ran past the take-over time. Every
 *       other connection of the reactor waited that long, so more than {@link #TOLERATED_SLOW} in
 *       a window pause inline serving.</li>
 *   <li><b>Blocking:</b> the request said it must block ({@link Reactor#leave}) and handed over at
 *       once, which costs about what a dispatch to a worker does now that a parked spare takes the
 *       selector (see {@link LoopThreads}); a pause pays off only when a large share of the runs
 *       hand over, more than {@link #TOLERATED_BLOCKING} (an eighth).</li>
 * </ul>
 *
 * <p>{@link #serveInline()} is called only by the thread that owns the selector (the state passes
 * with the selector); the hand-over counts come from any thread.
 */
final class InlinePolicy {
    /** Inline runs per judgement. */
    static final int WINDOW = 256;
    /** Slow hand-overs (each stalled the selector for the take-over time) tolerated per window. */
    static final int TOLERATED_SLOW = 8;
    /** Blocking hand-overs tolerated per window. */
    static final int TOLERATED_BLOCKING = WINDOW / 8;
    /** The first pause, in dispatched requests. */
    static final int SHORTEST_PAUSE = WINDOW;
    /** The pause that costly windows in a row double up to. */
    static final int LONGEST_PAUSE = 8192;

    private final boolean enabled;
    private final AtomicInteger slow = new AtomicInteger();
    private final AtomicInteger blocking = new AtomicInteger();
    // the selector owner's state
    private int runs;
    private int paused;
    private int nextPause = SHORTEST_PAUSE;
    private volatile long pauses; // written by the owner only; volatile for the stats line

    /** {@code enabled} false: never inline ({@code -Dwsgi4j.inline=false}). */
    InlinePolicy(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Whether to serve this ready request inline (selector owner only): false while a pause lasts,
     * and each call then counts one dispatch of it. At the end of a window this call judges it; the
     * run that ends it is still served inline.
     */
    boolean serveInline() {
        if (!enabled) {
            return false;
        }
        if (paused > 0) {
            if (--paused == 0) {
                startWindow(); // hand-overs of runs begun before the pause judge nothing after it
            }
            return false;
        }
        if (++runs >= WINDOW) {
            judgeWindow();
        }
        return true;
    }

    private void judgeWindow() {
        boolean costly = slow.get() > TOLERATED_SLOW || blocking.get() > TOLERATED_BLOCKING;
        startWindow();
        if (costly) {
            paused = nextPause;
            nextPause = Math.min(LONGEST_PAUSE, nextPause * 2);
            pauses++;
        } else {
            nextPause = SHORTEST_PAUSE;
        }
    }

    private void startWindow() {
        runs = 0;
        slow.set(0);
        blocking.set(0);
    }

    /** An inline run handed the selector over: {@code slow} when the monitor took it, else it had to block. From any thread. */
    void handedOver(boolean slowRun) {
        (slowRun ? slow : blocking).incrementAndGet();
    }

    /** Pauses begun since the start (selector owner, or diagnostics after the stop). */
    long pauses() {
        return pauses;
    }
}
