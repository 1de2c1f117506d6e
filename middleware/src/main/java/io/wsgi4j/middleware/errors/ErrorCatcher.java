// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.errors;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.FileBody;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.request.RequestException;
import io.wsgi4j.middleware.tracing.RequestId;
import java.util.Collection;
import java.util.Objects;

/**
 * Turns an exception from the wrapped application, in its call or while its body is iterated, into
 * an error page, and writes the stack trace to {@code wsgi.errors}.
 *
 * <pre>{@code
 * Application app = Pipeline.builder()
 *         .use(ErrorCatcher.standard())        // or ErrorCatcher.debug() in development
 *         .run(site);
 * }</pre>
 *
 * <p>The page is an application ({@link ErrorPages} by default) that starts its response with the
 * exception as {@code excInfo}. While no header has been sent it replaces the response (and the
 * original body is closed); once headers are out, start_response rethrows the exception, which
 * propagates to the server, and the server aborts the connection rather than end a truncated response
 * as if it were complete. Virtual-machine errors such as {@link OutOfMemoryError} are not caught. A
 * {@link RequestException} (a bad form, an oversize body) is the client's mistake: it is answered with
 * its own 4xx status and not logged as an error.
 * In-memory bodies (collections) and file bodies are passed through unwrapped: sending them runs no
 * application code, and a {@link FileBody} keeps the server's zero-copy path.
 *
 * @since 0.1
 */
public final class ErrorCatcher implements Application {
    private final Application next;
    private final Application page;

    private ErrorCatcher(Application next, Application page) {
        this.next = Objects.requireNonNull(next, "next");
        this.page = Objects.requireNonNull(page, "page");
    }

    /** Catches errors and answers with {@link ErrorPages#standard()}. @since 0.1 */
    public static Middleware standard() {
        return with(ErrorPages.standard());
    }

    /** Catches errors and answers with {@link ErrorPages#debug()}: trace and environ shown to the client. @since 0.1 */
    public static Middleware debug() {
        return with(ErrorPages.debug());
    }

    /**
     * Catches errors and answers with {@code page}, which finds the exception under {@link Environ#ERROR}.
     *
     * @since 0.1
     */
    public static Middleware with(Application page) {
        Objects.requireNonNull(page, "page");
        String name = page instanceof ErrorPages ? "ErrorCatcher." + page.toString().replace("ErrorPages.", "")
                : "ErrorCatcher.with(" + page + ")";
        return Middleware.named(name, next -> new ErrorCatcher(next, page));
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        Iterable<byte[]> body;
        try {
            body = next.call(environ, startResponse);
        } catch (Exception | Error e) {
            return recover(environ, startResponse, e);
        }
        if (body instanceof Collection<?> || body instanceof FileBody) {
            return body; // no application code runs while these are sent; a FileBody keeps zero-copy
        }
        return new CatchingBody(body, this, environ, startResponse);
    }

    /**
     * Logs {@code error} and renders the page with it as excInfo; rethrows it if headers are already
     * sent (start_response does that) or if it is a virtual-machine error.
     */
    Iterable<byte[]> recover(Environ environ, StartResponse startResponse, Throwable error) throws Exception {
        if (error instanceof VirtualMachineError && !(error instanceof StackOverflowError)) {
            throw (VirtualMachineError) error;
        }
        if (error instanceof RequestException bad) {
            return bad.respond(startResponse); // the client's mistake: its 4xx, and no trace in the error log
        }
        log(environ, error);
        StartResponse withExcInfo = (status, headers, excInfo) ->
                startResponse.start(status, headers, excInfo != null ? excInfo : error);
        Object previous = environ.put(Environ.ERROR, error);
        try {
            return page.call(environ, withExcInfo);
        } finally {
            if (previous == null) {
                environ.remove(Environ.ERROR);
            } else {
                environ.put(Environ.ERROR, previous);
            }
        }
    }

    private static void log(Environ environ, Throwable error) {
        var err = environ.errors();
        String id = RequestId.reported(environ);
        err.println("wsgi4j ErrorCatcher: error while serving " + environ.requestMethod() + " "
                + environ.scriptName() + environ.pathInfo() + (id == null ? "" : " (request id " + id + ")") + ":");
        error.printStackTrace(err);
        err.flush();
    }

    @Override
    public String toString() {
        return "ErrorCatcher(" + page + ") -> " + next;
    }
}
