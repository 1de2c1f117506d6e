// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.response;

import io.wsgi4j.Header;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.Write;
import java.util.List;
import java.util.Objects;

/**
 * A start_response that holds the application's status and headers until the wrapping middleware
 * has seen enough to rewrite them, then forwards the rewritten start and filters the body: the
 * shared machinery of the middleware in this module that change responses.
 *
 * <pre>{@code
 * HeldResponse held = new HeldResponse(startResponse, (start, body) -> start.withHeader("X-A", "1"));
 * return held.finish(next.call(environ, held));
 * }</pre>
 *
 * <p>The rewrite runs once, when the status is known: at {@link #finish} if the application started
 * the response before returning (the body is then passed, so its size can be known), else when the
 * first chunk arrives or at the end of the body (a class-based application that starts while it is
 * iterated), or at the first legacy {@code write}. A second start with {@code excInfo} is rewritten
 * and forwarded again. When the rewrite keeps the body as it is, {@link #finish} returns the
 * application's body itself (a {@code FileBody} stays zero-copy); otherwise it returns a wrapper whose
 * {@code close()} closes the original and the filter.
 *
 * @since 0.1
 */
public final class HeldResponse implements StartResponse {
    private final StartResponse downstream;
    private final Rewrite rewrite;
    private Status status;
    private List<Header> headers;
    private Throwable excInfo;
    private boolean pending;
    private boolean forwarded;
    private BodyFilter filter;
    private Write downstreamWrite;

    /**
     * Decides what to send instead of the application's start.
     *
     * @since 0.1
     */
    @FunctionalInterface
    public interface Rewrite {
        /**
         * Returns the start to forward.
         *
         * @param app the application's status and headers
         * @param knownBody the application's body when it is already known (it started before
         *     returning), else null; never iterate it here
         * @since 0.1
         */
        ResponseStart rewrite(ResponseStart app, Iterable<byte[]> knownBody);
    }

    /**
     * Holds starts for {@code downstream}, rewriting them with {@code rewrite}.
     *
     * @throws NullPointerException if an argument is null
     * @since 0.1
     */
    public HeldResponse(StartResponse downstream, Rewrite rewrite) {
        this.downstream = Objects.requireNonNull(downstream, "downstream");
        this.rewrite = Objects.requireNonNull(rewrite, "rewrite");
    }

    @Override
    public Write start(Status status, List<Header> headers, Throwable excInfo) {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(headers, "headers");
        if (excInfo == null && (pending || forwarded)) {
            throw new IllegalStateException("R3.2 start_response was called a second time without excInfo"
                    + " (first status " + this.status + ", now " + status + "); pass the exception being"
                    + " handled as excInfo to replace a response that has not been sent");
        }
        this.status = status;
        this.headers = headers;
        this.excInfo = excInfo;
        pending = true;
        if (forwarded) {
            forward(null); // an error page replacing what we forwarded: the downstream decides if it still can
        }
        return this::write;
    }

    /**
     * Forwards the held start now if one is waiting; {@code knownBody} is the application's body or null.
     *
     * @since 0.1
     */
    public void forward(Iterable<byte[]> knownBody) {
        if (!pending) {
            return;
        }
        pending = false;
        ResponseStart out = rewrite.rewrite(new ResponseStart(status, headers, null), knownBody);
        BodyFilter previous = filter;
        filter = out.filter();
        forwarded = true;
        if (previous != null && previous != filter) {
            previous.close();
        }
        downstreamWrite = downstream.start(out.status(), out.headers(), excInfo);
    }

    /**
     * Forwards a start the application made before returning and returns the body to hand on: the
     * application's own body when nothing changes it, an empty body (after closing the original) when
     * the rewrite discards it, else a filtering wrapper. When forwarding throws (the start is refused),
     * the body and the filter are closed before the exception goes on.
     *
     * @since 0.1
     */
    public Iterable<byte[]> finish(Iterable<byte[]> body) {
        Objects.requireNonNull(body, "body");
        try {
            forward(body);
        } catch (RuntimeException | Error e) {
            // the start was refused (R3.7, a bad header): the application handed its body to us, and the
            // exception leaves nobody else holding it or the filter (R4.3)
            closeAfterFailure(body, e);
            throw e;
        }
        if (forwarded && filter == null) {
            return body;
        }
        if (forwarded && filter == BodyFilter.DISCARD) {
            io.wsgi4j.Body.close(body);
            return List.of();
        }
        return new FilteredBody(this, body);
    }

    private void closeAfterFailure(Iterable<byte[]> body, Throwable failure) {
        try {
            io.wsgi4j.Body.close(body);
        } catch (RuntimeException | Error e) {
            failure.addSuppressed(e);
        }
        if (filter != null) {
            try {
                filter.close();
            } catch (RuntimeException | Error e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** True once a start was forwarded downstream. @since 0.1 */
    public boolean forwarded() {
        return forwarded;
    }

    /** The filter chosen by the last rewrite, or null. */
    BodyFilter filter() {
        return filter;
    }

    private void write(byte[] data) throws java.io.IOException {
        forward(null);
        BodyFilter f = filter;
        if (f == BodyFilter.DISCARD) {
            return;
        }
        byte[] out = f == null ? data : f.chunk(data);
        if (out.length > 0) {
            downstreamWrite.write(out);
        }
    }
}
