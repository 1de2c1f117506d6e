// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Status;
import io.wsgi4j.handler.Outcome;
import io.wsgi4j.net.BodyPace;
import io.wsgi4j.net.Deadline;
import io.wsgi4j.net.Limits;
import io.wsgi4j.net.Reactor;
import io.wsgi4j.server.BodyTimeoutException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One SCGI connection, which carries exactly one request: wait in the reactor, without a thread,
 * until the header netstring is complete (within the header timeout from the accept) and the body or
 * its first {@link Limits#BODY_WAITED_FOR} bytes have arrived (within the body timeout of the
 * netstring), then on a worker run the application with the body as {@code wsgi.input}, write the CGI-style response and
 * close lingering, so the web server never loses the response to a reset.
 */
final class ScgiConnection implements AcceptLoop.Connection, Reactor.Waiter {
    private static final System.Logger LOG = System.getLogger("io.wsgi4j.gateway");
    /** The first SCGI header, which must be CONTENT_LENGTH, with its NUL. */
    private static final byte[] FIRST_HEADER = "CONTENT_LENGTH\0".getBytes(StandardCharsets.US_ASCII);

    private final SocketChannel channel;
    private final Application app;
    private final GatewayConfig config;
    private final AcceptLoop loop;
    private final PrintStream errors;
    private final Runnable onClose;
    private final Deadline deadline;
    private final Arrived arrived;
    private final long acceptedAt = System.nanoTime();
    private final Object state = new Object();
    private boolean running;
    /** Where the complete header netstring's block starts and ends (its ','), once {@link #headComplete} found them; else -1. */
    private int blockStart = -1;
    private int netstringEnd = -1;
    /** Whether the netstring is whole and the reactor waits for the body ({@link #awaitsBody}), and until when. */
    private boolean awaitingBody;
    private long bodyDeadline;
    /** How many bytes (netstring and body) to gather before the request is served. */
    private int bodyWanted;
    private boolean dispatched;
    private boolean closed;
    /**
     * The thread running the application, while it runs. Plain, not volatile: only that thread compares
     * itself with it ({@link #runsApplicationOn}), and it sees its own writes.
     */
    private Thread servingThread;

    ScgiConnection(SocketChannel channel, Application app, AcceptLoop loop, PrintStream errors, Runnable onClose) {
        this.channel = channel;
        this.app = app;
        this.config = loop.config();
        this.loop = loop;
        this.errors = errors;
        this.onClose = onClose;
        this.deadline = new Deadline(ChannelIO.target(channel), loop.watchdog());
        this.arrived = new Arrived(config.maxParamsBytes() + 16);
    }

    @Override
    public void start() throws IOException {
        channel.configureBlocking(false);
        loop.reactor().watch(this);
    }

    @Override
    public SocketChannel channel() {
        return channel;
    }

    @Override
    public Reactor.Step readable() throws IOException {
        if (arrived.readFrom(channel) < 0) {
            // one that ended its side in the middle of the body is served, and answered 400 for the cut body
            return awaitingBody ? Reactor.Step.DISPATCH : Reactor.Step.CLOSE;
        }
        if (awaitingBody) {
            return arrived.length() >= bodyWanted ? Reactor.Step.DISPATCH : Reactor.Step.WAIT;
        }
        if (headComplete()) {
            return awaitsBody() ? Reactor.Step.WAIT : Reactor.Step.DISPATCH;
        }
        return arrived.full() ? Reactor.Step.DISPATCH : Reactor.Step.WAIT;
    }

