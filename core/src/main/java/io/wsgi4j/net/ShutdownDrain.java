// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.net;

import java.util.concurrent.CountDownLatch;

/**
 * The part of a server's shutdown that waits for the requests in flight, shared by the HTTP server and
 * the gateways: it runs on the thread that called the shutdown, unless that thread is one of the
 * requests it would wait for (an application's own stop endpoint), and {@link #await()} lets
 * {@code serveForever()} return only once it has finished.
 *
 * @since 0.2
 */
public final class ShutdownDrain {
    private final CountDownLatch finished = new CountDownLatch(1);

    /**
     * Runs {@code drain} here, or, when {@code calledByARequest}, on a new non-daemon thread named
     * {@code threadName} (waiting here would wait for the caller's own request, which could then never
     * be answered; the thread keeps the JVM until the drain is done). Either way {@link #await()}
     * returns once it has run.
     *
     * @since 0.2
     */
    public void run(boolean calledByARequest, String threadName, Runnable drain) {
        Runnable counted = () -> {
            try {
                drain.run();
            } finally {
                finished.countDown();
            }
        };
        if (calledByARequest) {
            Thread t = new Thread(counted, threadName);
            t.setDaemon(false);
            t.start();
        } else {
            counted.run();
        }
    }

    /** Waits until a drain has run; an interrupt ends the wait (and stays set). @since 0.2 */
    public void await() {
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
