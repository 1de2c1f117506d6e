// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The 500 page {@link BaseHandler} shows when an application fails before headers are sent. It is
 * an ordinary {@link Application}, so a server can be given any other. The failure is in the environ
 * under {@link Environ#ERROR}.
 *
 * <p>The plain page says only "500 Internal Server Error"; the debug page adds the stack trace and
 * the environ's string values. Never turn debug on where clients are untrusted.
 *
 * @since 0.1
 */
public final class ErrorPage implements Application {
    /** The plain page. @since 0.1 */
    public static final ErrorPage PLAIN = new ErrorPage(false);
    /** The debug page, with the stack trace and environ. @since 0.1 */
    public static final ErrorPage DEBUG = new ErrorPage(true);

    private static final List<io.wsgi4j.Header> HEADERS = Headers.of("Content-Type", "text/plain; charset=utf-8");

    private final boolean debug;

    private ErrorPage(boolean debug) {
        this.debug = debug;
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        Object error = environ.get(Environ.ERROR);
        startResponse.start(Status.INTERNAL_SERVER_ERROR, HEADERS,
                error instanceof Throwable t ? t : null);
        if (!debug) {
            return Body.of("500 Internal Server Error\n");
        }
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.println("500 Internal Server Error");
        out.println();
        if (error instanceof Throwable t) {
            t.printStackTrace(out);
            out.println();
        }
        out.println("Environ:");
        Map<String, Object> sorted = new TreeMap<>();
        environ.forEach((k, v) -> {
            if (v instanceof String) {
                sorted.put(k, v);
            }
        });
        sorted.forEach((k, v) -> out.println("  " + k + "=" + v));
        out.flush();
        return Body.of(text.toString());
    }

    @Override
    public String toString() {
        return debug ? "ErrorPage.DEBUG" : "ErrorPage.PLAIN";
    }
}
