// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.handler.Outcome;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.util.Map;

/**
 * One SCGI connection, which carries exactly one request: read the header netstring, run the
 * application with the body as {@code wsgi.input}, write the CGI-style response, close.
 */
final class ScgiConnection implements AcceptLoop.Connection {
    private static final System.Logger LOG = System.getLogger("io.wsgi4j.gateway");

    private final SocketChannel channel;
    private final Application app;
    private final GatewayConfig config;
    private final PrintStream errors;
    private final Runnable onClose;
    private final Object state = new Object();
    private boolean running;
    private boolean closed;

    ScgiConnection(SocketChannel channel, Application app, GatewayConfig config, PrintStream errors, Runnable onClose) {
        this.channel = channel;
        this.app = app;
        this.config = config;
        this.errors = errors;
        this.onClose = onClose;
    }

    @Override
    public void run() {
        try {
            InputStream in = new BufferedInputStream(ChannelIO.in(channel), 16 * 1024);
            Map<String, String> vars = ScgiHeaderParser.parse(in, config.maxParamsBytes());
            synchronized (state) {
                if (closed) {
                    return;
                }
                running = true;
            }
            long length = Long.parseLong(vars.get(Environ.CONTENT_LENGTH));
            Application target = length > config.maxBodyBytes() ? TooLarge.body(length, config.maxBodyBytes()) : app;
            Environ environ = GatewayEnviron.build(vars, new BoundedInput(in, length), errors, false);
            StreamHandler handler = new StreamHandler(ChannelIO.out(channel), "scgi");
            handler.setObserver(config.observer());
            Outcome outcome = handler.run(target, environ);
            if (outcome == Outcome.ABORTED) {
                resetOnClose(); // SCGI ends a response by closing: a reset is the only way to say "incomplete"
            }
        } catch (GatewayProtocolException | EOFException e) {
            LOG.log(System.Logger.Level.WARNING, "closing an SCGI connection: " + e.getMessage());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "SCGI connection failed: " + e);
        } finally {
            close();
        }
    }

    private void resetOnClose() {
        try {
            channel.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | UnsupportedOperationException ignored) {
            // a Unix socket has no reset; the close is all we can do
        }
    }

    /** Closes the connection now unless it is serving its request (which closes it at the end). */
    @Override
    public void requestClose() {
        synchronized (state) {
            if (running) {
                return;
            }
        }
        close();
    }

    private void close() {
        synchronized (state) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // already gone
        }
        onClose.run();
    }
}
