// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.errors;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.FileBody;
import io.wsgi4j.LogEscape;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.internal.BuilderCode;
import io.wsgi4j.middleware.internal.TextAnswer;
import io.wsgi4j.middleware.request.RequestException;
import io.wsgi4j.middleware.tracing.RequestId;
import io.wsgi4j.server.HttpException;
import java.util.Collection;
import java.util.Objects;

/**
 * Turns an exception from the wrapped application, in its call or while its body is iterated, into
 * an error page, and writes the stack trace to {@code wsgi.errors}.
 *
 * <pre>{@code
 * Application app = Pipeline.builder()
 *         .use(ErrorCatcher.of())        // or .builder().page(ErrorPages.builder().debug(true).build()).build()
 *         .run(site);
 * }</pre>
 *
 * <p>The page is an application ({@link ErrorPages} by default) that starts its response with the
 * exception as {@code excInfo}. While no header has been sent it replaces the response (and the
 * original body is closed); once headers are out, start_response rethrows the exception, which
 * propagates to the server, and the server aborts the connection rather than end a truncated response
 * as if it were complete. Virtual-machine errors such as {@link OutOfMemoryError} are not caught. A
 * {@link RequestException} (a bad form, an oversize body) is the client's mistake: it is answered with
 * its own 4xx status and not logged as an error; so is a request body the reference server refused
 * while the application read it (413, 408, or 400 for a client that left mid-body:
 * {@link io.wsgi4j.server.HttpException#statusFor}), with the status the server would answer.
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

    /** Catches errors and answers with the standard {@link ErrorPages#of()}. @since 0.2 */
    public static Middleware of() {
        return builder().build();
    }

    /** A builder starting from the defaults. @since 0.2 */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Catches errors and answers with the standard pages.
     *
     * @deprecated use {@link #of()}
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static Middleware standard() {
        return of();
    }

    /**
     * Catches errors and answers with the debug pages: trace and environ shown to the client.
     *
     * @deprecated use {@code ErrorCatcher.builder().page(ErrorPages.builder().debug(true).build()).build()}
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static Middleware debug() {
        return builder().page(ErrorPages.builder().debug(true).build()).build();
    }

    /**
     * Catches errors and answers with {@code page}.
     *
     * @deprecated use {@code ErrorCatcher.builder().page(page).build()}
     * @throws NullPointerException if {@code page} is null
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static Middleware with(Application page) {
        return builder().page(page).build();
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
        // with excInfo, so that a response already started by the application is replaced, or (sent) rethrows
        StartResponse withExcInfo = (status, headers, excInfo) ->
                startResponse.start(status, headers, excInfo != null ? excInfo : error);
        if (error instanceof RequestException bad) {
            return bad.respond(withExcInfo); // the client's mistake: its 4xx, and no trace in the error log
        }
        Throwable refusal = HttpException.refusal(error);
        if (refusal != null) {
            // the server refused the request body the application read (over the limit 413, stalled 408, cut
            // short 400): the client's doing too, answered as the server itself would, with the refusal's own
            // message (an application's wrapper around it may name files or users)
            return TextAnswer.send(withExcInfo, HttpException.statusFor(refusal), refusal.getMessage());
        }
        log(environ, error);
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
        err.println("wsgi4j ErrorCatcher: error while serving " + LogEscape.of(environ.requestMethod()) + " "
                + LogEscape.of(environ.scriptName() + environ.pathInfo())
                + (id == null ? "" : " (request id " + LogEscape.of(id) + ")") + ":");
        error.printStackTrace(err);
        err.flush();
    }

    @Override
    public String toString() {
        return describe(page) + ".wrap(" + next + ")";
    }

    private static String describe(Application page) {
        return BuilderCode.of("ErrorCatcher").option("page", page, ErrorPages.of()).toString();
    }

    /**
     * Configures {@link ErrorCatcher}.
     *
     * @since 0.2
     */
    public static final class Builder {
        private Application page = ErrorPages.of();

        private Builder() {}

        /**
         * The application that renders the error (default {@link ErrorPages#of()}); it finds the
         * exception under {@link Environ#ERROR}.
         *
         * @throws NullPointerException if {@code page} is null
         * @since 0.2
         */
        public Builder page(Application page) {
            this.page = Objects.requireNonNull(page, "page");
            return this;
        }

        /** The middleware. @since 0.2 */
        public Middleware build() {
            Application p = page;
            return Middleware.named(describe(p), next -> new ErrorCatcher(next, p));
        }
    }
}
