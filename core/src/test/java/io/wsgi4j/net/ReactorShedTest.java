// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Reactor#shed()}, driven with waiters of the test's own: the order of events is caused by
 * the waiters (one holds the loop thread until the test lets it go), not by timing.
 */
class ReactorShedTest {
    private static final long SAFETY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final List<SocketChannel> channels = new ArrayList<>();
    private ServerSocketChannel listener;
    private Reactor reactor;

    @AfterEach
    void close() throws IOException {
        if (reactor != null) {
            reactor.stop();
        }
        for (SocketChannel c : channels) {
            c.close();
        }
        if (listener != null) {
            listener.close();
        }
    }

    /**
     * A connection whose request is already in its socket when the limit is reached is read and
     * served, not closed unanswered to make room: here it arrives while the loop thread is busy, its
     * deadline the nearest, and the shed is asked for before the reactor has selected since. (A
     * fuzzer that opened more connections than the limit, each sending a whole request at once, saw
     * some of them closed with no answer and their application never called.)
     */
    @Test
    void aWaiterWhoseRequestHasArrivedIsServedNotShed() throws Exception {
        reactor = new Reactor("shed-test", TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1), () -> { }, false);
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));

        SocketChannel[] busyPair = pair();
        CountDownLatch loopHeld = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        TestWaiter holder = new TestWaiter(busyPair[1], Long.MAX_VALUE >> 1) {
            @Override
            public Reactor.Step readable() throws IOException {
                readBytes();
                loopHeld.countDown();
                await(letGo); // holds the loop thread, as a long inline run or a busy batch does
                return Reactor.Step.WAIT;
            }
        };
        reactor.watch(holder);
        busyPair[0].write(ByteBuffer.wrap(new byte[] {'x'}));
        await(loopHeld);

        SocketChannel[] requestPair = pair();
        requestPair[0].write(ByteBuffer.wrap("a whole request".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        TestWaiter arrived = new TestWaiter(requestPair[1], System.nanoTime()) {
            @Override
            public Reactor.Step readable() throws IOException {
                return readBytes() > 0 ? Reactor.Step.DISPATCH : Reactor.Step.WAIT;
            }
        };
        reactor.watch(arrived); // the nearest deadline of all
        Thread[] shedder = new Thread[1];
        CompletableFuture<Boolean> shed = CompletableFuture.supplyAsync(() -> {
            shedder[0] = Thread.currentThread();
            return reactor.shed();
        });
        // shed() has queued its question once it waits for the answer
        awaitUntil(() -> shedder[0] != null && shedder[0].getState() == Thread.State.TIMED_WAITING,
                "the shed waits for the reactor's answer");
        letGo.countDown();

        shed.get(SAFETY_NANOS, TimeUnit.NANOSECONDS);
        awaitUntil(() -> arrived.dispatched.getCount() == 0 || arrived.closed.getCount() == 0,
                "the waiter whose request arrived is dispatched or closed");
        assertEquals(1, arrived.closed.getCount(), "the waiter whose request had arrived was closed unanswered");
        assertEquals(0, arrived.dispatched.getCount(), "the request that had arrived is served");
        assertTrue(requestPair[1].isOpen(), "its channel is open for the answer");
    }

    private SocketChannel[] pair() throws IOException {
        SocketChannel client = SocketChannel.open(listener.getLocalAddress());
        SocketChannel peer = listener.accept();
        peer.configureBlocking(false);
        channels.add(client);
        channels.add(peer);
        return new SocketChannel[] {client, peer};
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(SAFETY_NANOS, TimeUnit.NANOSECONDS)) {
                fail("not within the safety timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
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

    /** Reads what arrived and records whether the reactor dispatched or closed it. */
    private abstract static class TestWaiter implements Reactor.Waiter {
        final CountDownLatch dispatched = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        private final SocketChannel channel;
        private final long deadline;

        TestWaiter(SocketChannel channel, long deadline) {
            this.channel = channel;
            this.deadline = deadline;
        }

        @Override
        public SocketChannel channel() {
            return channel;
        }

        /** @return the bytes read */
        int readBytes() throws IOException {
            int n = channel.read(ByteBuffer.allocate(256));
            if (n < 0) {
                throw new IOException("the test's peer closed");
            }
            return n;
        }

        @Override
        public Reactor.Step readable() throws IOException {
            readBytes();
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
            dispatched.countDown();
        }

        @Override
        public void closed() {
            closed.countDown();
        }
    }
}
