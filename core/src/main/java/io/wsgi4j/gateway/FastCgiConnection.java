// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Status;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import io.wsgi4j.net.Deadline;
import io.wsgi4j.net.Limits;
import io.wsgi4j.net.LingerLimit;
import io.wsgi4j.net.Reactor;
import io.wsgi4j.server.BodyTimeoutException;

/**
 * One connection from the web server. It holds a thread only while a request's records stream in:
 * it waits in the reactor, without a thread, until a request's BEGIN_REQUEST and PARAMS are
 * complete (the first within the header timeout from the accept) and, when it is the only request on
 * the connection, until its STDIN has ended or brought {@link Limits#BODY_WAITED_FOR} bytes (within
 * the body timeout of its PARAMS' end, else the reactor answers 408), as the HTTP server waits for a body.
 *
 * <p>The common case, a request that arrived whole with no other request running (nginx sends one
 * per connection turn: BEGIN_REQUEST, PARAMS, STDIN to its end; see {@link WholeRequest}), needs no
 * reader: the reactor thread that read it runs it ({@link #serveInline()}), as the HTTP server does,
 * and the response leaves with END_REQUEST in one write when it is small. The connection keeps its
 * registration and waits for records again before the application runs, so if the application
 * takes long (the reactor then hands its selector to another thread) an FCGI_ABORT_REQUEST or a
 * multiplexed request is still read. With {@code ThreadMode.PLATFORM} such a request runs on the
 * request pool instead, which bounds how many run at once.
 *
 * <p>Otherwise a reader thread reads
 * records and routes them, and each request runs on its own worker, so requests multiplexed on the
 * connection proceed concurrently. As soon as no request waits for STDIN and no read byte is left
 * over, the reader hands the connection back to the reactor, which watches it for the next record
 * (a new request, FCGI_ABORT_REQUEST, the end of the stream) while requests still run, and then,
 * with none running, for at most the idle timeout. Writes from the request threads are serialised
 * by a lock, whole records at a time. Reads wait at most the body timeout while a request's STDIN
 * streams; writes at most the body timeout. A malformed stream closes this connection only; any
 * other close lingers (the output ends, what the web server still sends is read and dropped), so a
 * web server that is still sending a body the application did not read never gets a reset instead
 * of its response.
 */
final class FastCgiConnection implements AcceptLoop.Connection, Reactor.Inline {
    private static final System.Logger LOG = System.getLogger("io.wsgi4j.gateway");
    private static final byte[] NONE = new byte[0];
    /** The largest record buffer kept for the next request (see {@link #giveBackWriter}). */
    private static final int SPARE_WRITER_MAX = 4096;

    private final SocketChannel channel;
    private final Application app;
    private final GatewayConfig config;
    private final AcceptLoop loop;
    private final Runnable onClose;
    private final Deadline readDeadline;
    private final Deadline writeDeadline;
    /** What arrived while waiting in the reactor; a new one each time the connection goes back there. */
    private Arrived arrived;
    /** How far {@link #requestReady()} has looked into {@link #arrived}. */
    private int scanned;
    /** Non-empty PARAMS records among them, so that too many are refused at once. */
    private int paramsScanned;
    /** The request id of the last BEGIN_REQUEST scanned (-1: none): a second one for it is ignored. */
    private int begunScanned = -1;
    /** How many BEGIN_REQUESTs were scanned: the reactor waits for a body only when it is the only one. */
    private int beginsScanned;
    /**
     * The request whose PARAMS ended and whose STDIN the reactor waits for (-1: none): its whole body
     * or its first {@link Limits#BODY_WAITED_FOR} bytes, within the body timeout, holding no thread.
     * Volatile: a close asked for on another thread (a shutdown) waits for that request as for a running one.
     */
    private volatile int stdinAwaited = -1;
    /** The STDIN bytes of {@link #stdinAwaited} scanned so far. */
    private int stdinScanned;
    /** Whether {@link #answeredWithoutBody()} found that {@link #stdinAwaited}'s PARAMS need no answer before its body. */
    private boolean bodyWaitChecked;
    /** When the wait in the reactor ends: the head, idle or linger limit; far off while requests run. */
    private volatile long waitUntil;
    /**
     * When the wait for {@link #stdinAwaited}'s body ends. Its own field, read and written on the loop
     * thread only: a request finishing on its worker sets {@link #waitUntil} to the idle limit, which
     * could otherwise replace the body's limit set an instant before for the next request.
     */
    private long bodyWaitUntil;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<Integer, FastCgiRequest> requests = new ConcurrentHashMap<>();
    private volatile PrintStream errors; // wsgi.errors of every request on this connection, made at the first
    /** Requests begun and not yet finished, including one whose END_REQUEST is being written. */
    private final AtomicInteger active = new AtomicInteger();
    private final FastCgiRecordWriter management = new FastCgiRecordWriter();
    /**
     * The record buffer of the request that finished last, lent to the next one: a kept connection
     * serving one request after another makes one buffer, not one per request.
     */
    private final AtomicReference<FastCgiRecordWriter> spareWriter = new AtomicReference<>();
    private final Object state = new Object();
    private boolean readerDone;
    private boolean closeWhenIdle;
    private boolean closed;
    /** Whether a reader ever took the connection (before that, a close needs no lingering). */
    private boolean dispatched;
    /**
     * Whether a thread owns the reading now: a reader, or the thread taking a {@link WholeRequest} out
     * of {@link #arrived} (else the reactor does, or nobody after the end). The reactor neither reads
     * nor expires the connection meanwhile ({@link #busy()}).
     */
    private volatile boolean reading;
    /**
     * The reactor read the end of the stream while requests ran: the reader it dispatches must read
     * it too, not hand the connection back (the reactor would see the end again, and so on for ever).
     */
    private volatile boolean endOfStream;
    /** The request {@link #readable()} found whole in {@link #arrived}, for {@link #serveInline()} or {@link #dispatch()}. */
    private WholeRequest whole;
    /** Whether {@link #onClose} ran and the deadlines were released. */
    private boolean released;
    private volatile boolean lingering;
    /** Set before {@link #lingering}: when the drain ends. */
    private volatile LingerLimit lingerLimit;
    private java.nio.ByteBuffer drainBuffer;
    /**
     * The time the reader spent waiting for records (reader thread only): a request's body stalls by this
     * clock, which leaves out the time the reader spent passing other requests' bodies on.
     */
    private long waitedForRecords;

