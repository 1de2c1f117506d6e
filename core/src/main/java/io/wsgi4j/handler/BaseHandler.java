// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.ExcInfoException;
import io.wsgi4j.FileBody;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.LogEscape;
import io.wsgi4j.Status;
import io.wsgi4j.observe.RequestObserver;
import io.wsgi4j.observe.RequestRecord;
import io.wsgi4j.server.HttpException;
import io.wsgi4j.server.ServerErrorPage;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The one request algorithm that every transport runs: the reference HTTP server, the FastCGI, SCGI
 * and CGI gateways, and the test client. It owns start_response state, when headers are sent, the
 * framing decision (Content-Length, chunked, close), HEAD, closing the body exactly once, and error
 * output. A transport subclass supplies only where bytes go ({@link #writeBytes}, {@link #flushBytes})
 * and, optionally, zero-copy file sending and aborting the connection.
 *
 * <pre>{@code
 * Outcome outcome = handler.run(app, environ);   // or begin(...); while (step()) {...}; finish()
 * if (outcome != Outcome.KEEP_ALIVE) connection.close();
 * }</pre>
 *
 * <p>A handler is reusable for successive requests on one connection, but not thread-safe: one
 * request at a time. Each request gets its own start_response and write callables, which throw
 * (SPEC.md R1.1) once that request's response has ended, so a callable an application kept can
 * never write into a later response on the same connection.
 *
 * @since 0.1
 */
public abstract class BaseHandler {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};
    private static final List<Header> FALLBACK_HEADERS = Headers.of("Content-Type", "text/plain");
    private static final byte[] FALLBACK_BODY = "500 Internal Server Error\n".getBytes(
            java.nio.charset.StandardCharsets.ISO_8859_1);

    private final boolean originServer;
    private static final Application DEFAULT_ERROR_PAGE = new ServerErrorPage(false);

    /**
     * The refusal-aware plain page by default: a request body the transport refused (cut off, stalled, too
     * large) that the application let escape is answered with its own status on every transport, anything
     * else with {@link ErrorPage#PLAIN}'s 500.
     */
    private Application errorPage = DEFAULT_ERROR_PAGE;
    private String serverSoftware = "wsgi4j";

    // ---- per-request state, reset by begin()
    // the request's start_response and write; null between requests. Written with release and read with
    // acquire (RESPONDER): a callable kept and called from another thread after its response ended must
    // see that it ended (R1.1), never write into what the transport has handed to the next request; a
    // volatile write would add a full fence to every request for the sake of a misuse
    @SuppressWarnings("unused") // accessed through RESPONDER
    private Responder responder;
    private static final VarHandle RESPONDER;

    static {
        try {
            RESPONDER = MethodHandles.lookup().findVarHandle(BaseHandler.class, "responder", Responder.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private Environ environ;
    private Status status;
    private List<Header> headers;
    private long declaredLength;
    private long knownLength;
    private boolean headersSent;
    private Framing framing;
    private boolean head;
    // what the client sent, read before the application runs: it may rewrite its environ (SPEC.md section 2),
    // but the response is framed for the client's protocol and its Connection header (RFC 9112 6.1, 9.6)
    private boolean http11;
    private boolean keepAliveAsked;
    private boolean keepAlive;
    private long sent;
    private boolean usedWrite;
    private boolean transportFailed;
    private boolean failed;
    private boolean done;
    private Iterable<byte[]> body;
    private Iterator<byte[]> iterator;
    private boolean flushEachChunk;

    // head and chunk-size bytes, reused across requests; made on first use, released by releaseBuffers()
    private final HeadBuffer headBuffer = new HeadBuffer();
    // times each request for the observer and the Flight Recorder event
    private final Observation observation;

    /**
     * Creates a handler for one transport; the subclass decides whether it is the origin server.
     *
     * @param originServer true when this handler speaks HTTP to clients itself (status line, Date,
     *     Server, chunked framing, keep-alive); false for a gateway behind a web server, which writes
     *     a CGI-style {@code Status:} header and leaves framing to the web server
     * @since 0.1
     */
    protected BaseHandler(boolean originServer) {
        this(originServer, originServer ? "http" : "gateway");
    }

    /**
     * Creates a handler for one transport, naming it for request events and metrics.
     *
     * @param originServer as for {@link #BaseHandler(boolean)}
     * @param transport the transport's name in {@link RequestRecord#transport()} and the
     *     {@link io.wsgi4j.observe.RequestEvent}: {@code http}, {@code fastcgi}, {@code scgi}, {@code cgi},
     *     {@code test}, or an adapter's own
     * @throws IllegalArgumentException if {@code transport} is blank
     * @since 0.2
     */
    protected BaseHandler(boolean originServer, String transport) {
        if (transport.isBlank()) {
            throw new IllegalArgumentException("the transport name is blank; name it, e.g. \"http\" or \"fastcgi\"");
        }
        this.originServer = originServer;
        this.observation = new Observation(transport);
    }

    /**
     * Sets the application that renders the 500 page; by default a {@link ServerErrorPage} without debug
     * output (a refused request body gets its own status, anything else {@link ErrorPage#PLAIN}'s 500).
     *
     * @throws NullPointerException if {@code errorPage} is null
     * @since 0.1
     */
    public void setErrorPage(Application errorPage) {
        this.errorPage = Objects.requireNonNull(errorPage, "errorPage");
    }

    /**
     * Sets the Server header value an origin server adds when the app set none; {@code wsgi4j} by default.
     *
     * @throws IllegalArgumentException if the value is not a valid header value (non-Latin-1, CR, LF, NUL)
     * @since 0.1
     */
    public void setServerSoftware(String serverSoftware) {
        Header.of("Server", serverSoftware);
        this.serverSoftware = serverSoftware;
    }

    /**
     * Sets the observer told about every request this handler finishes; {@link RequestObserver#NONE} by
     * default. Flight Recorder events ({@link io.wsgi4j.observe.RequestEvent}) are emitted either way
     * while a recording runs.
     *
     * @since 0.2
     */
    public void setObserver(RequestObserver observer) {
        observation.observer(Objects.requireNonNull(observer, "observer"));
    }

    /**
     * Tells the observer (and a running Flight Recorder) about a request the transport answered itself
     * before any application saw it: a malformed or oversized head, or one that did not arrive in
     * time. {@code method} and {@code path} are empty when the request line could not be read.
     *
     * @param method the request method, or empty
     * @param path the request target's path as sent, or empty
     * @param status the status the transport answered
     * @param bytesIn the request body's declared length, or -1 when none was declared (or read)
     * @param bytesOut the response body bytes sent
     * @since 0.2
     */
    protected final void observeRefusal(String method, String path, int status, long bytesIn, long bytesOut) {
        observation.refused(method, path, status, bytesIn, bytesOut);
    }

    /**
     * {@link #observeRefusal(String, String, int, long, long)} for a transport that answers a request
     * with no handler at hand: a gateway's connection loop answering 408 to a request whose head or
     * body did not arrive in time. Runs on the loop thread, so {@code observer} must not block (as
     * {@link RequestObserver} asks of every observer).
     *
     * @param observer the transport's configured observer ({@link RequestObserver#NONE} for none)
     * @param transport the transport's name in request events and metrics ({@code fastcgi}, {@code scgi})
     * @param method the request method, or empty
     * @param path the request's path, or empty
     * @param status the status the transport answered
     * @param bytesIn the request body's declared length, or -1 when none was declared (or read)
     * @param bytesOut the response body bytes sent
     * @since 0.2
     */
    public static void observeRefusal(RequestObserver observer, String transport, String method, String path,
            int status, long bytesIn, long bytesOut) {
        Observation o = new Observation(transport);
        o.observer(Objects.requireNonNull(observer, "observer"));
        o.refused(method, path, status, bytesIn, bytesOut);
    }

    // ================================================================= transport hooks

    /**
     * Sends bytes towards the client; may buffer.
     *
     * @throws IOException if the client is gone (the request then ends as {@link Outcome#ABORTED})
     * @since 0.1
     */
    protected abstract void writeBytes(byte[] b, int off, int n) throws IOException;

    /**
     * Pushes buffered bytes to the client now (a streamed chunk must not wait behind later ones).
     *
     * @throws IOException if the client is gone
     * @since 0.1
     */
    protected abstract void flushBytes() throws IOException;

    /**
     * Called once when a response is complete. The default flushes; a transport that answers
     * pipelined requests may instead leave the bytes buffered while more requests are already
     * waiting, and flush before it blocks to read (one write for many responses).
     *
     * @throws IOException if the client is gone
     * @since 0.1
     */
    protected void completeResponse() throws IOException {
        flushBytes();
    }

    /**
     * Sends a file region. The default iterates it through {@link #writeBytes}; a transport that can
     * do better (the HTTP server: flush, then {@link FileBody#transferTo}) overrides this.
     *
     * @throws IOException if the file cannot be read or the client is gone
     * @since 0.1
     */
    protected void writeFile(FileBody file) throws IOException {
        for (byte[] chunk : file) {
            writeBytes(chunk, 0, chunk.length);
        }
    }

    /**
     * Whether the transport lets this connection carry another request; true by default, false for
     * example while the server shuts down. Asked once per response, when its headers go out.
     *
     * @since 0.1
     */
    protected boolean mayKeepAlive() {
        return true;
    }

    /**
     * Writes the status line and headers. The default serialises them: {@code HTTP/1.1 200 OK} and
     * Date/Server for an origin server, a CGI {@code Status:} line for a gateway. The test client
     * overrides this to capture them as values.
     *
     * @param status the final status
     * @param appHeaders the application's headers, unchanged
     * @param addedLength a Content-Length to add (computed from a body of known size), or -1
     * @throws IOException if the client is gone
     * @since 0.1
     */
    protected void writeHead(Status status, List<Header> appHeaders, long addedLength) throws IOException {
        headBuffer.start(originServer ? "HTTP/1.1 " : "Status: ", status, appHeaders, addedLength);
        if (originServer) {
            // keep-alive is HTTP/1.1's default, so only a 1.0 client is told it holds
            String connection = !keepAlive ? "close" : http11 ? null : "keep-alive";
            headBuffer.originFields(serverSoftware, framing == Framing.CHUNKED, connection);
        }
        headBuffer.end();
        writeBytes(headBuffer.bytes(), 0, headBuffer.length());
    }

    // ================================================================= the algorithm

    /**
     * Runs one request to the end: {@link #begin}, {@link #step} until it returns false, {@link #finish}.
     *
     * @since 0.1
     */
    public final Outcome run(Application app, Environ environ) {
        begin(app, environ);
        while (step()) {
            // each step sends one chunk
        }
        return finish();
    }

    /**
     * Calls the application and obtains its body; nothing is sent yet unless the application used
     * the legacy write callable. Errors are handled here (500 page or abort).
     *
     * @since 0.1
     */
    public final void begin(Application app, Environ environ) {
        this.environ = environ;
        status = null;
        headers = null;
        declaredLength = -1;
        knownLength = -1;
        headersSent = false;
        framing = null;
        head = "HEAD".equals(environ.get(Environ.REQUEST_METHOD));
        http11 = "HTTP/1.1".equals(environ.get(Environ.SERVER_PROTOCOL));
        keepAliveAsked = originServer && KeepAlive.requested(environ, http11);
        keepAlive = false;
        sent = 0;
        usedWrite = false;
        transportFailed = false;
        failed = false;
        done = false;
        body = null;
        iterator = null;
        Responder current = new Responder(this);
        RESPONDER.setRelease(this, current);
        observation.begin();
        try {
            Iterable<byte[]> b = app.call(environ, current);
            if (b == null) {
                throw new IllegalStateException("R4.1 the application returned null instead of a body;"
                        + " return Body.empty() for a response without one");
            }
            body = b;
            flushEachChunk = !(b instanceof Collection);
            iterator = b instanceof FileBody ? null : b.iterator();
        } catch (Throwable t) {
            fail(t);
        }
    }

    /**
     * Sends the next non-empty chunk of the body (headers first, if not yet sent).
     *
     * @return true if a chunk was sent and more may follow; false once the response is complete or
     *     has failed
     * @since 0.1
     */
    public final boolean step() {
        if (done) {
            return false;
        }
        try {
            if (iterator == null) {
                sendFile((FileBody) body);
                endBody();
                return false;
            }
            while (iterator.hasNext()) {
                byte[] chunk = iterator.next();
                if (chunk == null) {
                    throw new NullPointerException("R4.2 the body yielded a null chunk; yield new byte[0] for nothing");
                }
                if (chunk.length == 0) {
                    continue;
                }
                sendChunk(chunk, flushEachChunk);
                if (!bodyOnWire()) {
                    break; // HEAD or a bodiless status: the rest would be discarded, so stop asking for it
                }
                return true;
            }
            endBody();
        } catch (Throwable t) {
            fail(t);
        }
        return false;
    }

    /**
     * Closes the body (exactly once), flushes, and says whether the connection may be reused.
     *
     * @since 0.1
     */
    public final Outcome finish() {
        if (!done) {
            // finish() called before the body was exhausted, e.g. a test that stopped reading
            endEarly();
        }
        closeBody();
        if (!transportFailed && !failed) {
            try {
                completeResponse();
            } catch (IOException e) {
                transportFailed = true;
            }
        }
        Outcome outcome;
        if (transportFailed || failed) {
            outcome = Outcome.ABORTED;
        } else {
            outcome = keepAlive ? Outcome.KEEP_ALIVE : Outcome.CLOSE;
        }
        observation.end(environ, headersSent ? status.code() : 0, sent, outcome == Outcome.ABORTED);
        environ = null;
        RESPONDER.setRelease(this, null); // R1.1: from here on the request's start_response and write refuse every call
        return outcome;
    }

    /** True once the status line and headers have gone to the transport. @since 0.1 */
    public final boolean headersSent() {
        return headersSent;
    }

    /** The status of the response in progress, or null before start_response. @since 0.1 */
    public final Status status() {
        return status;
    }

    /** Body bytes sent so far (excluding framing). @since 0.1 */
    public final long bytesSent() {
        return sent;
    }

    /** The framing chosen when headers were sent, or null before. @since 0.1 */
    public final Framing framing() {
        return framing;
    }

    // ================================================================= start_response and write

    /** Whether {@code r} belongs to the request in progress (SPEC.md R1.1). */
    final boolean isCurrent(Responder r) {
        return r == (Responder) RESPONDER.getAcquire(this);
    }

    private static List<Header> copyOf(List<Header> headers) {
        try {
            return List.copyOf(headers);
        } catch (NullPointerException e) {
            throw nullHeader();
        }
    }

    private static NullPointerException nullHeader() {
        return new NullPointerException("R3.8 the header list holds null; give only Header values"
                + " (Header.of(name, value))");
    }

    /** start_response for the current request; its {@link Responder} returns itself as the write callable. */
    final void startResponse(Status status, List<Header> given, Throwable excInfo) {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(given, "headers");
        if (status.code() < 200) {
            // a 1xx is interim on the wire: the client would keep waiting and take the next response for this one
            throw new IllegalArgumentException("R3.3 the application started the response with informational status "
                    + status + "; 1xx responses belong to the server, use a final status (200 to 599)");
        }
        if (excInfo != null) {
            if (headersSent) {
                throw ExcInfoException.rethrow(excInfo);
            }
        } else if (this.status != null) {
            throw new IllegalStateException("R3.2 start_response was called a second time without excInfo"
                    + " (first status " + this.status + ", now " + status + "); pass the exception being"
                    + " handled as excInfo to replace a response that has not been sent");
        }
        // the headers that are checked below are the ones sent: an application that changes its list after
        // start_response must not slip a hop-by-hop header or a second Content-Length past the checks (R3.6,
        // R3.7). A List.of list is taken as it is, and so is one a layer made and handed over, sealed
        List<Header> headers;
        if (given instanceof HandedOverHeaders handedOver) {
            handedOver.seal();
            headers = handedOver;
        } else {
            headers = copyOf(given);
        }
        long length = -1;
        for (int i = 0, n = headers.size(); i < n; i++) {
            Header h = headers.get(i);
            if (h == null) {
                throw nullHeader();
            }
            String name = h.name();
            if (Headers.isHopByHop(name)) {
                throw new IllegalArgumentException("R3.6 the application set hop-by-hop header " + h
                        + "; framing and connection handling belong to the server, remove it");
            }
            if (name.length() == 6 && name.equalsIgnoreCase("Status")) {
                throw new IllegalArgumentException("R3.6 the application set a header named Status (" + h
                        + "); behind FastCGI, SCGI and CGI that is the field carrying the status line:"
                        + " pass the status to start_response instead");
            }
            if (name.length() == 14 && name.equalsIgnoreCase("Content-Length")) {
                length = BodyLength.declaredOnce(length, h.value());
            }
        }
        this.status = status;
        this.headers = headers;
        this.declaredLength = length;
    }

    /** The write callable for the current request. */
    final void writeData(byte[] data) throws IOException {
        if (status == null) {
            throw new IllegalStateException("R3.5 write() was called before start_response; start the response first");
        }
        if (done) {
            throw new IllegalStateException("R1.1 write() was called after the response ended; an application must"
                    + " not keep the write callable beyond its request");
        }
        Objects.requireNonNull(data, "R3.9 write() was given null; pass the bytes to send (new byte[0] for none)");
        usedWrite = true;
        if (data.length > 0) {
            sendChunk(data, true);
        }
    }

    // ================================================================= internals

    private boolean bodyOnWire() {
        return framing != Framing.NONE;
    }

    /**
     * Sends status and headers. {@code known} is the body length when it is known without sending
     * it (a body of known size, or an empty body at its end), else -1.
     */
    private void sendHeadIfNeeded(long known) throws IOException {
        sendHeadIfNeeded(known, 0);
    }

    /**
     * Sends status and headers, {@code atLeast} being how many body bytes are in hand already (the first
     * chunk of a body of unknown size): more than a declared Content-Length is refused before the head goes.
     */
    private void sendHeadIfNeeded(long known, long atLeast) throws IOException {
        // R5.1: the only place headers go out: at the first non-empty chunk or write, or at the end of an
        // empty body; never in start_response, so the status can still be replaced until then
        if (headersSent) {
            return;
        }
        if (status == null) {
            throw new IllegalStateException("R3.1 the body yielded data before start_response was called;"
                    + " call start_response before returning or yielding the first non-empty chunk");
        }
        // RFC 9110 section 15.3.6: a 205 has no content, yet unlike a 204 it is framed: Content-Length 0,
        // whatever the application declared or yields (its bytes are dropped, as for HEAD)
        boolean resetContent = status.code() == 205;
        if (resetContent) {
            known = 0;
        }
        if (known >= 0 && declaredLength >= 0 && known != declaredLength && !status.forbidsBody() && !head
                && !resetContent) {
            // R4.6: the whole body is known and contradicts the header: say so with a 500, not a broken response
            throw new IllegalStateException("R4.6 the body has " + known + " bytes but Content-Length says "
                    + declaredLength + "; set Content-Length to the body's length or leave it out");
        }
        if (atLeast > declaredLength && declaredLength >= 0 && !status.forbidsBody() && !head && !resetContent) {
            // R4.6: the first chunk alone overruns the header; nothing is sent yet, so a 500 can still say so
            throw new IllegalStateException("R4.6 the body is longer than its Content-Length " + declaredLength
                    + " (at least " + atLeast + " bytes); set Content-Length to the body's length or leave it out");
        }
        // R5.3: the server frames the body; the application only says what it knows (Content-Length)
        Framing announced = Framing.choose(status, declaredLength >= 0 || resetContent, known, head, originServer,
                http11);
        long added = -1;
        if (announced == Framing.LENGTH && (declaredLength < 0 || resetContent)) {
            added = known; // the handler, not the application, knows this length: it adds the header
            knownLength = known;
        }
        keepAlive = keepAliveAsked && announced != Framing.CLOSE && mayKeepAlive();
        // headers describe the body GET would get; HEAD puts none of it on the wire
        framing = announced;
        headersSent = true;
        try {
            writeHead(status, headers, added);
        } catch (IOException e) {
            transportFailed = true;
            throw e;
        } finally {
            if (head || resetContent) {
                framing = Framing.NONE;
            }
        }
    }

    private void sendChunk(byte[] chunk, boolean flush) throws IOException {
        if (!headersSent) {
            long known = -1;
            if (!usedWrite && body instanceof Collection<?> c) {
                known = collectionLength(c, chunk);
            }
            sendHeadIfNeeded(known, chunk.length);
        }
        if (!bodyOnWire()) {
            return; // HEAD, 204, 205, 304: the chunk is dropped, so it is not counted as sent either
        }
        if (framing == Framing.LENGTH && sent + chunk.length > declaredOrKnown()) {
            throw new IllegalStateException("R4.6 the body is longer than its Content-Length "
                    + declaredOrKnown() + " (at least " + (sent + chunk.length) + " bytes)");
        }
        try {
            if (framing == Framing.CHUNKED) {
                headBuffer.chunkSize(chunk.length);
                writeBytes(headBuffer.bytes(), 0, headBuffer.length());
                writeBytes(chunk, 0, chunk.length);
                writeBytes(CRLF, 0, 2);
            } else {
                writeBytes(chunk, 0, chunk.length);
            }
            sent += chunk.length;
            if (flush) {
                flushBytes(); // R5.2: a lazily produced chunk or a write never waits behind later ones
            }
        } catch (IOException e) {
            transportFailed = true;
            throw e;
        }
    }

    /**
     * The length of a collection body whose first non-empty chunk is {@code first}, known before the
     * headers go out. The body's one iterator (R4.4) is already in use: a random-access list is summed
     * by index; any other collection hands over the rest of its chunks now, and they are sent from here.
     */
    private long collectionLength(Collection<?> c, byte[] first) {
        if (c.size() == 1) {
            return first.length;
        }
        if (c instanceof List<?> list && c instanceof RandomAccess) {
            return BodyLength.sizeOf(list);
        }
        List<byte[]> rest = BodyLength.drain(iterator, c.size());
        iterator = rest.iterator();
        long restLength = BodyLength.sizeOf(rest);
        return restLength < 0 ? -1 : first.length + restLength;
    }

    private long declaredOrKnown() {
        return declaredLength >= 0 ? declaredLength : knownLength;
    }

    private void sendFile(FileBody file) throws IOException {
        long count = file.count();
        if (!headersSent) {
            sendHeadIfNeeded(count);
        }
        if (count == 0 || !bodyOnWire()) {
            file.markSent(); // nothing of it was due
            return;
        }
        if (framing == Framing.LENGTH && sent + count != declaredOrKnown()) {
            // bytes the write callable sent before the file count towards the same Content-Length
            throw new IllegalStateException("R4.6 the file body has " + count + " bytes after " + sent
                    + " written but Content-Length says " + declaredOrKnown());
        }
        boolean whole = false;
        try {
            if (framing == Framing.CHUNKED) {
                headBuffer.chunkSize(count);
                writeBytes(headBuffer.bytes(), 0, headBuffer.length());
                writeFile(file);
                writeBytes(CRLF, 0, 2);
            } else {
                writeFile(file);
            }
            whole = true;
            file.markSent();
        } catch (IOException e) {
            // a file shorter than its region (rewritten since the application sized it) is the application's
            // failure, reported (R5.6); anything else here is the client's connection (R5.5)
            transportFailed = !endedEarly(file);
            throw e;
        } finally {
            // a region cut short (the client left, the file failed) counts what of it went out, as the file counts
            // it while it is sent: the observer then sees a broken download's bytes, as an access log does
            sent += whole ? count : file.sent();
        }
    }

    /** Whether the file now ends before the region its body was made for. */
    private static boolean endedEarly(FileBody file) {
        try {
            return file.channel().size() < file.position() + file.count();
        } catch (IOException e) {
            return false;
        }
    }

    private void endBody() throws IOException {
        if (!headersSent) {
            if (status == null) {
                throw new IllegalStateException("R3.1 the application returned without calling start_response;"
                        + " every response needs a status");
            }
            sendHeadIfNeeded(0); // nothing was sent, so the body is empty
        }
        if (framing == Framing.LENGTH && sent != declaredOrKnown()) {
            throw new IllegalStateException("R4.6 the body ended after " + sent + " bytes but Content-Length is "
                    + declaredOrKnown() + "; the connection is aborted so the client sees the short response");
        }
        if (framing == Framing.CHUNKED) {
            try {
                writeBytes(LAST_CHUNK, 0, LAST_CHUNK.length);
            } catch (IOException e) {
                transportFailed = true;
                throw e;
            }
        }
        done = true;
    }

    private void endEarly() {
        // The consumer stopped before the end: the response on the wire is incomplete.
        failed = true;
        done = true;
    }

    private void fail(Throwable t) {
        done = true;
        if (transportFailed) {
            // R5.5: the client is gone: nothing to tell it, and the disconnect is not the app's failure
            return;
        }
        logError(t); // R5.6: every application failure is reported to wsgi.errors
        if (headersSent) {
            // R5.4: cannot take back what was sent: the transport aborts the connection
            failed = true;
            return;
        }
        // R5.4: nothing sent yet, so the error page answers with a 500. The failure is under wsgi4j.error already
        // while the body it replaces is closed: a middleware's body (an access log) learns there that none of
        // its response went out, when the server itself refused it (a body contradicting its Content-Length)
        environ.put(Environ.ERROR, t);
        try {
            closeBody();
            status = null;
            headers = null;
            declaredLength = -1;
            knownLength = -1;
            usedWrite = false;
            sendErrorPage();
        } catch (Throwable pageFailure) {
            if (transportFailed) {
                return; // R5.5: the client left while the page went out; that is no second failure
            }
            logError(pageFailure);
            if (!headersSent && !transportFailed) {
                sendFallback500();
            } else {
                failed = true;
            }
        } finally {
            environ.remove(Environ.ERROR);
        }
    }

    private void sendErrorPage() throws Exception {
        Iterable<byte[]> page = errorPage.call(environ, (Responder) RESPONDER.getAcquire(this));
        byte[] bytes = Body.toBytes(page); // closes the page body
        if (status == null) {
            throw new IllegalStateException("R3.1 the error page " + errorPage + " did not call start_response");
        }
        sendHeadIfNeeded(bytes.length);
        if (bodyOnWire() && bytes.length > 0) {
            writeBytes(bytes, 0, bytes.length);
            sent = bytes.length;
        }
    }

    private void sendFallback500() {
        status = Status.INTERNAL_SERVER_ERROR;
        headers = FALLBACK_HEADERS;
        declaredLength = -1;
        try {
            sendHeadIfNeeded(FALLBACK_BODY.length);
            if (bodyOnWire()) {
                writeBytes(FALLBACK_BODY, 0, FALLBACK_BODY.length);
                sent = FALLBACK_BODY.length; // the observer's bytes out: nothing of the failed page went out
            }
            keepAlive = false;
        } catch (IOException e) {
            transportFailed = true;
        }
    }

    private void closeBody() {
        Iterable<byte[]> b = body;
        body = null;
        iterator = null;
        if (b == null) {
            return;
        }
        try {
            Body.close(b);
        } catch (Throwable t) {
            logError(t);
        }
    }

    /**
     * Lets go of the head serialisation buffer between requests, so that a transport holding many
     * idle connections (the HTTP server's parked keep-alive connections) keeps no per-connection
     * buffer; the next response makes a new one.
     *
     * @since 0.1
     */
    protected final void releaseBuffers() {
        headBuffer.release();
    }

    /**
     * One line saying what the client did, when {@code t} is the client's failure rather than the
     * application's (the transport refused the request body: malformed, too large, stalled, or cut off,
     * and the application let that escape); null for anything else. {@link #logError} then writes that
     * line instead of a stack trace, so that a client sending bad bodies cannot fill the log with traces.
     * By default, {@link HttpException#clientFailure}: the refusals of every wsgi4j transport.
     *
     * @since 0.2
     */
    protected String clientFailure(Throwable t) {
        return HttpException.clientFailure(t);
    }

    /**
     * Writes a failure to {@code wsgi.errors} (or {@link System#err} between requests), naming the
     * request; never throws. The test client overrides it to keep the first failure.
     *
     * @since 0.1
     */
    protected void logError(Throwable t) {
        try {
            var err = environ != null ? environ.errors() : System.err;
            // the method and path are the client's text (a decoded %0A would end the line and forge the next)
            String request = environ == null ? "a request"
                    : LogEscape.of(environ.requestMethod()) + " " + LogEscape.of(environ.scriptName() + environ.pathInfo());
            String brief = clientFailure(t);
            if (brief != null) {
                err.println("wsgi4j: " + brief + " while serving " + request);
            } else {
                err.println("wsgi4j: error while serving " + request + ":");
                t.printStackTrace(err);
            }
            err.flush();
        } catch (RuntimeException ignored) {
            // the error stream itself failed; nowhere left to report
        }
    }
}
