// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A listener's backlog at a graceful shutdown: connections the kernel accepted but no thread has
 * taken yet. Their clients may have sent requests already, and closing the listener would reset
 * them; a drain takes them instead. The thread blocked in {@code accept} is woken by a connection to
 * the listener's own address (it cannot be woken otherwise without closing the listener), and once
 * that thread has returned, what is left is taken without blocking.
 *
 * <p>Internal to wsgi4j (shared by {@code io.wsgi4j.server} and {@code io.wsgi4j.gateway}); not an
 * API for applications.
 *
 * @since 0.2
 */
public final class ListenBacklog {
    /** How long a drain tries to reach its own listener. */
    private static final long CONNECT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private ListenBacklog() {}

    /**
     * Opens the connection that wakes a thread blocked in {@code listener.accept()}, bound before it
     * connects so that {@code beforeConnect} learns its address first (an accepting side that checks
     * peers can then let it go without a word). The caller closes it.
     *
     * @return the waking connection, or null if the listener cannot be reached (then the backlog is
     *     reset as the listener closes, as it would be without a drain)
     * @since 0.2
     */
    public static SocketChannel wake(ServerSocketChannel listener, Consumer<SocketAddress> beforeConnect) {
        try {
            return wake(listener.getLocalAddress(), beforeConnect);
        } catch (IOException e) {
            return null; // closed: nothing accepts any more
        }
    }

    /**
     * As {@link #wake(ServerSocketChannel, Consumer)}, for a listener reached at {@code bound}, which is
     * not the address it was bound to: a Unix socket bound elsewhere and then linked at its path.
     *
     * @since 0.2
     */
    public static SocketChannel wake(SocketAddress bound, Consumer<SocketAddress> beforeConnect) {
        SocketChannel wake = null;
        try {
            SocketAddress target;
            if (bound instanceof InetSocketAddress inet) {
                InetAddress host = inet.getAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : inet.getAddress();
                target = new InetSocketAddress(host, inet.getPort());
                wake = SocketChannel.open();
                wake.bind(new InetSocketAddress(host, 0));
            } else if (bound instanceof UnixDomainSocketAddress) {
                target = bound;
                wake = SocketChannel.open(StandardProtocolFamily.UNIX);
            } else {
                return null;
            }
            beforeConnect.accept(wake.getLocalAddress());
            // without blocking: a full backlog drops the connect, and a shutdown must not wait on its retries
            wake.configureBlocking(false);
            long giveUp = System.nanoTime() + CONNECT_NANOS;
            boolean connected = wake.connect(target);
            while (!connected && System.nanoTime() - giveUp < 0) {
                Thread.sleep(1);
                connected = wake.finishConnect();
            }
            if (connected) {
                return wake;
            }
        } catch (IOException | RuntimeException e) {
            // cannot reach itself
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close(wake);
        return null;
    }

    /**
     * Takes every connection waiting in the backlog without blocking, once no thread accepts any more.
     *
     * @since 0.2
     */
    public static void takeEach(ServerSocketChannel listener, Consumer<SocketChannel> take) {
        try {
            listener.configureBlocking(false);
            for (SocketChannel channel; (channel = listener.accept()) != null; ) {
                take.accept(channel);
            }
        } catch (IOException | RuntimeException e) {
            // what is left is reset as the listener closes
        }
    }

    /**
     * The rest of a drain's taking, once {@code wake} is connected (null: the listener could not be
     * reached, nothing to do): waits up to a second for the accepting thread to return, then runs
     * {@code takeRest} ({@link #takeEach} on the listener), and closes {@code wake}.
     *
     * @since 0.2
     */
    public static void afterWaking(SocketChannel wake, CountDownLatch acceptorReturned, Runnable takeRest) {
        if (wake == null) {
            return;
        }
        try {
            if (acceptorReturned.await(1, TimeUnit.SECONDS)) {
                takeRest.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(wake);
        }
    }

    /** Closes a channel, quietly. @since 0.2 */
    public static void close(SocketChannel channel) {
        if (channel != null) {
            Reactor.closeQuietly(channel);
        }
    }
}