    FastCgiConnection(SocketChannel channel, Application app, AcceptLoop loop, Runnable onClose) {
        this.channel = channel;
        this.app = app;
        this.config = loop.config();
        this.loop = loop;
        this.onClose = onClose;
        Deadline.Target target = ChannelIO.target(channel);
        this.readDeadline = new Deadline(target, loop.watchdog());
        this.writeDeadline = new Deadline(target, loop.watchdog());
        this.arrived = newArrived();
        this.waitUntil = System.nanoTime() + config.headerTimeout().toNanos();
    }

    private Arrived newArrived() {
        return new Arrived(config.maxParamsBytes() + FastCgiRecord.MAX_CONTENT + 16);
    }

    // ================================================================= waiting in the reactor

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
        if (lingering) {
            return drain();
        }
        boolean nothingYet = arrived.length() == 0;
        if (arrived.readFrom(channel) < 0) {
            if (active.get() == 0 && stdinAwaited < 0) {
                return Reactor.Step.CLOSE;
            }
            // with requests running, their reader ends their input and closes once they finished; a request
            // whose body is awaited is served too, and its read fails as the body's end was lost
            endOfStream = true;
            return Reactor.Step.DISPATCH;
        }
        if (nothingYet && arrived.length() > 0 && dispatched) {
            // a kept connection's next head, or one multiplexed beside a running request (in the reactor the
            // running requests have read their input whole: what arrives is a head): it has the header timeout
            waitUntil = System.nanoTime() + config.headerTimeout().toNanos();
        }
        if (!requestReady() && !arrived.full()) {
            return Reactor.Step.WAIT;
        }
        // the common case (nginx, one request per turn): nothing else runs and the request is all here
        whole = active.get() == 0 ? WholeRequest.find(arrived, config) : null;
        return Reactor.Step.DISPATCH;
    }

    /** A lingering close in the reactor: read and drop until the web server closes too. */
    private Reactor.Step drain() throws IOException {
        if (drainBuffer == null) {
            drainBuffer = java.nio.ByteBuffer.allocate(4096);
        }
        for (int reads = 0; reads < LingerLimit.READS_PER_TURN; reads++) {
            drainBuffer.clear();
            int n = channel.read(drainBuffer);
            if (n < 0) {
                return Reactor.Step.CLOSE;
            }
            if (n == 0) {
                return Reactor.Step.WAIT;
            }
            lingerLimit.heard();
            waitUntil = lingerLimit.deadline();
            if (lingerLimit.over()) {
                return Reactor.Step.CLOSE;
            }
        }
        return Reactor.Step.WAIT;
    }

    /**
     * Whether a new request would exceed {@code maxMultiplexedRequests}. Counted by the ids still
     * registered, not by {@link #active}: a request gives up its id just before its END_REQUEST is
     * written and leaves {@code active} just after, and a web server that reuses the connection as soon
     * as END_REQUEST arrives (nginx does) must not be refused in between.
     */
    private boolean atMultiplexLimit() {
        return requests.size() >= config.maxMultiplexedRequests();
    }

    /** Forgets what {@link #requestReady()} found: the bytes it looked at were taken out (state lock held). */
    private void forgetScan() {
        scanned = 0;
        paramsScanned = 0;
        begunScanned = -1;
        beginsScanned = 0;
        stdinAwaited = -1;
        stdinScanned = 0;
        bodyWaitChecked = false;
    }

    /**
     * Whether a complete record arrived that needs an answer: the end of a request's PARAMS (for the
     * connection's only request, the end of its STDIN or {@link Limits#BODY_WAITED_FOR} bytes of it
     * after that), an abort, or a management record.
     */
    private boolean requestReady() {
        while (arrived.length() - scanned >= 8) {
            int at = scanned;
            if (arrived.at(at) != 1) {
                return true; // not FastCGI 1: the reader says so and closes
            }
            int type = arrived.at(at + 1) & 0xff;
            int id = (arrived.at(at + 2) & 0xff) << 8 | arrived.at(at + 3) & 0xff;
            int content = (arrived.at(at + 4) & 0xff) << 8 | arrived.at(at + 5) & 0xff;
            int end = at + 8 + content + (arrived.at(at + 6) & 0xff);
            if (arrived.length() < end) {
                break; // the rest of this record is still to come (a body wait begun in this read starts below)
            }
            scanned = end;
            if (stdinAwaited >= 0) {
                // the body wait: STDIN of the request goes on until its end or enough of it; anything else
                // (an abort, a management record, a second request) is the reader's to handle
                if (type != FastCgiRecord.STDIN || id != stdinAwaited || content == 0
                        || (stdinScanned += content) >= Limits.BODY_WAITED_FOR) {
                    return true;
                }
                continue;
            }
            if (type == FastCgiRecord.PARAMS && content > 0 && ++paramsScanned > config.maxParamsRecords()) {
                return true; // the reader refuses the request, now rather than at the header timeout
            }
            boolean begin = type == FastCgiRecord.BEGIN_REQUEST;
            if (begin && content < 8) {
                return true; // malformed (FastCGI 1.0 section 5.1): the reader refuses it now
            }
            if (begin && (id == begunScanned || requests.containsKey(id))) {
                continue; // for an active id: ignored (FastCGI 1.0 section 3.3), by the reader too
            }
            if (begin) {
                begunScanned = id;
                beginsScanned++;
            }
            boolean otherRole = begin && content >= 2
                    && ((arrived.at(at + 8) & 0xff) << 8 | arrived.at(at + 9) & 0xff) != FastCgiRecord.ROLE_RESPONDER;
            // a request beyond the multiplexing limit is refused at its BEGIN_REQUEST: a client told
            // FCGI_OVERLOADED need not send its PARAMS first, and one that waits for the answer would
            // otherwise wait until the running requests end (and then be served, not refused)
            boolean overLimit = begin && atMultiplexLimit();
            if (type == FastCgiRecord.PARAMS && content == 0 && id == begunScanned && beginsScanned == 1
                    && active.get() == 0) {
                // the head of the connection's only request is here: wait for its body as the HTTP server
                // does, so that a body trickling in (a web server passing a slow client's upload on as it
                // comes) holds no thread; it must arrive within the body timeout of the head
                stdinAwaited = id;
                stdinScanned = 0;
                continue;
            }
            if (id == FastCgiRecord.NULL_REQUEST_ID || type == FastCgiRecord.PARAMS && content == 0
                    || type == FastCgiRecord.ABORT_REQUEST || otherRole || overLimit) {
                return true;
            }
        }
        if (stdinAwaited >= 0 && !bodyWaitChecked) {
            // about to wait for the body: only when the request will be served, not refused on its PARAMS
            // alone (a declared body over the limit, a malformed variable), which is answered at once.
            // Looked at here, not at the PARAMS' end, so a request that arrived whole is never decoded twice
            if (answeredWithoutBody()) {
                return true;
            }
            bodyWaitChecked = true;
            // found in this same read as the PARAMS' end (the scan reads to the end of what arrived), so the
            // clock is read only for a request that really waits, not for every one that arrived whole
            bodyWaitUntil = System.nanoTime() + config.bodyTimeout().toNanos();
            loop.bodyWaitBegan();
        }
        return false;
    }

    /**
     * Whether the gateway answers the request whose body the reactor would wait for without calling
     * the application (413, 431, 400), or the records are shaped so that the reader must judge them;
     * {@link FastCgiRequest#params} says what the answer is.
     */
    private boolean answeredWithoutBody() {
        byte[] params = WholeRequest.params(arrived, config);
        if (params == null) {
            return true; // not the simple shape, or past a PARAMS limit (431)
        }
        Environ environ = new Environ();
        try {
            FastCgiParams.decodeInto(params, params.length, environ);
        } catch (GatewayProtocolException e) {
            return true; // 400
        }
        return Refusal.of(environ, GatewayEnviron.declaredLength(GatewayEnviron.contentLength(environ)),
                config.maxBodyBytes()) != null;
    }

    @Override
    public long deadline() {
        return bodyWaitChecked && stdinAwaited >= 0 && !lingering ? bodyWaitUntil : waitUntil;
    }

    /**
     * The wait in the reactor passed its limit. A request whose head arrived and whose body stalled is
     * answered 408 in the words of a stalled read (its application never ran), then the connection
     * lingers closed; anything else (no head, an unfinished one, an idle kept connection) closes.
     */
    @Override
    public boolean expired() {
        if (stdinAwaited < 0) {
            return false;
        }
        byte[][] response = Refusal.unreadable(Status.of(408),
                new BodyTimeoutException(config.bodyTimeout().toMillis()).getMessage());
        FastCgiRecordWriter answer = new FastCgiRecordWriter();
        answer.stream(FastCgiRecord.STDOUT, stdinAwaited, response[0], 0, response[0].length);
        answer.stream(FastCgiRecord.STDOUT, stdinAwaited, response[1], 0, response[1].length);
        answer.record(FastCgiRecord.STDOUT, stdinAwaited, NONE, 0, 0);
        answer.endRequest(stdinAwaited, 0, FastCgiRecord.REQUEST_COMPLETE);
        try {
            channel.write(java.nio.ByteBuffer.wrap(answer.buffer(), 0, answer.length())); // small, into an empty buffer
        } catch (IOException e) {
            return false;
        }
        // told as the HTTP server tells its own 408s (an operator's count of timed-out requests includes
        // these), with the method and path of the PARAMS still buffered: decoded again only on this path
        GatewayEnviron.observeRefusal(config.observer(), "fastcgi", awaitedEnviron(), 408, response[1].length);
        return true;
    }

    /** The environ of {@link #stdinAwaited} from its PARAMS, still buffered, or null should they not decode (they did before the wait). */
    private Environ awaitedEnviron() {
        byte[] params = WholeRequest.params(arrived, config);
        if (params == null) {
            return null;
        }
        try {
            Environ variables = new Environ();
            FastCgiParams.decodeInto(params, params.length, variables);
            return GatewayEnviron.complete(variables, InputStream.nullInputStream(), null, false);
        } catch (GatewayProtocolException | RuntimeException e) {
            return null; // on the loop thread: the 408 is told without a method or path rather than fail here
        }
    }

    /**
     * Ready and not served inline (inline serving paused or off): the reactor let the channel go. A
     * whole request goes straight to a request thread while the connection waits in the reactor
     * again; anything else to a reader.
     */
    @Override
    public void dispatch() {
        WholeRequest w = whole;
        whole = null;
        if (!claim()) {
            return;
        }
        if (w == null) {
            loop.startReader(this::read);
            return;
        }
        FastCgiRequest request = take(w);
        try {
            channel.configureBlocking(false);
            loop.reactor().watch(this); // for the next record (an abort, the end of the stream) while it runs
        } catch (IOException e) {
            closeNow();
        }
        if (request != null) {
            loop.requests().execute(request);
        }
    }

    @Override
    public boolean claim() {
        synchronized (state) {
            if (closed) {
                return false;
            }
            dispatched = true;
            reading = true;
            stdinAwaited = -1; // a reader or the request itself takes over from the body wait
        }
        return true;
    }

    /**
     * Serves what {@link #readable()} found, on the reactor thread, the registration kept. A whole
     * request runs right here (on a request thread with {@link io.wsgi4j.server.ThreadMode#PLATFORM}):
     * the connection goes back to waiting for records first (so an
     * FCGI_ABORT_REQUEST or a multiplexed request is still read if the application takes long and
     * another thread takes the selector over), then the application runs and its response leaves
     * with END_REQUEST in one write for a small body. Anything else goes to a reader thread, which
     * takes the channel out of the reactor first.
     */
    @Override
    public void serveInline() {
        WholeRequest w = whole;
        whole = null;
        if (w == null) {
            loop.startReader(this::leaveAndRead);
            return;
        }
        FastCgiRequest request = take(w);
        if (!loop.reactor().onLoopThread()) {
            loop.reactor().rearm(channel); // the selector was taken over while the request was taken out
        }
        if (request == null) {
            return;
        }
        if (loop.servesInline()) {
            request.run();
        } else {
            loop.requests().execute(request); // ThreadMode.PLATFORM: requests run on the pool only
        }
    }

    @Override
    public boolean busy() {
        return reading;
    }

    /**
     * Turns a whole request into a running one and gives the reading back to the reactor, which
     * watches for the next record from now on.
     *
     * @return the request to run, or null when there is none (the connection is closing, or the
     *     request was malformed and the connection closed)
     */
    private FastCgiRequest take(WholeRequest w) {
        FastCgiRequest request = new FastCgiRequest(this, config, w.id, w.keepConn);
        try {
            if (w.params.length > 0) {
                request.params(w.params, app); // one record: the whole stream was within the limits
            }
            request.params(NONE, app); // the end of the stream: ready to run
            if (w.stdin.length > 0) {
                request.stdin(w.stdin);
            }
            request.stdin(NONE);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing a FastCGI connection: " + e.getMessage());
            synchronized (state) {
                readerDone = true;
            }
            close();
            return null;
        }
        synchronized (state) {
            arrived.clear();
            forgetScan();
            if (closed || lingering) {
                reading = false;
                return null; // a close came first: the reactor drains (or it is gone)
            }
            active.incrementAndGet();
            requests.put(w.id, request);
            waitUntil = Long.MAX_VALUE >> 1;
            reading = false; // last: whoever sees it sees the request running and the buffer empty
        }
        return request;
    }

    /** A reader takes the channel out of the reactor, then reads records with blocking reads. */
    private void leaveAndRead() {
        try {
            loop.reactor().leave(channel);
        } catch (IOException e) {
            closeNow(); // the reactor stopped
            return;
        }
        read();
    }

    @Override
    public boolean sheddable() {
        return active.get() == 0;
    }

    @Override
    public void closed() {
        synchronized (state) {
            closed = true;
            readerDone = true;
        }
        for (FastCgiRequest r : requests.values()) {
            if (r.started()) {
                r.abort("the FastCGI connection was closed"); // at shutdown, after the grace period
            }
        }
        release();
    }

    /**
     * Gives the connection back to the reactor when the reader has nothing to do: no request waits
     * for PARAMS or STDIN (requests may still run and write) and the reader holds no unread byte. The reactor
     * brings it back to a reader when the next record arrives.
     *
     * @return whether the reactor has it now (the reader thread must end without touching it)
     */
    private boolean handBack(InputStream in) throws IOException {
        if (in.available() > 0) {
            return false;
        }
        synchronized (state) {
            if (lingering || closed || readerDone || endOfStream) {
                return false; // after the end of stream the reader reads it and ends the input
            }
            for (FastCgiRequest r : requests.values()) {
                // a request whose PARAMS have not ended still waits for its head: the reader reads on,
                // within the header time limit (in the reactor it would wait, and count as running, for ever)
                if (!r.started() || !r.inputComplete()) {
                    return false;
                }
            }
            reading = false;
            arrived = newArrived();
            forgetScan();
            waitUntil = active.get() == 0 ? System.nanoTime() + config.idleTimeout().toNanos() : Long.MAX_VALUE >> 1;
        }
        channel.configureBlocking(false);
        loop.reactor().watch(this);
        closeIfDone(); // a close asked for meanwhile now lingers in the reactor
        return true;
    }

    // ================================================================= reading records

    /**
     * The time limit of the next read: body while a request's STDIN streams, else (the rest of a
     * record or a head that did not fit the reactor's buffer) the header timeout; and never past the
     * time by which a request that has begun must have sent its whole head (its BEGIN_REQUEST plus the
     * header timeout), so that PARAMS sent a record at a time, each within the limit, cannot hold the
     * connection for ever, as the reactor's own wait for a head cannot.
     */
    private long readLimit() {
        if (lingering) {
            return AcceptLoop.LINGER_NANOS;
        }
        boolean streaming = false;
        long headLeft = Long.MAX_VALUE;
        long now = 0;
        for (FastCgiRequest r : requests.values()) {
            if (!r.started()) {
                now = now == 0 ? System.nanoTime() : now;
                headLeft = Math.min(headLeft, r.headDeadline() - now);
            } else if (!r.inputComplete()) {
                streaming = true;
            }
        }
        long perRead = (streaming ? config.bodyTimeout() : config.headerTimeout()).toNanos();
        return Math.max(1, Math.min(perRead, headLeft));
    }

    private void read() {
        InputStream in = new BufferedInputStream(arrived.then(ChannelIO.in(channel, readDeadline, this::readLimit)),
                16 * 1024);
        FastCgiRecordReader reader = new FastCgiRecordReader(in);
        try {
            while (true) {
                if (handBack(in)) {
                    return; // the reactor holds it (and may have given it to another reader already)
                }
                long before = System.nanoTime();
                FastCgiRecord record = reader.read();
                waitedForRecords += System.nanoTime() - before;
                if (record == null) {
                    break;
                }
                dispatch(record);
                if (othersActive()) {
                    // the records of the other requests keep the reader's own time limit from ending a read:
                    // a body that stalls beside them fails by itself (its application's read would wait for ever)
                    for (FastCgiRequest r : requests.values()) {
                        r.failIfStalled(waitedForRecords, config.bodyTimeout());
                    }
                }
            }
            endOfInput();
        } catch (GatewayProtocolException | EOFException e) {
            LOG.log(System.Logger.Level.WARNING, "closing a FastCGI connection: " + e.getMessage());
            abortAll("the FastCGI connection was closed: " + e.getMessage());
            close();
        } catch (ClosedChannelException e) {
            abortAll("the FastCGI connection was closed");
        } catch (IOException e) {
            abortAll("the FastCGI connection failed: " + e);
        }
    }

    private void dispatch(FastCgiRecord r) throws IOException {
        if (lingering) {
            lingerLimit.heard(); // each read has the linger time (readLimit), all of them together at most this
            if (lingerLimit.over()) {
                throw new EOFException("the web server kept sending after the connection was closed");
            }
            return; // closing: read and drop, so that closing never resets the web server
        }
        if (r.requestId() == FastCgiRecord.NULL_REQUEST_ID) {
            management(r);
            return;
        }
        FastCgiRequest request = requests.get(r.requestId());
        switch (r.type()) {
            case FastCgiRecord.BEGIN_REQUEST:
                begin(r, request);
                break;
            case FastCgiRecord.PARAMS:
                if (request != null && request.params(r.content(), app)) {
                    request.heardAt(waitedForRecords);
                    loop.requests().execute(request);
                }
                break;
            case FastCgiRecord.STDIN:
                if (request != null) {
                    request.heardAt(waitedForRecords);
                    request.stdin(r.content());
                }
                break;
            case FastCgiRecord.ABORT_REQUEST:
                if (request != null) {
                    abort(request);
                }
                break;
            default:
                // DATA (a Filter's stream), or any record for a request that has ended: ignored
                break;
        }
    }

    private void begin(FastCgiRecord r, FastCgiRequest existing) throws IOException {
        if (r.content().length < 8) {
            throw new GatewayProtocolException("BEGIN_REQUEST needs an 8-byte body, got " + r.content().length);
        }
        if (existing != null) {
            // FastCGI 1.0 section 3.3: BEGIN_REQUEST makes an inactive id active; for an active one it
            // starts nothing. Ignored, as the spec has records for ids in the wrong state ignored: closing
            // would end every other request multiplexed on this connection
            LOG.log(System.Logger.Level.WARNING, "ignored a BEGIN_REQUEST for FastCGI request " + r.requestId()
                    + ", which is still active on this connection");
            return;
        }
        boolean keepConn = (r.flags() & FastCgiRecord.FLAG_KEEP_CONN) != 0;
        // FastCGI 1.0 section 5.5: a connection that carries one request at a time (FCGI_MPXS_CONNS "0")
        // refuses a concurrent one with FCGI_CANT_MPX_CONN; past a larger limit the gateway is overloaded
        int refusal = r.role() != FastCgiRecord.ROLE_RESPONDER ? FastCgiRecord.UNKNOWN_ROLE
                : !atMultiplexLimit() ? -1
                : config.maxMultiplexedRequests() == 1 ? FastCgiRecord.CANT_MPX_CONN : FastCgiRecord.OVERLOADED;
        if (refusal >= 0) {
            management.endRequest(r.requestId(), 0, refusal);
            sendManagement();
            if (!keepConn) {
                requestClose();
            }
            return;
        }
        active.incrementAndGet();
        FastCgiRequest begun = new FastCgiRequest(this, config, r.requestId(), keepConn);
        begun.headBy(System.nanoTime() + config.headerTimeout().toNanos());
        requests.put(r.requestId(), begun);
    }

    private void abort(FastCgiRequest request) {
        if (request.started()) {
            request.abortedByTheWebServer();
        } else {
            // the application never saw it: end it here
            requests.remove(request.id());
            active.decrementAndGet();
            management.endRequest(request.id(), 0, FastCgiRecord.REQUEST_COMPLETE);
            try {
                sendManagement();
            } catch (IOException ignored) {
                // the connection is failing; the reader will see it
            }
            if (!request.keepConn()) {
                requestClose();
            }
        }
    }

    private void management(FastCgiRecord r) throws IOException {
        if (r.type() == FastCgiRecord.GET_VALUES) {
            Map<String, String> asked;
            try {
                asked = FastCgiParams.decode(r.content(), r.content().length);
            } catch (GatewayProtocolException e) {
                // the record itself was whole, so the stream is still in step (as after malformed PARAMS,
                // answered 400): closing would cut short every request on the connection. No name could be
                // read, so none is answered, which FastCGI 1.0 section 4.1 allows for names not understood
                LOG.log(System.Logger.Level.WARNING, "the web server sent a malformed FCGI_GET_VALUES, answered"
                        + " with no values: " + e.getMessage());
                asked = Map.of();
            }
            Map<String, String> answer = new LinkedHashMap<>();
            for (String name : asked.keySet()) {
                String value = value(name);
                if (value != null) {
                    answer.put(name, value);
                }
            }
            byte[] body = FastCgiParams.encode(answer);
            management.record(FastCgiRecord.GET_VALUES_RESULT, 0, body, 0, body.length);
        } else {
            management.unknownType(r.type());
        }
        sendManagement();
    }

    private String value(String name) {
        switch (name) {
            case "FCGI_MAX_CONNS":
                return Integer.toString(config.maxConnections());
            case "FCGI_MAX_REQS":
                long reqs = (long) config.maxConnections() * config.maxMultiplexedRequests();
                return Long.toString(Math.min(reqs, Integer.MAX_VALUE));
            case "FCGI_MPXS_CONNS": // FastCGI 1.0 section 4.1: "0" when a connection carries one request at a time
                return config.maxMultiplexedRequests() > 1 ? "1" : "0";
            default:
                return null;
        }
    }

    private void sendManagement() throws IOException {
        try {
            write(management.buffer(), 0, management.length());
        } finally {
            management.clear();
        }
    }

    /** Writes whole records; called by request threads and the reader. */
    void write(byte[] b, int off, int n) throws IOException {
        writeLock.lock();
        try {
            ChannelIO.writeFully(channel, writeDeadline, config.bodyTimeout().toNanos(), b, off, n);
        } finally {
            writeLock.unlock();
        }
    }

    /** {@code wsgi.errors} for a request on this connection ({@link FastCgiErrors}: one per connection). */
    PrintStream errors() {
        PrintStream e = errors;
        if (e == null) {
            e = FastCgiErrors.of(this); // two requests starting at once may both make one: either serves
            errors = e;
        }
        return e;
    }

    @Override
    public boolean runsApplicationOn(Thread thread) {
        return stderrOfRequestOn(thread) != null; // a running request has its STDERR stream
    }

    /** The STDERR stream of the request that {@code thread} is running on this connection, or null. */
    FastCgiStderr stderrOfRequestOn(Thread thread) {
        for (FastCgiRequest r : requests.values()) {
            FastCgiStderr stderr = r.stderrIfRunBy(thread);
            if (stderr != null) {
                return stderr;
            }
        }
        return null;
    }

    /** Whether more than one request is on this connection, so that the reader waiting on one stalls others. */
    boolean othersActive() {
        return requests.size() > 1;
    }

    /**
     * A request is about to write its END_REQUEST: its id is free from now on, since a web server may
     * reuse it as soon as END_REQUEST arrives (nginx does, on kept connections).
     */
    void forget(FastCgiRequest request) {
        requests.remove(request.id());
    }

    /** A record buffer for a new request's response: the spare one, or a new one when another request has it. */
    FastCgiRecordWriter borrowWriter() {
        FastCgiRecordWriter w = spareWriter.getAndSet(null);
        return w != null ? w : new FastCgiRecordWriter();
    }

    /**
     * Takes back the buffer of a request whose records are all written. One that grew for a large
     * response is dropped, so that an idle kept connection holds little memory.
     */
    void giveBackWriter(FastCgiRecordWriter w) {
        if (w.capacity() <= SPARE_WRITER_MAX) {
            w.clear();
            spareWriter.set(w);
        }
    }

    /** A request's END_REQUEST is written. */
    void finished(FastCgiRequest request) {
        synchronized (state) {
            if (active.decrementAndGet() == 0 && !reading && !lingering) {
                waitUntil = System.nanoTime() + config.idleTimeout().toNanos(); // idle in the reactor from now
            }
        }
        if (!request.keepConn()) {
            requestClose();
        } else {
            closeIfDone();
        }
    }

    /**
     * A request's response was cut short after its headers and it sent no END_REQUEST (R5.4). Closing
     * is not enough: without keep-conn, or unbuffered, nginx takes an orderly close for the end of
     * the response and ends the client's response cleanly. So over TCP the connection is reset,
     * which nginx reports as an upstream failure. A Unix socket has no reset; there a record that no
     * response stream may hold (UNKNOWN_TYPE, a management record) goes first, which nginx rejects
     * ("upstream sent unexpected FastCGI request id"), failing the response. Other requests on the
     * connection are aborted with it.
     */
    void cutShort(FastCgiRequest request) {
        if (!ChannelIO.resetOnClose(channel)) {
            FastCgiRecordWriter poison = new FastCgiRecordWriter(); // not the reader thread's writer
            poison.unknownType(0);
            try {
                write(poison.buffer(), 0, poison.length());
            } catch (IOException ignored) {
                // the web server is gone: nothing to tell
            }
        }
        active.decrementAndGet();
        abortAll("another request on this connection was cut short mid-response");
        close();
    }

    /** Closes the connection once no request is active (graceful shutdown, or after a non-keep-conn request). */
    @Override
    public void requestClose() {
        boolean waiting;
        synchronized (state) {
            closeWhenIdle = true;
            waiting = !dispatched && !closed;
        }
        if (waiting) {
            return; // still in the reactor, nothing asked of it yet: the drain closes it (closeWhenDraining)
        }
        closeIfDone();
    }

    @Override
    public void cut() {
        ChannelIO.resetOnClose(channel); // no END_REQUEST will come: the web server must see a failure
        closeNow();
        abortAll("the gateway's shutdown grace period ended");
    }

    @Override
    public boolean closeWhenDraining() {
        synchronized (state) {
            if (dispatched || closed || arrived.length() > 0) {
                return false; // asked something, closing, or a request has begun to arrive: served first
            }
            closed = true;
        }
        return true; // the reactor closes the channel and calls closed()
    }

    private void endOfInput() {
        synchronized (state) {
            readerDone = true;
        }
        // the body timeout ends a stalled read with an end of stream too: that is no web server leaving
        boolean stalled = readDeadline.expired();
        for (FastCgiRequest r : requests.values()) {
            if (r.started()) {
                r.inputLost(stalled ? config.bodyTimeout().toMillis() : -1);
            } else if (requests.remove(r.id()) != null) {
                active.decrementAndGet(); // never ran: nobody is waiting for it
            }
        }
        closeIfDone();
    }

    private void closeIfDone() {
        boolean now;
        synchronized (state) {
            if (!(readerDone || closeWhenIdle) || active.get() > 0 || stdinAwaited >= 0) {
                // a request whose body the reactor awaits counts as running: its body's end (or 8 KiB of it)
                // runs it, and the close follows its end, or the body timeout answers it 408 and closes
                return;
            }
            now = readerDone && lingering; // the drain is over
        }
        if (now) {
            closeNow();
        } else {
            close();
        }
    }

    private void abortAll(String why) {
        synchronized (state) {
            readerDone = true;
        }
        for (FastCgiRequest r : requests.values()) {
            if (r.started()) {
                r.abort(why);
            } else if (requests.remove(r.id()) != null) {
                active.decrementAndGet();
            }
        }
        closeIfDone();
    }

    /**
     * Closes without resetting the web server: the output ends at once, then the reader, or the
     * reactor when it holds the connection, reads and drops what arrives until end of stream or until
     * the web server has been quiet for the linger time (30 s in all, {@link LingerLimit}), then closes.
     */
    void close() {
        boolean linger;
        boolean inReader;
        synchronized (state) {
            if (closed || lingering) {
                return;
            }
            linger = dispatched && !readerDone;
            inReader = reading;
            if (!linger) {
                closed = true;
            } else {
                lingerLimit = new LingerLimit(AcceptLoop.LINGER_NANOS, LingerLimit.MOST_NANOS);
                lingering = true;
                waitUntil = lingerLimit.deadline(); // for the reactor's drain
            }
        }
        if (!linger) {
            closeNow();
            return;
        }
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            // the web server is gone
        }
        if (inReader) {
            readDeadline.arm(AcceptLoop.LINGER_NANOS); // a read already waiting gets the linger limit
        }
    }

    /** Closes at once (a broken stream, or nothing left to drain). */
    private void closeNow() {
        synchronized (state) {
            closed = true;
        }
        try {
            channel.close(); // if the reactor holds it, its key is cancelled and it never hears of it again
        } catch (IOException ignored) {
            // nothing more to do
        }
        release();
    }

    /** Runs the on-close hook once, whoever closed the connection. */
    private void release() {
        synchronized (state) {
            if (released) {
                return;
            }
            released = true;
        }
        readDeadline.release();
        writeDeadline.release();
        onClose.run();
    }
}
