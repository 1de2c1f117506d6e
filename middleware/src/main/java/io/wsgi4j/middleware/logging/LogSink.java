// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Objects;

/**
 * Where access-log lines go. Each {@link #write} is one whole line, written atomically with respect to
 * other threads, so concurrent requests never interleave within a line.
 *
 * <pre>{@code
 * LogSink.of(System.out)                          // UTF-8 lines, flushed each
 * LogSink.of(Files.newBufferedWriter(path))       // a Writer, flushed each line
 * LogSink.of(System.getLogger("access"))          // INFO records, one per request
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface LogSink {

    /**
     * Writes one line; {@code line} has no line break of its own.
     *
     * @throws UncheckedIOException if the destination fails; the access log reports it to
     *     {@code wsgi.errors} and the response is unaffected
     * @since 0.1
     */
    void write(String line);

    /**
     * Writes one line held in a buffer the caller reuses (the access log's path): the sink must not keep
     * {@code line} after returning. The default makes a String of it; the stream and writer sinks copy
     * it straight into their output, so a line costs no String.
     *
     * @throws UncheckedIOException as {@link #write(String)}
     * @since 0.2
     */
    default void write(CharSequence line) {
        write(line.toString());
    }

    /** Lines to {@code out}, UTF-8, each followed by {@code \n} and flushed. @since 0.1 */
    static LogSink of(OutputStream out) {
        return new StreamSink(Objects.requireNonNull(out, "out"));
    }

    /** Lines to {@code out}, each followed by {@code \n} and flushed. @since 0.1 */
    static LogSink of(Writer out) {
        return new WriterSink(Objects.requireNonNull(out, "out"));
    }

    /** One {@code INFO} record per line on {@code logger}. @since 0.1 */
    static LogSink of(System.Logger logger) {
        return of(logger, System.Logger.Level.INFO);
    }

    /** One record at {@code level} per line on {@code logger}; the logger does its own locking. @since 0.1 */
    static LogSink of(System.Logger logger, System.Logger.Level level) {
        Objects.requireNonNull(logger, "logger");
        Objects.requireNonNull(level, "level");
        return new LogSink() {
            @Override
            public void write(String line) {
                logger.log(level, line);
            }

            @Override
            public String toString() {
                return "LogSink.of(System.getLogger(\"" + logger.getName() + "\"), " + level + ")";
            }
        };
    }
}
