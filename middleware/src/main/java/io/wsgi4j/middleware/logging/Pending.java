// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.Write;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * One request in flight through an {@link AccessLog}: remembers the request line and the status (it is
 * the start_response the application sees), counts bytes, and writes the line once at the end.
 */
final class Pending implements StartResponse, Write {
    private final AccessLog log;
    private final Environ environ;
    private final StartResponse inner;
    private final Instant time;
    private final ZoneId zone;
    private final long startNanos;
    private final String method;
    private final String target;
    private final String protocol;
    private int status = 500; // what the server answers if the application never starts a response
    private long bytes;
    private boolean logged;
    private Write downstream; // the server's write callable, from the last start

    Pending(AccessLog log, Environ environ, StartResponse inner, Instant time, ZoneId zone, long startNanos) {
        this.log = log;
        this.environ = environ;
        this.inner = inner;
        this.time = time;
        this.zone = zone;
        this.startNanos = startNanos;
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

    /** Counts a chunk the server took from the body. */
    void counted(int n) {
        bytes += n;
    }

    /** The application threw from its call: log a 500 with nothing sent. */
    void failed() {
        status = 500;
        finish(0, false);
    }

    /** Logs the request once: {@code total} body bytes if known (else what was counted). */
    void finish(long total, boolean complete) {
        if (logged) {
            return;
        }
        logged = true;
        long sent = total >= 0 ? total : bytes;
        if (method.equals("HEAD") || status < 200 || status == 204 || status == 304) {
            sent = 0;
            complete = complete || method.equals("HEAD");
        }
        Object id = environ.get(AccessLog.REQUEST_ID);
        Object route = environ.get(AccessLog.ROUTE);
        Object trace = environ.get(AccessLog.TRACE_ID);
        AccessRecord r = new AccessRecord(environ.remoteAddr(), environ.remoteUser(), ZonedDateTime.ofInstant(time, zone),
                method, target, protocol, status, sent, System.nanoTime() - startNanos, string("HTTP_REFERER"),
                string("HTTP_USER_AGENT"),
                id instanceof String s ? s : string("HTTP_X_REQUEST_ID"), route instanceof String s ? s : null,
                complete, trace instanceof String s ? s : null);
        log.emit(r, environ);
    }

    /** A header by its environ key (constant keys: {@code environ.header(name)} builds the key each call). */
    private String string(String key) {
        return environ.get(key) instanceof String s ? s : null;
    }
}
