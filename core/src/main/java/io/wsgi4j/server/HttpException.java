// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import java.io.IOException;

/**
 * A request the server refuses, with the status to answer: a malformed or oversized head (the
 * server answers it before any application runs), or a request body that turns out malformed or too
 * large while the application reads {@code wsgi.input} (the read throws this, and if the application
 * lets it escape the response is this status instead of a 500). The connection closes afterwards.
 *
 * <pre>{@code
 * try { body = environ.input().readAllBytes(); }
 * catch (HttpException e) { ... e.status() is 413 when the body exceeded ServerConfig.maxBodyBytes }
 * }</pre>
 *
 * @since 0.1
 */
public final class HttpException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status the 4xx or 5xx status to answer
     * @param message what was wrong, sent to the client as the response body
     * @throws IllegalArgumentException unless status is 400..599
     * @since 0.1
     */
    public HttpException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be an error status 400..599, got " + status);
        }
        this.status = status;
    }

    /** No stack trace: the cause is the client's bytes, not a code path worth recording. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /** The status to answer, e.g. 400, 413, 431. @since 0.1 */
    public int status() {
        return status;
    }
}
