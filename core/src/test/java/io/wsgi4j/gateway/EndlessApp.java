// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;

/**
 * A test application for aborts: {@code /endless} sends {@code tick} every 5 ms for ever (counting
 * {@link #started} down at the first one, {@link #closed} when its body is closed); any other path
 * answers {@code ok}.
 */
final class EndlessApp implements Application {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public Iterable<byte[]> call(Environ env, StartResponse sr) {
        sr.start("200 OK", Headers.of());
        if (!env.pathInfo().equals("/endless")) {
            return Body.of("ok");
        }
        Iterable<byte[]> endless = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public byte[] next() {
                started.countDown();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "tick".getBytes(StandardCharsets.US_ASCII);
            }
        };
        return Body.onClose(endless, closed::countDown);
    }
}