    /**
     * With the netstring whole: whether to go on waiting, holding no thread, for the body or its first
     * {@link Limits#BODY_WAITED_FOR} bytes, as the HTTP server does. The length is the first header's,
     * CONTENT_LENGTH (the SCGI rule); a netstring that does not start with it, or a length the worker
     * refuses, is served at once, and the worker answers it.
     */
    private boolean awaitsBody() {
        int end = netstringEnd;
        if (end < 0 || arrived.at(end) != ',') {
            return false; // malformed, or over the limit: the worker's parser answers it
        }
        int at = blockStart;
        for (int k = 0; k < FIRST_HEADER.length; k++, at++) {
            if (at >= end || arrived.at(at) != FIRST_HEADER[k]) {
                return false;
            }
        }
        long length = 0;
        int digits = 0;
        for (; at < end && arrived.at(at) != 0; at++) {
            byte c = arrived.at(at);
            if (c < '0' || c > '9' || ++digits > 18 || digits == 2 && length == 0) {
                // not a plain decimal number (a leading zero, 19 digits or more): the worker's parser judges it
                return false;
            }
            length = length * 10 + (c - '0');
        }
        if (length == 0 || length > config.maxBodyBytes()) {
            return false;
        }
        bodyWanted = end + 1 + (int) Math.min(length, Limits.BODY_WAITED_FOR);
        if (arrived.length() >= bodyWanted) {
            return false;
        }
        awaitingBody = true;
        bodyDeadline = System.nanoTime() + config.bodyTimeout().toNanos();
        return true;
    }

    /** Whether the netstring arrived whole, says a length over the limit, or is malformed enough for the parser to say so. */
    private boolean headComplete() {
        long declared = 0;
        for (int i = 0; i < arrived.length(); i++) {
            byte c = arrived.at(i);
            if (c == ':') {
                if (i > 0 && arrived.length() >= i + 1 + declared + 1) {
                    blockStart = i + 1;
                    netstringEnd = (int) (i + 1 + declared);
                    return true;
                }
                return i == 0;
            }
            if (c < '0' || c > '9' || i == 10) {
                return true; // the parser answers it
            }
            declared = declared * 10 + (c - '0');
            if (declared > config.maxParamsBytes()) {
                return true; // answered 431 at once, not at the header timeout
            }
        }
        return false;
    }

    @Override
    public long deadline() {
        return awaitingBody ? bodyDeadline : acceptedAt + config.headerTimeout().toNanos();
    }

    @Override
    public boolean expired() {
        if (arrived.length() == 0) {
            return false; // sent nothing: close without a word
        }
        String why = awaitingBody
                ? new BodyTimeoutException(config.bodyTimeout().toMillis()).getMessage() // a stalled read's words
                : "the SCGI header block was not complete within " + config.headerTimeout().toMillis() + " ms";
        byte[][] answer = Refusal.unreadable(Status.of(408), why);
        try {
            channel.write(new ByteBuffer[] {ByteBuffer.wrap(answer[0]), ByteBuffer.wrap(answer[1])}); // small, into an empty buffer
        } catch (IOException e) {
            return false;
        }
        // told as the HTTP server tells its own 408s: for a stalled body, with the method and path of the
        // header block still buffered (parsed again only on this path); for a stalled head, without them
        GatewayEnviron.observeRefusal(config.observer(), "scgi", awaitingBody ? awaitedEnviron() : null, 408,
                answer[1].length);
        return true;
    }

    /** The environ of the header netstring awaiting its body, whole in {@link #arrived}, or null should it not parse (it did). */
    private Environ awaitedEnviron() {
        int n = netstringEnd - blockStart + 1; // the block and its ','
        byte[] block = new byte[n];
        arrived.copy(blockStart, n, block, 0);
        try {
            Map<String, String> vars = ScgiHeaderParser.block(new java.io.ByteArrayInputStream(block), n - 1);
            return GatewayEnviron.build(vars, InputStream.nullInputStream(), null, false);
        } catch (IOException | RuntimeException e) {
            return null; // on the loop thread: the 408 is told without a method or path rather than fail here
        }
    }

    @Override
    public void dispatch() {
        synchronized (state) {
            dispatched = true; // waiting for a worker is not idle: a drain serves it
        }
        loop.requests().execute(this::serve);
    }

