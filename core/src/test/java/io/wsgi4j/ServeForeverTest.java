// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.gateway.GatewayAddress;
import io.wsgi4j.gateway.GatewayConfig;
import io.wsgi4j.gateway.ScgiServer;
import io.wsgi4j.observe.RequestObserver;
import io.wsgi4j.observe.RequestRecord;
import io.wsgi4j.server.HttpServer;
import io.wsgi4j.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code serveForever()} is the last call of a {@code main}: what follows it (closing a database
 * pool, printing "stopped", the JVM's exit) must come after the drain, so it returns only once every
 * request in flight has finished, on the HTTP server and on the gateways alike.
 */
class ServeForeverTest {
    /** A server under test: serve on this thread, drain from another, a request over a socket. */
    private record Served(Serving serveForever, Runnable shutdown, Supplier<Readiness> readiness, Request request) {
    }

    private interface Serving {
        void run() throws IOException;
    }

    /** Sends one request and returns the whole response once the server closed the connection. */
    private interface Request {
        String send() throws IOException;
    }

    @Test
    void theHttpServersServeForeverReturnsOnlyAfterTheRequestsInFlightFinished() throws Exception {
        Slow app = new Slow();
        HttpServer server = HttpServer.make("127.0.0.1", 0, app,
                ServerConfig.builder().quiet(true).observer(app.finished).build());
        check(app, new Served(server::serveForever, server::shutdown, server::readiness,
                () -> exchange(server.port(), "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")));
    }

    @Test
    void aGatewaysServeForeverReturnsOnlyAfterTheRequestsInFlightFinished() throws Exception {
        Slow app = new Slow();
        ScgiServer server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), app,
                GatewayConfig.builder().observer(app.finished).build());
        String pairs = "CONTENT_LENGTH\0" + "0\0SCGI\0" + "1\0REQUEST_METHOD\0GET\0PATH_INFO\0/\0SCRIPT_NAME\0\0";
        check(app, new Served(server::serveForever, server::shutdown, server::readiness,
                () -> exchange(server.port(), pairs.length() + ":" + pairs + ",")));
    }

    private static void check(Slow app, Served server) throws Exception {
        AtomicBoolean answeredBeforeReturn = new AtomicBoolean();
        CompletableFuture<String> response = new CompletableFuture<>();
        Thread serving = new Thread(() -> {
            try {
                server.serveForever().run();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            // the server's side: the response was sent in full (the observer hears of it after the last
            // byte); whether the client's thread has read it yet is the scheduler's business
            answeredBeforeReturn.set(app.finished.requests.get() == 1);
        }, "serve-forever");
        serving.start();
        // threads of their own: the common pool may have a single thread, which the blocked client would hold
        new Thread(() -> {
            try {
                response.complete(server.request().send());
            } catch (IOException e) {
                response.completeExceptionally(e);
            }
        }, "client").start();
        assertTrue(app.entered.await(30, TimeUnit.SECONDS), "the request never reached the application");
        CompletableFuture<Void> drain = new CompletableFuture<>();
        new Thread(() -> {
            server.shutdown().run();
            drain.complete(null);
        }, "drain").start();
        while (!server.readiness().get().draining()) {
            Thread.sleep(5);
        }
        // the drain has begun and the listener is closing: a serveForever() that returns with accepting
        // does so now, while the request is still held in the application
        serving.join(1000);
        app.release.countDown();
        assertTrue(response.get(30, TimeUnit.SECONDS).endsWith("slow but whole"), "the request in flight was cut");
        serving.join(30_000);
        assertFalse(serving.isAlive(), "serveForever() did not return after the drain");
        drain.get(30, TimeUnit.SECONDS);
        assertTrue(answeredBeforeReturn.get(), "serveForever() returned while a request was still in flight");
    }

    /** Holds each request in the application until released. */
    private static final class Slow implements Application {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Finished finished = new Finished();

        @Override
        public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
            entered.countDown();
            assertTrue(release.await(30, TimeUnit.SECONDS));
            startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return Body.of("slow but whole");
        }
    }

    /** Counts the requests whose response the server has sent in full. */
    private static final class Finished implements RequestObserver {
        final AtomicInteger requests = new AtomicInteger();

        @Override
        public void requestFinished(RequestRecord request) {
            requests.incrementAndGet();
        }
    }

    private static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            String got = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertEquals(-1, in.read());
            return got;
        }
    }
}
