// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A failed accept (too many open files, most often) is a moment, not the end of the gateway: as on the
 * HTTP server it is logged and accepting goes on. It used to end the accepting thread, so a gateway
 * started in the background stayed up, serving its open connections, and never accepted another.
 */
class GatewayAcceptFailureTest {
    private static final Application HELLO = (env, sr) -> {
        sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
        return Body.of("hello " + env.pathInfo());
    };

    @Test
    void aFailedAcceptDoesNotEndAccepting() throws Exception {
        ServerSocketChannel real = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        FailsOnce listener = new FailsOnce(real);
        AcceptLoop loop = new AcceptLoop("FastCGI", new SocketListener(listener, null, List.of()),
                GatewayConfig.defaults());
        loop.begin((ch, onClose) -> new FastCgiConnection(ch, HELLO, loop, onClose));
        Thread accepting = new Thread(() -> {
            try {
                loop.acceptUntilStopped();
            } catch (IOException e) {
                // the old gateway: accepting ended here
            }
        });
        accepting.setDaemon(true);
        accepting.start();
        try (FastCgiWire wire = new FastCgiWire(real.getLocalAddress())) {
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return wire.request(1, false, FastCgiWire.get("/after")).response(1).text();
                } catch (IOException e) {
                    return e.toString();
                }
            });
            // the guard only: on the old gateway nobody accepts the connection
            assertTrue(answer.get(10, TimeUnit.SECONDS).endsWith("hello /after"), answer.get());
            assertTrue(listener.failed.get(), "the accept failed once");
        } finally {
            loop.shutdown(1000);
        }
    }

    /** A listening channel whose first accept fails as one does when the process is out of descriptors. */
    private static final class FailsOnce extends ServerSocketChannel {
        private final ServerSocketChannel real;
        final AtomicBoolean failed = new AtomicBoolean();

        FailsOnce(ServerSocketChannel real) {
            super(real.provider());
            this.real = real;
        }

        @Override
        public SocketChannel accept() throws IOException {
            if (failed.compareAndSet(false, true)) {
                throw new IOException("Too many open files");
            }
            return real.accept();
        }

        @Override
        public ServerSocketChannel bind(SocketAddress local, int backlog) throws IOException {
            real.bind(local, backlog);
            return this;
        }

        @Override
        public <T> ServerSocketChannel setOption(SocketOption<T> name, T value) throws IOException {
            real.setOption(name, value);
            return this;
        }

        @Override
        public <T> T getOption(SocketOption<T> name) throws IOException {
            return real.getOption(name);
        }

        @Override
        public Set<SocketOption<?>> supportedOptions() {
            return real.supportedOptions();
        }

        @Override
        public ServerSocket socket() {
            return real.socket();
        }

        @Override
        public SocketAddress getLocalAddress() throws IOException {
            return real.getLocalAddress();
        }

        @Override
        protected void implCloseSelectableChannel() throws IOException {
            real.close();
        }

        @Override
        protected void implConfigureBlocking(boolean block) throws IOException {
            real.configureBlocking(block);
        }
    }
}
