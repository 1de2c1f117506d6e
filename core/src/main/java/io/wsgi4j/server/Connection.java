// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import io.wsgi4j.Environ;
import io.wsgi4j.FileBody;
import io.wsgi4j.handler.BaseHandler;
import io.wsgi4j.handler.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection, served start to end by one thread: read a head, build the environ, run the
 * shared request algorithm (this class is its HTTP transport), drain what the application left of
 * the body, and go round again while the connection is kept alive. Responses to pipelined requests
 * stay buffered until no further request is waiting, then leave in one write.
 */
final class Connection extends BaseHandler implements Runnable, BodyInput.Continuer {
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    static final int BUSY = 0;
    static final int IDLE = 1;
    static final int CLOSED = 2;
    private static final int CLOSE = 0;
    private static final int HEAD = 1;
    private static final int PARKED = 2;
    private static final int TIMED_OUT = -2;

    private final HttpServer server;
    private final ServerConfig config;
    private final Wire wire;
    private final SocketInput in;
    private final SocketOutput out;
    private final RequestParser parser;
    private final RequestHead head = new RequestHead();
    private final Deadline deadline;
    private final boolean single;
    private final AtomicInteger state = new AtomicInteger(BUSY);
    private BodyInput input;
    private int requests;
    private boolean abort;
    private volatile boolean resumed;
    private volatile long parkedUntil;

    /** @param single serve exactly one request, then close ({@link HttpServer#handleRequest()}) */
    Connection(HttpServer server, Wire wire, boolean single) throws IOException {
        super(true);
        this.server = server;
        this.config = server.config();
        this.wire = wire;
        this.single = single;
        this.parser = new RequestParser(config);
        this.deadline = new Deadline(wire, server.watchdog());
        this.in = new SocketInput(wire.input(), deadline, parser.maxHeadBytes());
        in.bodyTimeoutNanos = config.bodyTimeout().toNanos();
        this.out = new SocketOutput(wire.output(), wire.channel(), deadline, config.bodyTimeout().toNanos());
        setErrorPage(server.errorPage());
        setObserver(config.observer());
    }

    @Override
    public void run() {
        if (resumed && !state.compareAndSet(IDLE, BUSY)) {
            return; // closed while parked (shutdown or idle timeout): whoever closed it cleaned up
        }
        boolean parked = false;
        try {
            parked = serve();
        } catch (HttpException e) {
            sendError(e.status(), e.getMessage());
        } catch (IOException e) {
            // the client went away or timed out, or the server is shutting down: nothing to answer
        } catch (RuntimeException e) {
            server.internalError(this, e); // a bug here, not the client's doing: say so, drop only this connection
        } finally {
            if (!parked) {
                close();
                server.forget(this);
            }
        }
    }

    /** Serves requests until the connection should close (false) or was parked (true: hands off). */
    private boolean serve() throws IOException {
        int next;
        while ((next = awaitHead()) == HEAD) {
            requests++;
            input = bodyInput();
            Outcome outcome = run(server.app(), environ());
            if (outcome == Outcome.ABORTED) {
                abort = true;
                return false;
            }
            if (outcome == Outcome.CLOSE || !input.drain(config.maxDrainBytes())) {
                return false;
            }
        }
        return next == PARKED; // after park() the parker owns this connection: touch nothing more
    }

    /** Waits for the next request head and parses it: HEAD, CLOSE (just close), or PARKED (thread ends). */
    private int awaitHead() throws IOException {
        parser.reset();
        while (true) {
            while (in.pos < in.lim && (in.buf[in.pos] == '\r' || in.buf[in.pos] == '\n')) {
                in.pos++; // empty lines between requests are allowed (RFC 9112 section 2.2)
            }
            if (in.hasBuffered()) {
                break;
            }
            out.flush();
            out.release();
            in.shrink();
            int n;
            if (resumed) {
                resumed = false; // the parker saw bytes arrive: this read returns at once
                n = in.fill();
            } else {
                if (!state.compareAndSet(BUSY, IDLE) || server.stopping()) {
                    return CLOSE;
                }
                n = idleRead();
                if (n == TIMED_OUT) {
                    return park() ? PARKED : CLOSE;
                }
                if (!state.compareAndSet(IDLE, BUSY)) {
                    return CLOSE;
                }
            }
            if (n < 0) {
                return CLOSE;
            }
        }
        int length = parser.findEnd(in.buf, in.pos, in.lim);
        if (length < 0) {
            length = awaitRestOfHead();
        }
        parser.parse(in.buf, in.pos, length, head);
        in.pos += length;
        return HEAD;
    }

    /**
     * Waits for the first byte of the next request. Where connections can be parked, the wait is a
     * timed read of {@link HttpServer#parkAfterMillis}; TIMED_OUT then means: park.
     */
    private int idleRead() throws IOException {
        long idle = config.idleTimeout().toNanos();
        int parkAfter = server.parkAfterMillis();
        if (server.parker() == null || wire.selectable() == null || idle <= parkAfter * 1_000_000L) {
            deadline.arm(idle); // on expiry the read sees end of stream
            try {
                return in.fill();
            } finally {
                deadline.disarm();
            }
        }
        wire.readTimeout(parkAfter);
        try {
            return in.fill();
        } catch (java.net.SocketTimeoutException e) {
            return TIMED_OUT;
        } finally {
            wire.readTimeout(0);
        }
    }

