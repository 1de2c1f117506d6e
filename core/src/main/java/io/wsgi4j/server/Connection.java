// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import io.wsgi4j.Environ;
import io.wsgi4j.FileBody;
import io.wsgi4j.handler.BaseHandler;
import io.wsgi4j.handler.Outcome;
import io.wsgi4j.net.Deadline;
import io.wsgi4j.net.Limits;
import io.wsgi4j.net.LingerLimit;
import io.wsgi4j.net.Reactor;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection: read a head, build the environ, run the shared request algorithm (this
 * class is its HTTP transport), drain what the application left of the body, and go round again
 * while the connection is kept alive. Responses to pipelined requests stay buffered until no
 * further request is waiting, then leave in one write.
 *
 * <p>On a listening server the connection holds a thread only while it works: until a complete
 * head has arrived, and again whenever no further request is buffered, it waits in the
 * {@link Reactor} ({@link #readable()} gathers the head there without blocking). When the head is
 * complete the reactor usually serves it on its own thread ({@link #serveInline()}) with
 * non-blocking I/O, keeping the registration; the first read or write that would have to wait
 * makes the connection leave the reactor ({@link #toBlocking()}) and finish on this thread with
 * blocking I/O, while another thread takes over the reactor. Served alone
 * ({@link HttpServer#handleRequest()}) or over bytes in memory it reads with blocking calls.
 */
final class Connection extends BaseHandler
        implements Runnable, BodyInput.Continuer, Reactor.Inline, SocketInput.Escape {
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    static final int BUSY = 0;
    static final int IDLE = 1;
    static final int CLOSED = 2;
    private static final int CLOSE = 0;
    private static final int HEAD = 1;
    private static final int WAITING = 2;

    private final HttpServer server;
    private final ServerConfig config;
    private final Wire wire;
    private final SocketInput in;
    private final SocketOutput out;
    private final RequestParser parser;
    private final RequestHead head = new RequestHead();
    private final Deadline deadline;
    private final boolean single;
    private final Reactor reactor;
    private final long acceptedAt = System.nanoTime();
    private final AtomicInteger state = new AtomicInteger(BUSY);
    private BodyInput input;
    private int requests;
    private boolean abort;
    private boolean errorSent;
    // the head being gathered while the connection waits in the reactor
    private int headLength = -1;
    /** The length of the last head parsed: a large one's strings are let go while the connection waits. */
    private int lastHeadLength;
    private boolean headStarted;
    /** Whether the current request's head parsed, and whether it is a HEAD (a refusal then has no text). */
    private boolean headParsed;
    /** Whether this request's head went to the parser ({@link #head} holds what it read, {@link #headParsed} or not). */
    private boolean parseBegun;
    private boolean headMethod;
    /**
     * Whether the reactor parsed this request's head and now waits for its body ({@link #awaitsBody}):
     * the request is served once {@link #bodyWanted} bytes of it are buffered.
     */
    private boolean parsedEarly;
    private int bodyWanted;
    private long waitUntil;
    private HttpException refused;
    /**
     * The thread in {@link #run()}, so that a shutdown the application calls knows it runs inside a request.
     * Plain, not volatile (no fence per request): only the thread itself asks whether it is the one
     * here, and it always sees its own writes; every other thread only ever writes itself or null.
     */
    private Thread servingThread;

    /** @param single serve exactly one request, then close ({@link HttpServer#handleRequest()}) */
    Connection(HttpServer server, Wire wire, boolean single) throws IOException {
        super(true);
        this.server = server;
        this.config = server.config();
        this.wire = wire;
        this.single = single;
        this.reactor = single || wire.selectable() == null ? null : server.reactor();
        this.parser = new RequestParser(config);
        this.deadline = new Deadline(wire, server.watchdog());
        this.in = new SocketInput(wire.input(), deadline, parser.maxHeadBytes(), server.headBudget());
        in.bodyTimeoutNanos = config.bodyTimeout().toNanos();
        in.minBodyRate = config.minBodyRate();
        this.out = new SocketOutput(wire.output(), wire.channel(), deadline, config.bodyTimeout().toNanos());
        setErrorPage(server.errorPage());
        setObserver(config.observer());
    }

    /** Whether the connection waits in a reactor between requests (else it reads with blocking calls). */
    boolean reactive() {
        return reactor != null;
    }

    @Override
    public void run() {
        boolean waiting = false;
        servingThread = Thread.currentThread();
        try {
            if (refused != null) {
                throw refused; // the reactor found the head malformed or too large
            }
            waiting = serve();
        } catch (HttpException e) {
            sendError(e.status(), e.getMessage());
        } catch (IOException e) {
            // the client went away or timed out, or the server is shutting down: nothing to answer
        } catch (RuntimeException e) {
            server.internalError(this, e); // a bug here, not the client's doing: say so, drop only this connection
        } finally {
            if (!waiting) {
                servingThread = null;
                close();
                server.forget(this);
            }
        }
    }

    /** Whether the connection waits for its next request (tests). */
    boolean idle() {
        return state.get() == IDLE;
    }

    /** The characters of earlier request heads this connection still holds (tests). */
    long retainedHeadChars() {
        return head.retainedChars();
    }

    /** Whether {@code t} is serving this connection's requests now. */
    boolean servedOn(Thread t) {
        return servingThread == t;
    }

    /** Serves requests until the connection should close (false) or waits in the reactor (true: hands off). */
    private boolean serve() throws IOException {
        int next;
        while ((next = awaitHead()) == HEAD) {
            requests++;
            input = bodyInput();
            Outcome outcome = run(server.app(), environ());
            input.end(); // R1.2: what is left of the body is the drain's, not a kept wsgi.input's
            if (outcome == Outcome.ABORTED) {
                abort = true;
                return false;
            }
            if (outcome == Outcome.CLOSE || !input.drain(config.maxDrainBytes())) {
                return false;
            }
        }
        return next == WAITING; // after wait() the reactor owns this connection: touch nothing more
    }

    /** Finds the next request head and parses it: HEAD, CLOSE (just close), or WAITING (thread ends). */
    private int awaitHead() throws IOException {
        headParsed = false;
        parseBegun = false;
        if (headLength < 0) {
            parser.reset();
            skipEmptyLines();
            int length = headBuffered() ? parser.findEnd(in.buf, in.pos, in.lim) : -1;
            if (length < 0) {
                if (reactor != null) {
                    return await() ? WAITING : CLOSE;
                }
                length = blockingHead();
                if (length < 0) {
                    return CLOSE;
                }
            }
            headLength = length;
            if (reactor != null && !server.stopping() && awaitsBody()) {
                // a head that came behind the last request, its body still arriving, waits in the reactor as
                // one read there does: served here, it would hold this thread (a worker place) for the body
                return await() ? WAITING : CLOSE;
            }
            if (bodyStillArriving() && in.nonBlocking != null && !server.stopping()) {
                out.flush(); // first: a client slow to read makes this thread leave the reactor, and serve on
                if (in.nonBlocking != null && reactor.onLoopThread()) {
                    // served inline, and the application would wait for the rest of this body (sent after
                    // 100 Continue, or past what the reactor waits for): to a worker, as the reactor sends
                    // such a request it read itself (Step.HAND_OFF), not a hand-over of the selector here
                    bodyWanted = 0; // should bytes come first, the reactor hands it off on them instead
                    waitUntil = System.nanoTime() + config.bodyTimeout().toNanos();
                    if (!await()) {
                        return CLOSE;
                    }
                    reactor.handOff(this);
                    return WAITING;
                }
            }
        }
        parseBegun = true;
        if (parsedEarly) {
            parsedEarly = false; // parsed in the reactor, whose wait for the body has ended
        } else {
            parser.parse(in.buf, in.pos, headLength, head);
        }
        headParsed = true;
        headMethod = "HEAD".equals(head.method);
        in.pos += headLength;
        lastHeadLength = headLength;
        headLength = -1;
        return HEAD;
    }

    /**
     * Empty lines before a request line are ignored (RFC 9112 section 2.2): CRLF, or a bare LF, which the
     * RFC lets a recipient take as a line end. A bare CR is invalid there (same section), so it stays for
     * the parser to refuse; a CR that is the last byte so far may still be the first half of a CRLF.
     */
    private void skipEmptyLines() {
        byte[] b = in.buf;
        while (in.pos < in.lim) {
            if (b[in.pos] == '\n') {
                in.pos++;
            } else if (b[in.pos] == '\r' && in.pos + 1 < in.lim && b[in.pos + 1] == '\n') {
                in.pos += 2;
            } else {
                return;
            }
        }
    }

    /** Whether a request head has begun: bytes are buffered past the empty lines, other than a CR whose LF is due. */
    private boolean headBuffered() {
        return in.lim - in.pos > 1 || in.hasBuffered() && in.buf[in.pos] != '\r';
    }

    // ================================================================= waiting in the reactor

    /**
     * Flushes, lets go of the buffers and hands the connection to the reactor until its next head is complete,
     * or, with a head already here ({@link #awaitsBody}), until enough of its body is.
     */
    private boolean await() throws IOException {
        out.flush();
        out.release();
        in.shrink();
        in.release();
        releaseBuffers();
        headStarted = headBuffered();
        if (!parsedEarly) { // else the head waiting for its body is parsed, and its time limit set (awaitsBody)
            head.idle(lastHeadLength);
            long now = System.nanoTime();
            waitUntil = now + (headStarted ? config.headerTimeout() : config.idleTimeout()).toNanos();
        }
        // decided before the connection is IDLE: from then on the reactor may serve it on another
        // thread (inline, or dispatched to a worker, which sets in.nonBlocking itself)
        boolean stillRegistered = in.nonBlocking != null; // served inline and never left the reactor
        servingThread = null; // once IDLE, another thread may serve the next request
        if (server.stopping() || !state.compareAndSet(BUSY, IDLE)) {
            return false;
        }
        if (stillRegistered) {
            // wait with the same registration
            if (!reactor.onLoopThread()) {
                reactor.rearm(wire.selectable()); // served by a thread that took it over from the reactor
            }
            return true;
        }
        wire.selectable().configureBlocking(false);
        reactor.watch(this);
        return true;
    }

    /** Hands a newly accepted connection to the reactor: its head is due within the header timeout of now. */
    void awaitFirstHead() throws IOException {
        state.set(IDLE);
        waitUntil = acceptedAt + Math.min(config.idleTimeout().toNanos(), config.headerTimeout().toNanos());
        wire.selectable().configureBlocking(false);
        reactor.watch(this);
    }

    @Override
    public SocketChannel channel() {
        return wire.selectable();
    }

    @Override
    public Reactor.Step readable() throws IOException {
        try {
            return gather();
        } catch (HttpException e) {
            // a malformed or refused head, or the server's budget for large heads spent: answered, not dropped
            refused = e;
            return Reactor.Step.DISPATCH;
        }
    }

    /** Reads what arrived and says whether the request is ready: its head, and the part of its body waited for. */
    private Reactor.Step gather() throws IOException {
        int n = in.fillFrom(wire.selectable());
        if (n < 0) {
            // the client left in the middle of a head or between requests; one that ended its side in the
            // middle of a body the reactor waited for is served, and answered 400 for the body it cut short
            return parsedEarly ? Reactor.Step.DISPATCH : Reactor.Step.CLOSE;
        }
        if (parsedEarly) {
            return in.buffered() - headLength >= bodyWanted ? ready() : Reactor.Step.WAIT;
        }
        if (!headStarted) {
            skipEmptyLines();
            if (!headBuffered()) {
                return Reactor.Step.WAIT;
            }
            headStarted = true;
            // the first head is due from the accept, later ones from their first byte
            waitUntil = (requests == 0 ? acceptedAt : System.nanoTime()) + config.headerTimeout().toNanos();
        }
        headLength = parser.findEnd(in.buf, in.pos, in.lim);
        return headLength >= 0 && !awaitsBody() ? ready() : Reactor.Step.WAIT;
    }

    /**
     * A request ready to run: on a worker when the application will wait for more of its body (a larger
     * body than was waited for, or one to be sent after {@code 100 Continue}), since such a run on the
     * reactor thread would stall it; else wherever the reactor likes, its own thread included.
     */
    private Reactor.Step ready() {
        return bodyStillArriving() ? Reactor.Step.HAND_OFF : Reactor.Step.DISPATCH;
    }

    /** Whether the head parsed early names a Content-Length body of which less than all is buffered. */
    private boolean bodyStillArriving() {
        return parsedEarly && head.contentLength > in.buffered() - headLength;
    }

    /**
     * With a complete head buffered: whether the connection should go on waiting in the reactor, holding no
     * thread, for its body: the whole body, or its first {@link Limits#BODY_WAITED_FOR} bytes when it is larger. A
     * request whose body is still arriving would otherwise take a thread (on Java 17 one of a bounded
     * pool) only to wait, so that clients trickling bodies on many connections could hold every thread;
     * now a thread is taken once that much of the body is here, and a body whose start does not arrive
     * within {@code bodyTimeout} of its head is answered 408. Chunked bodies, and those the client sends
     * only after a {@code 100 Continue}, are read as they come, as before. The head is parsed here, once
     * ({@link #awaitHead} does not parse it again).
     *
     * @throws HttpException when the head is malformed or refused (answered as from the serving thread)
     */
    private boolean awaitsBody() throws HttpException {
        if (!parser.namesLength()) {
            return false; // no Content-Length field: no body to wait for (a chunked one is read as it comes)
        }
        parseBegun = true;
        parser.parse(in.buf, in.pos, headLength, head);
        parsedEarly = true;
        if (head.chunked || head.expectContinue || head.contentLength <= 0) {
            return false;
        }
        bodyWanted = (int) Math.min(head.contentLength, Limits.BODY_WAITED_FOR);
        if (in.buffered() - headLength >= bodyWanted || !in.reserve(headLength + bodyWanted)) {
            return false;
        }
        waitUntil = System.nanoTime() + config.bodyTimeout().toNanos();
        return true;
    }

    @Override
    public long deadline() {
        return waitUntil;
    }

    @Override
    public boolean expired() {
        if (!headStarted || !state.compareAndSet(IDLE, CLOSED)) {
            return false; // no bytes of a request: close without a word
        }
        try {
            // a few hundred bytes into an empty socket buffer: this non-blocking write completes
            String why = parsedEarly // the same words as a stalled read's, served or not
                    ? new BodyTimeoutException(config.bodyTimeout().toMillis()).getMessage()
                    : timeout().getMessage();
            boolean headRequest = parsedEarly && "HEAD".equals(head.method); // no content then (RFC 9110 9.3.2)
            byte[] response = HttpException.response(408, why, headRequest);
            wire.selectable().write(java.nio.ByteBuffer.wrap(response));
            observeRefusal(408, headRequest ? 0 : HttpException.bodyLength(response)); // with the parsed head's method and path, if any
        } catch (IOException e) {
            return false;
        }
        return true;
    }

    @Override
    public void dispatch() {
        // claimed here, not when a worker takes it: a request waiting for a worker is not idle, and a
        // drain must serve it, never close it unanswered
        if (state.compareAndSet(IDLE, BUSY)) {
            server.workers().execute(this::work);
        }
    }

    private void work() {
        // the reactor made the channel blocking and let it go
        in.nonBlocking = out.nonBlocking = null;
        run();
    }

    @Override
    public boolean closeWhenDraining() {
        // a head begun is a request the client sent: it is served (Connection: close) or times out
        return !headStarted && state.compareAndSet(IDLE, CLOSED);
    }

    @Override
    public boolean claim() {
        return state.compareAndSet(IDLE, BUSY);
    }

    @Override
    public void serveInline() {
        in.nonBlocking = out.nonBlocking = wire.selectable(); // claimed: BUSY since claim()
        in.escape = out.escape = this;
        run();
    }

    /**
     * Whether a thread owns the connection: serving it, or closing it (a close swaps the registered
     * key's attachment for a lingering close; until then the reactor must neither read nor expire it).
     */
    @Override
    public boolean busy() {
        return state.get() != IDLE;
    }

    @Override
    public void toBlocking() throws IOException {
        in.nonBlocking = out.nonBlocking = null;
        reactor.leave(wire.selectable());
    }

    @Override
    public void closed() {
        state.set(CLOSED);
        in.giveBack();
        deadline.release();
        server.forget(this);
    }

    /** Waits with blocking reads for the next head (served alone or in memory): its length, or -1 to close. */
    private int blockingHead() throws IOException {
        // the same limits as in the reactor (awaitFirstHead, await): the first head is due from the accept, and
        // empty lines extend no wait, since they are no request
        long until = requests == 0
                ? acceptedAt + Math.min(config.idleTimeout().toNanos(), config.headerTimeout().toNanos())
                : System.nanoTime() + config.idleTimeout().toNanos();
        while (!headBuffered()) {
            out.flush();
            out.release();
            in.shrink();
            if (!state.compareAndSet(BUSY, IDLE) || server.stopping()) {
                return -1;
            }
            deadline.arm(Math.max(1, until - System.nanoTime())); // on expiry the read sees end of stream
            int n;
            try {
                n = in.fill();
            } finally {
                deadline.disarm();
            }
            if (!state.compareAndSet(IDLE, BUSY) || n < 0) {
                return -1;
            }
            skipEmptyLines();
        }
        int length = parser.findEnd(in.buf, in.pos, in.lim);
        return length >= 0 ? length : awaitRestOfHead();
    }

    /** Reads until the head is complete, within the header timeout: of the accept for the first head, as in the reactor. */
    private int awaitRestOfHead() throws IOException {
        out.flush();
        long from = requests == 0 ? acceptedAt : System.nanoTime();
        deadline.arm(Math.max(1, from + config.headerTimeout().toNanos() - System.nanoTime()));
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
        return head.environ(server.serverNameFallback(), server.port(), wire.remoteAddr(), wire.remotePort(), input);
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
        // with more pipelined requests already here, keep gathering: one write answers them all. Bytes of a body
        // the application left unread are no request: the drain may wait for the rest, and the client (which
        // may be watching for an early answer while it sends) must have the response by then
        if (!in.hasBuffered() || !input.finished() || out.full()) {
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
        return !single && !server.stopping() && (max == 0 || requests < max)
                && input != null && !input.failed() && !input.continuePending()
                && input.mayDrain(config.maxDrainBytes());
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
            // a head refused before it parsed still starts at in.pos (past it, a body may begin "HEAD ")
            boolean headRequest = headParsed ? headMethod : startsWithHead();
            byte[] response = HttpException.response(code, message, headRequest);
            out.write(response, 0, response.length);
            out.flush();
            errorSent = true;
            observeRefusal(code, headRequest ? 0 : HttpException.bodyLength(response));
        } catch (IOException e) {
            // the client is gone already
        }
    }

    /** The observer hears of a refused request too: an operator's 4xx counts must include them. */
    private void observeRefusal(int code, long bytesOut) {
        // a head refused by the parser after its request line still names its method, path and length
        if (headParsed || (parseBegun && head.lineRead)) {
            observeRefusal(head.method, pathOf(head.target), code, head.chunked ? -1 : head.contentLength, bytesOut);
        } else {
            observeRefusal("", "", code, -1, bytesOut);
        }
    }

    /** The path of a request target as sent: of origin form up to the query, of absolute form after the authority. */
    static String pathOf(String target) {
        int start = 0;
        if (!target.startsWith("/")) {
            int scheme = target.indexOf("://");
            if (scheme < 0) {
                return ""; // asterisk or authority form: no path
            }
            start = scheme + 3;
            while (start < target.length() && target.charAt(start) != '/' && target.charAt(start) != '?') {
                start++; // the authority
            }
            if (start == target.length() || target.charAt(start) == '?') {
                return "";
            }
        }
        int end = target.indexOf('?', start);
        return target.substring(start, end < 0 ? target.length() : end);
    }

    private boolean startsWithHead() {
        byte[] b = in.buf;
        int p = in.pos;
        return b != null && in.lim - p >= 5 && b[p] == 'H' && b[p + 1] == 'E' && b[p + 2] == 'A' && b[p + 3] == 'D'
                && b[p + 4] == ' ';
    }

    /**
     * Half-closes and reads what the client still sends until it is quiet for a moment
     * ({@link LingerLimit}), so that unread request bytes do not make the kernel reset the
     * connection before the client has read the response. Only without a reactor (which does this
     * without holding a thread).
     */
    private void blockingLingeringClose() throws IOException {
        wire.shutdownOutput();
        LingerLimit limit = new LingerLimit(500_000_000L, LingerLimit.MOST_NANOS);
        byte[] scratch = new byte[4096];
        while (!limit.over()) {
            deadline.arm(limit.deadline() - System.nanoTime()); // on expiry the read sees end of stream
            try {
                if (wire.input().read(scratch) < 0) {
                    return;
                }
            } finally {
                deadline.disarm();
            }
            limit.heard();
        }
    }

    /**
     * Ends the connection: an aborted response with a reset (it must not look complete), anything
     * else with a lingering close, so the client always receives the whole response.
     */
    private void close() {
        state.set(CLOSED);
        boolean lingering = false;
        try {
            if (abort) {
                out.flush();
                wire.abort(); // a reset: the partial response must not look complete
            } else if (wire.isOpen()) {
                out.flush();
                if (reactor != null) {
                    // the client may still be sending (an unread body, a pipelined request): never reset it
                    reactor.lingeringClose(wire.selectable());
                    lingering = true;
                } else if (errorSent || in.hasBuffered() || input != null && !input.finished()) {
                    blockingLingeringClose();
                }
            }
        } catch (IOException | RuntimeException e) {
            // closing anyway
        } finally {
            out.release();
            in.giveBack();
            deadline.release();
            if (!lingering) {
                try {
                    wire.close();
                } catch (IOException e) {
                    // nothing left to do
                }
            }
        }
    }

    /**
     * Graceful shutdown: closes the connection if it waits for a request with a blocking read (served
     * alone); true once it is closed. One waiting in a reactor is closed by the reactor's drain
     * ({@link #closeWhenDraining()}), which serves a request that has already arrived first.
     */
    boolean closeIfIdle() {
        if (reactor != null) {
            return state.get() == CLOSED; // waiting in the reactor: its drain closes it (closeWhenDraining)
        }
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
