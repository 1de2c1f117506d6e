// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.cli;

import io.wsgi4j.Application;
import io.wsgi4j.Middleware;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;

/**
 * {@code --access-log}: wraps the application in the middleware module's {@code AccessLog.common}.
 * Core cannot depend on the middleware module (it is the other way round), so the access log is
 * looked up by name on the class path, as the application itself is; without it the option is a
 * clear error rather than a second access-log implementation in core.
 */
final class AccessLogOption {
    static final String ACCESS_LOG = "io.wsgi4j.middleware.logging.AccessLog";
    static final String LOG_SINK = "io.wsgi4j.middleware.logging.LogSink";

    private AccessLogOption() {}

    /**
     * The application with one Common Log Format line per request going to {@code target}: a file
     * (appended to) or {@code -} for {@code dash} (standard output; standard error under CGI, whose
     * standard output is the response).
     *
     * @throws IllegalArgumentException if the middleware module is missing or does not match, or the
     *     file cannot be opened
     */
    static Application wrap(Application app, String target, PrintStream dash) {
        Class<?> accessLog;
        Class<?> logSink;
        try {
            accessLog = Class.forName(ACCESS_LOG, true, AccessLogOption.class.getClassLoader());
            logSink = Class.forName(LOG_SINK, true, AccessLogOption.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("--access-log needs wsgi4j-middleware on the class path (no "
                    + e.getMessage() + "); add its jar to -cp");
        }
        OutputStream out;
        if (target.equals("-")) {
            out = dash;
        } else {
            try {
                out = new FileOutputStream(target, true);
            } catch (FileNotFoundException e) {
                throw new IllegalArgumentException("--access-log cannot open \"" + target + "\": " + e.getMessage());
            }
        }
        try {
            Object sink = logSink.getMethod("of", OutputStream.class).invoke(null, out);
            Middleware middleware = (Middleware) accessLog.getMethod("common", logSink).invoke(null, sink);
            return middleware.wrap(app);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("--access-log could not be set up: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("--access-log: the wsgi4j-middleware on the class path does not match"
                    + " this wsgi4j-core (" + e + ")", e);
        }
    }
}