    @Override
    public void closed() {
        synchronized (state) {
            closed = true;
        }
        deadline.release();
        onClose.run();
    }

    private void serve() {
        boolean linger = false;
        long bodyNanos = config.bodyTimeout().toNanos();
        StreamHandler handler = new StreamHandler(ChannelIO.out(channel, deadline, bodyNanos), "scgi");
        handler.setObserver(config.observer());
        try {
            // the body's reads may be given less than the body timeout when it arrives too slowly (minBodyRate)
            BodyPace pace = new BodyPace(bodyNanos, config.minBodyRate());
            InputStream in = new BufferedInputStream(arrived.then(ChannelIO.in(channel, deadline, pace::armed)),
                    16 * 1024);
            int headLength;
            Map<String, String> vars;
            try {
                headLength = ScgiHeaderParser.length(in, config.maxParamsBytes());
                // a header block over the limit is answered 431 unread (below); the lingering close drops the rest
                vars = headLength < 0 ? Map.of() : ScgiHeaderParser.block(in, headLength);
            } catch (GatewayProtocolException e) {
                // the web server (or whatever reached this port) gets the reason, not a bare close that
                // nginx could only report as 502; nothing of the request is trusted, so no application runs
                LOG.log(System.Logger.Level.WARNING, "answering 400 to a malformed SCGI request: " + e.getMessage());
                handler.refuse(Status.of(400), e.getMessage());
                linger = true;
                return;
            }
            if (headLength < 0) {
                handler.refuse(Status.of(431), Refusal.paramsProblem(config.maxParamsBytes()));
                linger = true;
                return;
            }
            synchronized (state) {
                if (closed) {
                    return;
                }
                running = true;
            }
            long length = GatewayEnviron.declaredLength(vars.get(Environ.CONTENT_LENGTH)); // digits: the parser checked
            Refusal refusal = Refusal.of(vars, length, config.maxBodyBytes());
            Application target = refusal != null ? refusal : app;
            BoundedInput input = new BoundedInput(in, length, deadline, pace);
            Environ environ = GatewayEnviron.build(vars, input, errors, false);
            Outcome outcome;
            servingThread = Thread.currentThread();
            try {
                outcome = handler.run(target, environ);
            } finally {
                servingThread = null;
            }
            input.end(); // R1.2: the rest of the stream is no longer the application's
            if (outcome == Outcome.ABORTED) {
                ChannelIO.resetOnClose(channel); // SCGI ends a response by closing: a reset is the only way to say "incomplete"
            } else {
                linger = true;
            }
        } catch (EOFException e) {
            LOG.log(System.Logger.Level.WARNING, "closing an SCGI connection: " + e.getMessage());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "SCGI connection failed: " + e);
        } finally {
            close(linger);
        }
    }

    /** Nothing to do for SCGI, which serves one request per connection (see the comment inside). */
    @Override
    public void requestClose() {
        // nothing to do: waiting in the reactor, the drain closes it unless its request has begun to
        // arrive (closeWhenDraining); dispatched or running, it closes when its response is sent
    }

    @Override
    public boolean runsApplicationOn(Thread thread) {
        return servingThread == thread;
    }

    @Override
    public void cut() {
        ChannelIO.resetOnClose(channel); // SCGI ends a response by closing: only a reset says "incomplete"
        close(false); // the application's next read or write fails; its thread ends on its own
    }

    @Override
    public boolean closeWhenDraining() {
        synchronized (state) {
            if (dispatched || running || closed || arrived.length() > 0) {
                return false;
            }
            closed = true;
        }
        return true; // the reactor closes the channel and calls closed()
    }

    /** Closes; with {@code linger}, after the web server has had the whole response (no reset). */
    private void close(boolean linger) {
        synchronized (state) {
            if (closed) {
                return;
            }
            closed = true;
        }
        deadline.release();
        if (linger) {
            loop.reactor().lingeringClose(channel);
        } else {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        onClose.run();
    }
}
