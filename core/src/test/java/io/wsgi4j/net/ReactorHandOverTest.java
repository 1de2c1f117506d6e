// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reactor's hand-over, driven directly with waiters of the test's own (no HTTP): each step is
 * caused by the waiter, not by timing, so these fail the same way every time when the rule breaks.
 */
class ReactorHandOverTest {
    private static final long SAFETY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private ServerSocketChannel listener;
    private SocketChannel client;
    private SocketChannel peer;
    private Reactor reactor;
    private final ExecutorService workers = Executors.newSingleThreadExecutor();

    @BeforeEach
    void connect() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        client = SocketChannel.open(listener.getLocalAddress());
        peer = listener.accept();
        peer.configureBlocking(false);
    }

    @AfterEach
    void close() throws IOException {
        if (reactor != null) {
            reactor.stop();
        }
        workers.shutdownNow();
        client.close();
        peer.close();
        listener.close();
    }

    /**
     * An application that must block in every request (each inline run leaves the reactor, which
     * hands the selector to a new thread every time) makes the reactor stop serving inline after one
     * window of runs: a run that was taken over counts as much as one that came back.
     */
    @Test
    void anApplicationThatBlocksInEveryRequestIsSentToWorkersAfterOneWindow() throws Exception {
        reactor = new Reactor("hand-over-test", TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1), () -> { }, true);
        reactor.watch(new LeavingWaiter(false));
        String served = exchange(InlinePolicy.WINDOW + 20, false);
        assertEquals('I', served.charAt(0), "the first request is served inline: " + served);
        assertEquals("D".repeat(20), served.substring(InlinePolicy.WINDOW),
                "after a window of runs that all handed over, requests go to workers: " + served);
    }

    /**
     * A waiter that says its run will wait for more input ({@link Reactor.Step#HAND_OFF}, a request body
     * still arriving) always goes to a worker, even while the reactor serves other requests inline: its
     * wait on the reactor thread would cost a hand-over of the selector each time.
     */
    @Test
    void aRequestThatWillWaitForItsBodyIsNeverServedInline() throws Exception {
        reactor = new Reactor("hand-off-test", TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1), () -> { }, true);
        reactor.watch(new LeavingWaiter(false, Reactor.Step.HAND_OFF));
        assertEquals("D".repeat(10), exchange(10, false));
    }

    /**
     * The first pause of inline serving is short: after one window of runs that all handed over,
     * {@link InlinePolicy#SHORTEST_PAUSE} requests go to workers, then inline serving is tried again.
     */
    @Test
    void afterTheFirstPauseRequestsAreServedInlineAgain() throws Exception {
        reactor = new Reactor("pause-test", TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1), () -> { }, true);
        reactor.watch(new LeavingWaiter(false));
        String served = exchange(InlinePolicy.WINDOW + InlinePolicy.SHORTEST_PAUSE + 10, false);
        assertEquals("I".repeat(InlinePolicy.WINDOW) + "D".repeat(InlinePolicy.SHORTEST_PAUSE) + "I".repeat(10), served);
    }

    /**
     * Hand-overs in a row reuse the parked thread of the previous one: a hundred of them start one
     * thread besides the first, when each thread that handed over has parked before the next
     * request (the test waits for that, so the count does not depend on timing).
     */
    @Test
    void handOversInARowReuseTheParkedThreadInsteadOfStartingOne() throws Exception {
        reactor = new Reactor("reuse-test", TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1), () -> { }, true);
        reactor.watch(new LeavingWaiter(false));
        String served = exchange(100, true);
        assertEquals("I".repeat(100), served, "every request served inline, each handing the selector over");
        assertEquals(100, reactor.handOvers(), "hand-overs");
        assertEquals(2, reactor.loopThreads().started(), "loop threads started: the first, and one for the first hand-over");
        assertTrue(reactor.stats().contains("100 of them handed the selector over (100 had to block, 0 ran too long)")
                && reactor.stats().endsWith("2 loop threads started"), reactor.stats());
    }

    /**
     * After the stop no loop thread is left: not the spare parked by the last hand-over, not the
     * loop's, not the monitor (counted by the reactor, and by name among the platform threads).
     */
    @Test
    void stopEndsTheParkedSparesAndEveryThreadOfTheReactor() throws Exception {
        reactor = new Reactor("leak-test", TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1), () -> { }, true);
        reactor.watch(new LeavingWaiter(false));
        exchange(10, true);
        assertEquals(1, reactor.loopThreads().parked(), "the last thread that handed over is parked");
        reactor.stop();
        awaitUntil(() -> reactor.loopThreads().alive() == 0, "every loop thread ended");
        awaitUntil(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("leak-test")),
                "no platform thread named after the reactor is alive");
    }

    /**
     * Requests pipelined in one write, each one handing the selector over (and, past a window, sent
     * to workers during a pause, then inline again), are answered completely and in order.
     */
    @Test
    void pipelinedRequestsThroughManyHandOversAreAnsweredInOrder() throws Exception {
        reactor = new Reactor("order-test", TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1), () -> { }, true);
        reactor.watch(new LeavingWaiter(true));
        int count = 2 * InlinePolicy.WINDOW + InlinePolicy.SHORTEST_PAUSE + 100;
        byte[] requests = new byte[count];
        for (int i = 0; i < count; i++) {
            requests[i] = (byte) (i % 251);
        }
        ByteBuffer out = ByteBuffer.wrap(requests);
        while (out.hasRemaining()) {
            client.write(out);
        }
        ByteBuffer answers = ByteBuffer.allocate(count);
        long start = System.nanoTime();
        while (answers.hasRemaining() && System.nanoTime() - start < SAFETY_NANOS) {
            if (client.read(answers) < 0) {
                fail("the reactor closed the connection after " + answers.position() + " answers");
            }
        }
        assertEquals(count, answers.position(), "answers within the safety timeout");
        for (int i = 0; i < count; i++) {
            if (answers.get(i) != requests[i]) {
                fail("answer " + i + " is " + answers.get(i) + ", expected " + requests[i]);
            }
        }
        assertTrue(reactor.handOvers() >= InlinePolicy.WINDOW, "the inline runs handed over: " + reactor.stats());
        reactor.stop();
        awaitUntil(() -> reactor.loopThreads().alive() == 0, "every loop thread ended after the stop");
    }

    /**
     * Sends {@code count} one-byte requests one after the other and returns how each was served;
     * {@code waitForSpare}: before each next request, wait until the thread that handed over has
     * parked as a spare.
     */
    private String exchange(int count, boolean waitForSpare) throws IOException {
        StringBuilder served = new StringBuilder();
        ByteBuffer answer = ByteBuffer.allocate(1);
        for (int i = 0; i < count; i++) {
            client.write(ByteBuffer.wrap(new byte[] {'?'}));
            answer.clear();
            if (client.read(answer) != 1) {
                fail("the reactor closed the connection after " + i + " requests");
            }
            served.append((char) answer.get(0));
            if (waitForSpare) {
                awaitUntil(() -> reactor.loopThreads().parked() == 1, "the thread that handed over parks as a spare");
            }
        }
        return served.toString();
    }

    /**
     * A waiter whose deadline passed and that asks for a lingering close keeps its channel open
     * after the reactor cancelled its key: the lingering close registers again only after the
     * selection that deregistered the old key (before, the registration was refused and the channel
     * closed at once, so unread bytes of the peer made the kernel reset it).
     */
    @Test
    void anExpiredWaiterLingersInsteadOfBeingClosedAtOnce() throws Exception {
        AtomicInteger ticks = new AtomicInteger();
        reactor = new Reactor("expiry-test", TimeUnit.MILLISECONDS.toNanos(20), TimeUnit.SECONDS.toNanos(30),
                ticks::incrementAndGet, true);
        CountDownLatch expired = new CountDownLatch(1);
        AtomicInteger ticksAtExpiry = new AtomicInteger();
        reactor.watch(new Waiter(peer) {
            @Override
            public boolean expired() {
                ticksAtExpiry.set(ticks.get());
                expired.countDown();
                return true;
            }
        });
        assertTrue(expired.await(10, TimeUnit.SECONDS), "the deadline in the past expires at the first tick");
        // two ticks later the reactor has selected and registered what arrived meanwhile
        awaitUntil(() -> ticks.get() >= ticksAtExpiry.get() + 2, "two more ticks");
        assertTrue(peer.isOpen(), "the expired connection lingers, its channel still open");
        ByteBuffer b = ByteBuffer.allocate(16);
        assertEquals(-1, client.read(b), "the lingering close shut the output down");
        client.shutdownOutput();
        awaitUntil(() -> !peer.isOpen(), "the lingering close ends when the peer closes");
    }

    /**
     * The reactor claims a waiter before the run can be taken over. Here the claim is slow (longer
     * than a take-over takes) and a second request is already waiting in the socket: had the run been
     * marked inline first, the monitor would hand the selector to a new thread, which would read the
     * second request while the first is still being claimed (in the HTTP server that read the
     * request body as the next head). Both requests must be served, one after the other, and no read
     * may happen while one is being claimed or served.
     */
    @Test
    void aThreadThatTakesTheSelectorOverNeverReadsAWaiterBeingClaimed() throws Exception {
        reactor = new Reactor("claim-test", TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1), () -> { }, true);
        SlowClaimWaiter waiter = new SlowClaimWaiter();
        reactor.watch(waiter);
        client.write(ByteBuffer.wrap(new byte[] {'a', 'b'}));
        ByteBuffer answers = ByteBuffer.allocate(2);
        long start = System.nanoTime();
        while (answers.hasRemaining() && System.nanoTime() - start < SAFETY_NANOS) {
            if (client.read(answers) < 0) {
                fail("the reactor closed the connection");
            }
        }
        assertEquals("ab", new String(answers.array(), java.nio.charset.StandardCharsets.US_ASCII),
                "both requests answered in order");
        assertEquals(0, waiter.readsWhileWorking.get(), "reads of a waiter while it was claimed or served");
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, String what) {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > SAFETY_NANOS) {
                fail("not within the safety timeout: " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** Waits for bytes that never come; its deadline passed already. */
    private static class Waiter implements Reactor.Waiter {
        private final SocketChannel channel;
        private final long deadline = System.nanoTime();

        Waiter(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public SocketChannel channel() {
            return channel;
        }

        @Override
        public Reactor.Step readable() {
            return Reactor.Step.WAIT;
        }

        @Override
        public long deadline() {
            return deadline;
        }

        @Override
        public boolean expired() {
            return false;
        }

        @Override
        public void dispatch() {
            throw new AssertionError("never dispatched");
        }

        @Override
        public void closed() {
            // nothing held
        }
    }

    /** One byte is one request, answered by echoing it; claiming takes 20 ms (as if the thread were descheduled). */
    private final class SlowClaimWaiter implements Reactor.Inline {
        private final ByteBuffer request = ByteBuffer.allocate(1);
        private final AtomicInteger readsWhileWorking = new AtomicInteger();
        private volatile boolean working;
        private volatile boolean busy;

        @Override
        public SocketChannel channel() {
            return peer;
        }

        @Override
        public Reactor.Step readable() throws IOException {
            if (working) {
                readsWhileWorking.incrementAndGet();
            }
            request.clear();
            int n = peer.read(request);
            return n < 0 ? Reactor.Step.CLOSE : n == 0 ? Reactor.Step.WAIT : Reactor.Step.DISPATCH;
        }

        @Override
        public boolean claim() {
            working = true;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // forty times the take-over time
            busy = true;
            return true;
        }

        @Override
        public void serveInline() {
            try {
                request.flip();
                peer.write(request); // one byte into an empty socket buffer: never waits
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            working = false;
            busy = false;
            if (!reactor.onLoopThread()) {
                reactor.rearm(peer);
            }
        }

        @Override
        public long deadline() {
            return System.nanoTime() + TimeUnit.HOURS.toNanos(1);
        }

        @Override
        public boolean expired() {
            return false;
        }

        @Override
        public void dispatch() {
            throw new AssertionError("served inline only");
        }

        @Override
        public boolean busy() {
            return busy;
        }

        @Override
        public void closed() {
            // nothing held
        }
    }

    /**
     * One byte is one request; the answer says how it was served: 'I' inline (where it leaves the
     * reactor before it answers, as a request whose body is still on its way), 'D' by a worker;
     * or, with {@code echo}, it is the request's byte.
     */
    private final class LeavingWaiter implements Reactor.Inline {
        private final ByteBuffer request = ByteBuffer.allocate(1);
        private final boolean echo;
        private final Reactor.Step ready;
        private volatile boolean busy;

        LeavingWaiter(boolean echo) {
            this(echo, Reactor.Step.DISPATCH);
        }

        /** @param ready what {@link #readable()} says when a request arrived */
        LeavingWaiter(boolean echo, Reactor.Step ready) {
            this.echo = echo;
            this.ready = ready;
        }

        @Override
        public SocketChannel channel() {
            return peer;
        }

        @Override
        public Reactor.Step readable() throws IOException {
            request.clear();
            int n = peer.read(request);
            return n < 0 ? Reactor.Step.CLOSE : n == 0 ? Reactor.Step.WAIT : ready;
        }

        @Override
        public long deadline() {
            return System.nanoTime() + TimeUnit.HOURS.toNanos(1);
        }

        @Override
        public boolean expired() {
            return false;
        }

        @Override
        public boolean claim() {
            busy = true;
            return true;
        }

        @Override
        public void serveInline() {
            try {
                reactor.leave(peer);
                answerAndWaitAgain('I');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void dispatch() {
            workers.execute(() -> {
                try {
                    answerAndWaitAgain('D');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        /** Answers with blocking I/O, then waits in the reactor for the next request. */
        private void answerAndWaitAgain(char how) throws IOException {
            peer.write(ByteBuffer.wrap(new byte[] {echo ? request.get(0) : (byte) how}));
            peer.configureBlocking(false);
            busy = false;
            reactor.watch(this);
        }

        @Override
        public boolean busy() {
            return busy;
        }

        @Override
        public void closed() {
            // nothing held
        }
    }
}
