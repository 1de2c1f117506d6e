// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.handler.ErrorPage;

/**
 * The server's error page: when an application fails because reading the request body failed with
 * an {@link HttpException} (a body over the limit, malformed chunks) or stalled
 * ({@link BodyTimeoutException}: 408), the client gets that status and message (e.g. 413) rather
 * than a 500 that blames the server; anything else goes to the plain or debug 500 page. The gateways
 * answer with it too, for a body the web server cut off (400) or one over their limit (413).
 *
 * @since 0.2
 */
public final class ServerErrorPage implements Application {
    private final Application fallback;

    /**
     * The page; {@code debug} shows a failure's stack trace on the 500 page ({@link ErrorPage#DEBUG}).
     *
     * @since 0.2
     */
    public ServerErrorPage(boolean debug) {
        this.fallback = debug ? ErrorPage.DEBUG : ErrorPage.PLAIN;
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        Object error = environ.get(Environ.ERROR);
        Throwable refusal = error instanceof Throwable e ? HttpException.refusal(e) : null;
        if (refusal != null) {
            return answer(HttpException.statusFor(refusal), refusal, startResponse);
        }
        return fallback.call(environ, startResponse);
    }

    private static Iterable<byte[]> answer(int code, Throwable cause, StartResponse startResponse) {
        Status status = Status.of(code);
        startResponse.start(status, Headers.of("Content-Type", "text/plain; charset=utf-8"), cause);
        return Body.of(status + ": " + cause.getMessage() + "\n");
    }

    @Override
    public String toString() {
        return "ServerErrorPage(" + fallback + ")";
    }
}
