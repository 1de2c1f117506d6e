// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import io.wsgi4j.LogEscape;
import io.wsgi4j.Status;
import io.wsgi4j.handler.HttpDate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    /**
     * The whole response the server sends for a refused request: status line, a short text body
     * naming the problem, and {@code Connection: close}.
     */
    static byte[] response(int code, String message) {
        return response(code, message, false);
    }

    /**
     * As {@link #response(int, String)}; for a HEAD request ({@code headRequest}) the head alone, its
     * Content-Length still that of the text (RFC 9110 section 9.3.2: no content in an answer to HEAD).
     */
    static byte[] response(int code, String message, boolean headRequest) {
        Status status = Status.of(code);
        byte[] body = (status + ": " + message + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] fields = ("HTTP/1.1 " + status + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\nDate: " + HttpDate.now() + "\r\nServer: wsgi4j\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        if (headRequest) {
            return fields;
        }
        byte[] all = Arrays.copyOf(fields, fields.length + body.length);
        System.arraycopy(body, 0, all, fields.length, body.length);
        return all;
    }

    /** The body bytes of a {@link #response}: what follows the blank line that ends its head. */
    static int bodyLength(byte[] response) {
        for (int i = 3; i < response.length; i++) {
            if (response[i] == '\n' && response[i - 1] == '\r' && response[i - 2] == '\n' && response[i - 3] == '\r') {
                return response.length - i - 1;
            }
        }
        return 0;
    }

    /** The status to answer, e.g. 400, 413, 431. @since 0.1 */
    public int status() {
        return status;
    }

    /**
     * The status the HTTP server answers when an application fails with {@code failure} before its
     * response began: that of an {@code HttpException} in its cause chain (a request body over the
     * limit, malformed chunks), 408 for a {@link BodyTimeoutException} (a body that stalled), 400 for a
     * {@link ClientClosedException} (the client ended its connection mid-body), else 500.
     * An access log that says what the client got asks this rather than assuming 500.
     *
     * <pre>{@code
     * catch (Exception e) { status = HttpException.statusFor(e); throw e; }
     * }</pre>
     *
     * @since 0.2
     */
    public static int statusFor(Throwable failure) {
        Throwable refusal = refusal(failure);
        return refusal instanceof HttpException h ? h.status() : refusal instanceof ClientClosedException ? 400
                : refusal != null ? 408 : 500;
    }

    /**
     * The {@code HttpException}, {@link BodyTimeoutException} or {@link ClientClosedException} in
     * {@code failure}'s cause chain, or null: the server's refusal of the request body, whose message
     * (unlike an application's wrapper around it) is fit for the client.
     *
     * @since 0.2
     */
    public static Throwable refusal(Throwable failure) {
        // at most 64 causes deep: a chain may loop (a cause whose cause is the first), and nothing the server
        // throws is wrapped that deep
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 64; depth++, t = t.getCause()) {
            if (t instanceof HttpException || t instanceof BodyTimeoutException || t instanceof ClientClosedException) {
                return t;
            }
        }
        return null;
    }

    /**
     * One line for a transport's failure report when {@code failure} is a refused request body the
     * application let escape (see {@code BaseHandler.clientFailure}), else null.
     *
     * @since 0.2
     */
    public static String clientFailure(Throwable failure) {
        Throwable refusal = refusal(failure);
        if (refusal == null) {
            return null;
        }
        String escaped = refusal == failure ? "" : "; the application let it escape as " + failure.getClass().getName();
        return "the request body was refused (" + statusFor(refusal) + ": "
                + LogEscape.of(String.valueOf(refusal.getMessage())) + escaped + ")";
    }
}
