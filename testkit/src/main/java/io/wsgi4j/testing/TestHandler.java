// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import io.wsgi4j.Header;
import io.wsgi4j.Status;
import io.wsgi4j.handler.BaseHandler;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The test client's transport: runs the shared algorithm as a gateway would (no HTTP framing bytes)
 * and captures status, headers, body bytes and the first failure it logged. Reusable, one request
 * at a time.
 */
final class TestHandler extends BaseHandler {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(256);
    private List<Header> headers = List.of();
    private Throwable firstError;

    TestHandler() {
        super(false, "test");
    }

    /** Forgets the previous request. */
    void reset() {
        body.reset();
        headers = List.of();
        firstError = null;
    }

    @Override
    protected void writeHead(Status status, List<Header> appHeaders, long addedLength) {
        // RFC 9110 section 8.6, as every server and gateway sends it: no Content-Length on a 1xx or 204, and a
        // 205 only with the handler's own 0
        int code = status.code();
        boolean dropLength = code < 200 || code == 204 || code == 205;
        if (addedLength < 0 && !dropLength) {
            headers = List.copyOf(appHeaders);
            return;
        }
        List<Header> all = new ArrayList<>(appHeaders.size() + 1);
        for (Header h : appHeaders) {
            if (!(dropLength && h.is("Content-Length"))) {
                all.add(h);
            }
        }
        if (addedLength >= 0) {
            all.add(Header.of("Content-Length", Long.toString(addedLength)));
        }
        headers = List.copyOf(all);
    }

    @Override
    protected void writeBytes(byte[] b, int off, int n) {
        body.write(b, off, n);
    }

    @Override
    protected void flushBytes() {
        // nothing buffered
    }

    @Override
    protected void logError(Throwable t) {
        if (firstError == null) {
            firstError = t;
        }
        super.logError(t);
    }

    List<Header> capturedHeaders() {
        return headers;
    }

    byte[] capturedBody() {
        return body.toByteArray();
    }

    /** The bytes written since the last call, for chunk-by-chunk reading. */
    byte[] takeBody() {
        byte[] b = body.toByteArray();
        body.reset();
        return b;
    }

    Throwable firstError() {
        return firstError;
    }

    /** Why the handler aborted the response it just finished: the failure it logged first. */
    Throwable abortCause() {
        return firstError != null ? firstError : new IllegalStateException("the handler aborted the response");
    }
}