    /** Hands the idle connection to the parker: no thread and no buffers until the client speaks. */
    private boolean park() {
        try {
            in.release();
            out.release();
            releaseBuffers();
            parkedUntil = System.nanoTime() + config.idleTimeout().toNanos()
                    - server.parkAfterMillis() * 1_000_000L;
            wire.selectable().configureBlocking(false);
            server.parker().park(this);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Called by the parker when the client sent bytes: the connection continues on a new thread. */
    void resume() throws IOException {
        wire.selectable().configureBlocking(true);
        resumed = true;
    }

    /** Called by the parker when a parked connection stayed idle too long, or could not be watched. */
    void expireParked() {
        if (state.compareAndSet(IDLE, CLOSED)) {
            try {
                wire.close();
            } catch (IOException e) {
                // closed anyway
            }
        }
        server.forget(this);
    }

    long parkedUntil() {
        return parkedUntil;
    }

    java.nio.channels.SelectableChannel selectable() {
        return wire.selectable();
    }

    /** Reads until the head is complete, within the header timeout; -1 if the client left. */
    private int awaitRestOfHead() throws IOException {
        out.flush();
        deadline.arm(config.headerTimeout().toNanos());
        try {
            while (true) {
                if (in.fill() < 0) {
                    if (deadline.expired()) {
                        throw timeout();
                    }
                    throw new java.io.EOFException("closed in the middle of a request head: there is no one to answer");
                }
                int length = parser.findEnd(in.buf, in.pos, in.lim);
                if (length >= 0) {
                    return length;
                }
            }
        } finally {
            deadline.disarm();
        }
    }

    private HttpException timeout() {
        return new HttpException(408, "request head not complete within " + config.headerTimeout().toMillis() + " ms");
    }

    private BodyInput bodyInput() {
        BodyInput.Continuer c = head.expectContinue && head.hasBody() ? this : null;
        if (head.chunked) {
            return new ChunkedInput(in, config.maxBodyBytes(), config.maxHeaderBytes(), parser.maxHeadBytes(), c);
        }
        return new FixedLengthInput(in, Math.max(0, head.contentLength), c);
    }

    private Environ environ() {
        return head.environ(server.boundHost(), server.port(), wire.remoteAddr(), wire.remotePort(), input);
    }

    // ================================================================= BaseHandler transport hooks

    @Override
    protected void writeBytes(byte[] b, int off, int n) throws IOException {
        out.write(b, off, n);
    }

    @Override
    protected void flushBytes() throws IOException {
        out.flush();
    }

    @Override
    protected void completeResponse() throws IOException {
        // with more pipelined requests already here, keep gathering: one write answers them all
        if (!in.hasBuffered() || out.full()) {
            out.flush();
        }
    }

    @Override
    protected void writeFile(FileBody file) throws IOException {
        out.sendFile(file);
    }

    @Override
    protected boolean mayKeepAlive() {
        int max = config.maxRequestsPerConnection();
        return !single && !server.stopping() && (max == 0 || requests < max) && !server.nearlyFull()
                && input != null && !input.failed() && !input.continuePending();
    }

    @Override
    public void sendContinue() throws IOException {
        if (!headersSent()) {
            out.write(CONTINUE, 0, CONTINUE.length);
            out.flush();
        }
    }

    // ================================================================= errors and closing

    /** Answers a request the server refused before any application saw it, then the connection closes. */
    private void sendError(int code, String message) {
        try {
            byte[] response = HttpException.response(code, message);
            out.write(response, 0, response.length);
            out.flush();
            lingeringClose();
        } catch (IOException e) {
            // the client is gone already
        }
    }

    /**
     * Half-closes and reads what the client still sends for a moment, so that unread request bytes
     * do not make the kernel reset the connection before the client has read the response.
     */
    private void lingeringClose() throws IOException {
        wire.shutdownOutput();
        deadline.arm(500_000_000L);
        try {
            byte[] scratch = new byte[4096];
            for (int total = 0; total < 256 * 1024; ) {
                int n = wire.input().read(scratch);
                if (n < 0) {
                    return;
                }
                total += n;
            }
        } finally {
            deadline.disarm();
        }
    }

    private void close() {
        state.set(CLOSED);
        try {
            if (abort) {
                out.flush();
                wire.abort(); // a reset: the partial response must not look complete
            } else if (wire.isOpen()) {
                out.flush();
                if (in.hasBuffered() || input != null && !input.finished()) {
                    lingeringClose();
                }
            }
        } catch (IOException | RuntimeException e) {
            // closing anyway
        } finally {
            out.release();
            try {
                wire.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }
    }

    Deadline deadline() {
        return deadline;
    }

    /** Closes the connection if it is waiting for a request (graceful shutdown); false if it is busy. */
    boolean closeIfIdle() {
        if (state.compareAndSet(IDLE, CLOSED)) {
            try {
                wire.close();
            } catch (IOException e) {
                // closed anyway
            }
            return true;
        }
        return state.get() == CLOSED;
    }

    /** Closes the connection whatever it is doing (the shutdown grace period is over). */
    void forceClose() {
        state.set(CLOSED);
        try {
            wire.close();
        } catch (IOException e) {
            // closed anyway
        }
    }

    @Override
    public String toString() {
        return "Connection(" + wire.remoteAddr() + ":" + wire.remotePort() + ", " + requests + " requests)";
    }
}
