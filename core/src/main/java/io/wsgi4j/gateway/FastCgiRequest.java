// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Status;
import io.wsgi4j.handler.Outcome;
import io.wsgi4j.server.BodyTimeoutException;
import io.wsgi4j.server.ClientClosedException;
import io.wsgi4j.server.HttpException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * One FastCGI request on a connection: it collects PARAMS, then runs the application on its own
 * thread while the connection's reader feeds STDIN into {@code wsgi.input}.
 */
final class FastCgiRequest implements Runnable {
    private static final System.Logger LOG = System.getLogger("io.wsgi4j.gateway");
    /** How far the application's reading may lag behind the web server's sending. */
    private static final int STDIN_WINDOW = 256 * 1024;

    private final FastCgiConnection connection;
    private final GatewayConfig config;
    private final int id;
    private final boolean keepConn;
    /** The PARAMS stream's first record, held as it came: most requests' PARAMS fit one. */
    private byte[] firstParams;
    /** The PARAMS records gathered, from the second one on; null while there is one. */
    private ParamsBuffer params;
    private final StdinPipe stdin;
    private final FastCgiHandler handler;
    private final FastCgiStderr stderr;
    private int paramsRecords;
    private boolean paramsTooLarge;
    private boolean started;
    private long stdinBytes;
    /** The connection's {@code waitedForRecords} when the PARAMS ended or STDIN last came (reader thread only). */
    private long heardAt;
    private long declaredLength = -1; // CONTENT_LENGTH when the PARAMS give a number, else -1
    private Application app;
    private Environ environ; // the decoded PARAMS, completed into the environ when the request runs
    /** The status the gateway answers itself, PARAMS unread (400 malformed, 431 too large), else null. */
    private Status refusal;
    private String refusalProblem; // what the refusal's body names
    private volatile Thread runner; // the thread running the application, while it runs
    /** By when its PARAMS must end, set when the reader began it (a request that arrived whole needs none). */
    private long headDeadline = Long.MAX_VALUE;

    FastCgiRequest(FastCgiConnection connection, GatewayConfig config, int id, boolean keepConn) {
        this.connection = connection;
        this.config = config;
        this.id = id;
        this.keepConn = keepConn;
        this.stdin = new StdinPipe(STDIN_WINDOW, config.bodyTimeout().toNanos(), config.minBodyRate());
        this.handler = new FastCgiHandler(connection, id);
        handler.setObserver(config.observer());
        this.stderr = new FastCgiStderr(connection, id);
    }

    int id() {
        return id;
    }

    /** The time ({@link System#nanoTime}) by which this request's PARAMS must end; read by the reader only. */
    void headBy(long deadline) {
        headDeadline = deadline;
    }

    long headDeadline() {
        return headDeadline;
    }

    boolean keepConn() {
        return keepConn;
    }

    /** This request's STDERR stream if {@code thread} is running its application now, else null. */
    FastCgiStderr stderrIfRunBy(Thread thread) {
        return runner == thread ? stderr : null;
    }

    boolean started() {
        return started;
    }

    /** Whether the whole body arrived (or can no longer arrive). */
    boolean inputComplete() {
        return stdin.complete();
    }

    /**
     * A PARAMS record; returns true when the stream ended and the request is ready to run.
     *
     * @throws GatewayProtocolException when the params use too many records (malformed ones are answered 400)
     */
    boolean params(byte[] content, Application app) throws GatewayProtocolException {
        if (started) {
            return false; // PARAMS after the end of the stream: ignored
        }
        if (content.length > 0) {
            if (++paramsRecords > config.maxParamsRecords()) {
                throw new GatewayProtocolException("FastCGI request " + id + " sent more than "
                        + config.maxParamsRecords() + " PARAMS records");
            }
            if (paramsSize() + content.length > config.maxParamsBytes()) {
                paramsTooLarge = true; // keep reading to the end of the stream, then answer 431
            } else if (firstParams == null) {
                firstParams = content; // the record's own array: nothing else holds it
            } else {
                if (params == null) {
                    params = new ParamsBuffer();
                    params.write(firstParams, 0, firstParams.length);
                }
                params.write(content, 0, content.length);
            }
            return false;
        }
        started = true;
        if (paramsTooLarge) {
            refusal = Status.of(431);
            refusalProblem = Refusal.paramsProblem(config.maxParamsBytes());
            return true;
        }
        environ = new Environ();
        try {
            if (params != null) {
                FastCgiParams.decodeInto(params.bytes(), params.size(), environ);
            } else if (firstParams != null) {
                FastCgiParams.decodeInto(firstParams, firstParams.length, environ);
            }
        } catch (GatewayProtocolException e) {
            // the web server gets the reason, as from the SCGI gateway, not a closed connection that nginx
            // could only report as 502; nothing of the PARAMS is trusted, so no application runs. The
            // records around them were whole, so the connection (and its other requests) goes on
            String problem = "the web server sent malformed PARAMS: " + e.getMessage();
            LOG.log(System.Logger.Level.WARNING, "answering 400 to FastCGI request " + id + ": " + problem);
            this.environ = null;
            refusal = Status.of(400);
            refusalProblem = problem;
            return true;
        }
        declaredLength = GatewayEnviron.declaredLength(GatewayEnviron.contentLength(environ));
        Refusal refused = Refusal.of(environ, declaredLength, config.maxBodyBytes());
        this.app = refused != null ? refused : app;
        return true;
    }

