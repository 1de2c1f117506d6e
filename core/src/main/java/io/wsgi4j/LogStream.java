// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A {@link PrintStream} whose lines become {@link System.Logger} records, one record per line: the
 * default {@code wsgi.errors}, so an application's error output goes wherever the process's logging
 * goes (java.util.logging by default; SLF4J, Log4j 2 and others through their System.Logger bridges).
 *
 * <p>Each thread collects its own partial line, so lines written by concurrent requests never mix;
 * a line is logged when its {@code \n} arrives (a {@code \r} before it is dropped), and
 * {@link #flush()} logs a partial line as it stands.
 *
 * <pre>{@code
 * environ.errors().println("payment service slow: " + ms + " ms");   // one WARNING record
 * }</pre>
 *
 * @since 0.2
 */
public final class LogStream extends PrintStream {
    /** The logger name of the default {@code wsgi.errors}. @since 0.2 */
    public static final String WSGI_ERRORS_LOGGER = "io.wsgi4j.errors";

    private static final LogStream WSGI_ERRORS =
            to(System.getLogger(WSGI_ERRORS_LOGGER), System.Logger.Level.WARNING);

    private LogStream(LineBuffer lines) {
        super(lines, false, StandardCharsets.UTF_8);
    }

    /**
     * A stream that logs each line it is given to {@code logger} at {@code level}.
     *
     * @since 0.2
     */
    public static LogStream to(System.Logger logger, System.Logger.Level level) {
        return new LogStream(new LineBuffer(Objects.requireNonNull(logger, "logger"),
                Objects.requireNonNull(level, "level")));
    }

    /**
     * The default {@code wsgi.errors}: lines to the logger {@value #WSGI_ERRORS_LOGGER} at WARNING.
     *
     * @since 0.2
     */
    public static LogStream wsgiErrors() {
        return WSGI_ERRORS;
    }

    /**
     * Only flushes: the stream is shared (every request's {@code wsgi.errors} by default), so an
     * application that closes it, in a try-with-resources for instance, must not silence it for the
     * rest.
     *
     * @since 0.2
     */
    @Override
    public void close() {
        flush();
    }

    /** Collects bytes per thread and logs each completed line. */
    private static final class LineBuffer extends OutputStream {
        private final System.Logger logger;
        private final System.Logger.Level level;
        private final ThreadLocal<ByteArrayOutputStream> partial = new ThreadLocal<>();

        LineBuffer(System.Logger logger, System.Logger.Level level) {
            this.logger = logger;
            this.level = level;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                emit();
                return;
            }
            ByteArrayOutputStream line = partial.get();
            if (line == null) {
                line = new ByteArrayOutputStream(128);
                partial.set(line);
            }
            line.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            int start = off;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    append(b, start, i - start);
                    emit();
                    start = i + 1;
                }
            }
            append(b, start, off + len - start);
        }

        private void append(byte[] b, int off, int len) {
            if (len == 0) {
                return;
            }
            ByteArrayOutputStream line = partial.get();
            if (line == null) {
                line = new ByteArrayOutputStream(Math.max(128, len));
                partial.set(line);
            }
            line.write(b, off, len);
        }

        @Override
        public void flush() {
            if (partial.get() != null) {
                emit();
            }
        }

        /** Logs the thread's line (empty if none) and forgets it, so idle threads hold no buffer. */
        private void emit() {
            ByteArrayOutputStream line = partial.get();
            partial.remove();
            String text = line == null ? "" : line.toString(StandardCharsets.UTF_8);
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (logger.isLoggable(level)) {
                logger.log(level, text);
            }
        }
    }
}
