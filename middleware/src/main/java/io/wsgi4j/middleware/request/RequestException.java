// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;

/**
 * A request the helpers of this package cannot accept, carrying the 4xx status to answer with.
 *
 * <pre>{@code
 * try {
 *     FormData form = Forms.parse(environ);
 * } catch (RequestException e) {
 *     return e.respond(startResponse);   // 400, 413 or 415 with a plain-text reason
 * }
 * }</pre>
 *
 * <p>{@link RequestScope} answers it for you when it escapes an application. The message names the
 * problem and never echoes more than a short, escaped piece of the client's input.
 *
 * @since 0.1
 */
public final class RequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * An exception answering {@code status} with {@code message}.
     *
     * @param status a 4xx status code
     * @param message what was wrong with the request, safe to show to the client
     * @throws IllegalArgumentException if {@code status} is not in 400..499
     * @since 0.1
     */
    public RequestException(int status, String message) {
        super(message);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("a RequestException status must be 4xx, got " + status);
        }
        this.status = status;
    }

    /** A 400 Bad Request. @since 0.1 */
    public static RequestException badRequest(String message) {
        return new RequestException(400, message);
    }

    /** A 413 Content Too Large. @since 0.1 */
    public static RequestException tooLarge(String message) {
        return new RequestException(413, message);
    }

    /**
     * Reading {@code what} failed with {@code e}: 413 when a {@link BodyLimit} refused to read further
     * ({@link BodyTooLargeException}); the status of the server's or gateway's own refusal when it is
     * one (413 for a chunked body over {@code maxBodyBytes}, 408 for a body that stalled: the client's
     * request was not malformed, and README's limits table promises those statuses); else 400. The
     * failure is kept as the cause.
     */
    static RequestException readFailed(String what, java.io.IOException e) {
        RequestException failed;
        if (e instanceof BodyTooLargeException) {
            failed = tooLarge(what + " is larger than the body limit: " + e.getMessage());
        } else {
            int refused = io.wsgi4j.server.HttpException.statusFor(e); // 500 when no transport refused it
            failed = new RequestException(refused >= 400 && refused < 500 ? refused : 400,
                    "reading " + what + " failed: " + e.getMessage());
        }
        failed.initCause(e);
        return failed;
    }

    /** A 415 Unsupported Media Type. @since 0.1 */
    public static RequestException unsupportedType(String message) {
        return new RequestException(415, message);
    }

    /** The status code to answer with (400, 413, 415, ...). @since 0.1 */
    public int status() {
        return status;
    }

    /**
     * Answers the request with this exception's status and its message as plain text. It passes itself
     * as {@code excInfo}, so it also replaces a response the application started but has not sent.
     *
     * @return the response body
     * @since 0.1
     */
    public Iterable<byte[]> respond(StartResponse startResponse) {
        startResponse.start(Status.of(status), Headers.of(
                "Content-Type", "text/plain; charset=utf-8",
                "X-Content-Type-Options", "nosniff"), this);
        return Body.of(Status.of(status) + ": " + getMessage() + "\n");
    }

    /** Quotes client input for a message: escaped and cut to 60 characters. */
    static String quote(String clientText) {
        String s = clientText.length() > 60 ? clientText.substring(0, 60) + "..." : clientText;
        return Headers.describe(s);
    }
}