    private int paramsSize() {
        return params != null ? params.size() : firstParams != null ? firstParams.length : 0;
    }

    /**
     * A STDIN record: body bytes for {@code wsgi.input}, or (empty) its end.
     *
     * @throws GatewayProtocolException when more STDIN than the pipe holds arrives before the PARAMS end
     */
    void stdin(byte[] content) throws IOException {
        if (content.length == 0) {
            stdin.finish();
            return;
        }
        if (!started && stdin.available() >= STDIN_WINDOW) {
            // nobody reads the pipe before the PARAMS end, which comes later on the wire: waiting for room
            // would hold the connection's reader (and the connection) for ever, past every time limit
            throw new GatewayProtocolException("FastCGI request " + id + " sent more than " + STDIN_WINDOW
                    + " bytes of STDIN before the end of its PARAMS");
        }
        stdinBytes += content.length;
        if (stdinBytes > config.maxBodyBytes()) {
            stdin.fail(new HttpException(413, "the request body exceeds this gateway's limit of "
                    + config.maxBodyBytes() + " bytes"));
            return;
        }
        if (!connection.othersActive()) {
            stdin.offer(content); // the application's pace is the web server's: nothing else waits for the reader
        } else if (!stdin.offer(content, config.bodyTimeout().toNanos())) {
            // the reader, which feeds every request on the connection, must not wait on this one for ever
            stdin.fail(new IOException("the application read none of its request body for "
                    + config.bodyTimeout().toMillis() + " ms while other requests on its FastCGI connection waited"
                    + " (GatewayConfig bodyTimeout); the rest of the body was dropped"));
        }
    }

    /** The reader dispatches this request's PARAMS' end or a STDIN record; {@code clock} is its time waiting for records. */
    void heardAt(long clock) {
        heardAt = clock;
    }

    /**
     * Fails the input with a {@link BodyTimeoutException} when the reader waited for records longer than
     * {@code timeout} since this request's body last moved (reader thread; other requests' records came meanwhile).
     */
    void failIfStalled(long clock, java.time.Duration timeout) {
        if (started && clock - heardAt > timeout.toNanos() && !stdin.complete()) {
            inputLost(timeout.toMillis());
        }
    }

    /** The web server went away, or the shutdown cut the connection: unblock the application and end its response. */
    void abort(String why) {
        handler.abort();
        stdin.fail(new IOException(why));
    }

    /**
     * ABORT_REQUEST: unblock the application and end its response. A body still arriving was cut off by
     * the client (FastCGI 1.0 section 5.4: the web server aborts when its HTTP client closed), which the
     * read reports as every transport does, and not as the application's failure.
     */
    void abortedByTheWebServer() {
        handler.abort();
        stdin.fail(new ClientClosedException("the web server aborted the request (FCGI_ABORT_REQUEST) before its"
                + " body ended"));
    }

    /**
     * The connection ended before the body did: the web server closed it, or ({@code stalledMillis} not
     * negative) the body timeout ended a read that waited that long, which is a 408 as on the reference server.
     */
    void inputLost(long stalledMillis) {
        stdin.fail(stalledMillis >= 0 ? new BodyTimeoutException(stalledMillis)
                : new ClientClosedException("the web server closed the connection before the request body ended"));
    }

    @Override
    public void run() {
        Outcome outcome = Outcome.ABORTED;
        BoundedInput bounded = null;
        try {
            runner = Thread.currentThread();
            if (refusal != null) {
                handler.refuse(refusal, refusalProblem);
                outcome = Outcome.CLOSE; // the response is whole; FCGI_KEEP_CONN decides about the connection
            } else {
                // R2.15: wsgi.input never yields more than CONTENT_LENGTH, and STDIN that ends short of it is
                // an error, not a short body (FastCGI 1.0 section 6.2: compare the two and abort an update)
                bounded = declaredLength >= 0 ? new BoundedInput(stdin, declaredLength) : null;
                InputStream input = bounded != null ? bounded : stdin;
                outcome = handler.run(app, GatewayEnviron.complete(environ, input, connection.errors(), false));
            }
        } catch (IOException e) {
            // the web server is gone while the gateway answered it: nothing more reaches it
        } catch (RuntimeException | Error e) {
            // the handler reports application failures itself; this is a gateway bug: don't hide it
            System.getLogger("io.wsgi4j.gateway").log(System.Logger.Level.ERROR, "FastCGI request failed", e);
        } finally {
            runner = null;
            stdin.discard(); // R1.2: a kept wsgi.input refuses to read from now on, the bounded one too
            if (bounded != null) {
                bounded.end();
            }
            boolean stderrUsed = stderr.end();
            connection.forget(this);
            if (outcome == Outcome.ABORTED && !handler.aborted()) {
                // R5.4: the response was cut short after its headers. An END_REQUEST would tell the web
                // server that the response is whole (nginx then ends the client's chunked body cleanly),
                // so the request gets none: its connection is dropped mid-stream instead
                handler.cutShort();
                connection.cutShort(this);
            } else {
                handler.end(outcome == Outcome.ABORTED ? 1 : 0, stderrUsed);
                connection.finished(this);
            }
        }
    }

    /** The PARAMS bytes as they arrive, decoded from the buffer itself (no copy). */
    private static final class ParamsBuffer extends ByteArrayOutputStream {
        byte[] bytes() {
            return buf;
        }
    }
}
