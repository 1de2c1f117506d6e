// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.Write;
import io.wsgi4j.middleware.routing.Router;
import io.wsgi4j.middleware.tracing.RequestId;
import io.wsgi4j.middleware.tracing.TraceContext;
import io.wsgi4j.server.HttpException;
import java.time.ZoneId;
import java.util.List;

/**
 * One request in flight through an {@link AccessLog}: remembers the request line and the status (it is
 * the start_response the application sees), counts bytes, and writes the line once at the end.
 */
final class Pending implements StartResponse, Write, LogFields {
    private final AccessLog log;
    private final Environ environ;
    private final StartResponse inner;
    private final LogClock clock;
    private final long startNanos; // 0 when the format prints no duration
    private long epochSecond;
    private int nano;
    private final String method;
    private final String target;
    private final String protocol;
    private int status = 500; // what the server answers if the application never starts a response
    private long bytes;
    private boolean logged;
    private boolean complete;
    private long durationNanos;
    private Write downstream; // the server's write callable, from the last start

    Pending(AccessLog log, Environ environ, StartResponse inner, LogClock clock) {
        this.log = log;
        this.environ = environ;
        this.inner = inner;
        this.clock = clock;
        this.startNanos = clock.startNanos();
        clock.start(this, startNanos);
        this.method = environ.requestMethod();
        String raw = environ.rawTarget();
        if (raw == null) {
            String q = environ.queryString();
            raw = io.wsgi4j.PercentCodec.encodePath(environ.scriptName() + environ.pathInfo())
                    + (q.isEmpty() ? "" : "?" + q);
        }
        this.target = raw;
        this.protocol = environ.serverProtocol();
    }

    @Override
    public Write start(Status s, List<Header> headers, Throwable excInfo) {
        downstream = inner.start(s, headers, excInfo);
        status = s.code();
        return this; // the legacy write callable: no object per request for it
    }

    @Override
    public void write(byte[] data) throws java.io.IOException {
        downstream.write(data);
        bytes += data.length;
    }

    /** The request's start time, from {@link LogClock#start}. */
    void started(long epochSecond, int nano) {
        this.epochSecond = epochSecond;
        this.nano = nano;
    }

    /** Counts a chunk the server took from the body. */
    void counted(int n) {
        bytes += n;
    }

    /**
     * The body threw while the server iterated it. Headers go out with the first non-empty chunk or
     * write (SPEC.md R5.1), so with no byte taken yet the server answers with its 500 page instead of
     * the status the application started: the line says 500 (or the server's 413 or 408 for a refused
     * request body), what the client got.
     */
    void bodyFailed(Throwable failure) {
        if (bytes == 0) {
            status = HttpException.statusFor(failure);
        }
    }

    /**
     * The application threw from its call: log what the server answers with nothing sent, a 500, or
     * the 413 or 408 the HTTP server answers for a request body it refused (read by the application).
     */
    void failed(Throwable failure) {
        status = HttpException.statusFor(failure);
        finish(0, false);
    }

    /** Logs the request once: {@code total} body bytes if known (else what was counted). */
    void finish(long total, boolean complete) {
        if (logged) {
            return;
        }
        logged = true;
        durationNanos = clock.durationNanos(startNanos);
        bytes = total >= 0 ? total : bytes;
        if (environ.get(Environ.ERROR) instanceof Throwable replaced) {
            // closed as the server's error page replaces the response before its headers went out (SPEC.md R5.4),
            // also when the server refused it itself (a body contradicting its Content-Length, R4.6): the client
            // got the page's status, and none of these bytes
            status = HttpException.statusFor(replaced);
            bytes = 0;
            complete = false;
        }
        if (method.equals("HEAD") || status < 200 || status == 204 || status == 205 || status == 304) {
            bytes = 0;
            complete = complete || method.equals("HEAD");
        }
        this.complete = complete;
        log.emit(this, environ);
    }

    // The line's fields, read by LogFormat while the line is written (the environ ones at that moment,
    // so middleware inside the log may set the user, request id and route).

    @Override
    public String remoteAddr() {
        return environ.remoteAddr();
    }

    @Override
    public String remoteUser() {
        return environ.remoteUser();
    }

    @Override
    public long epochSecond() {
        return epochSecond;
    }

    @Override
    public int nano() {
        return nano;
    }

    @Override
    public ZoneId zone() {
        return clock.zone();
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public long durationNanos() {
        return durationNanos;
    }

    @Override
    public String referer() {
        return string("HTTP_REFERER");
    }

    @Override
    public String userAgent() {
        return string("HTTP_USER_AGENT");
    }

    @Override
    public String requestId() {
        return RequestId.reported(environ);
    }

    @Override
    public String route() {
        return environ.get(Router.ROUTE) instanceof String s ? s : null;
    }

    @Override
    public boolean complete() {
        return complete;
    }

    @Override
    public String traceId() {
        return environ.get(TraceContext.TRACE_ID) instanceof String s ? s : null;
    }

    /** A header by its environ key (constant keys: {@code environ.header(name)} builds the key each call). */
    private String string(String key) {
        return environ.get(key) instanceof String s ? s : null;
    }
}
