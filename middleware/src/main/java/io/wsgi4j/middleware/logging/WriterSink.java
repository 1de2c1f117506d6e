// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * {@link LogSink#of(Writer)}: each line copied into one char buffer the sink reuses, then written with
 * its line break in one call and flushed, all under the writer's lock.
 */
final class WriterSink implements LogSink {
    /** A buffer grown past this (one very long line) is dropped after use, so it cannot pin its memory. */
    private static final int MAX_KEPT = 8192;

    private final Writer out;
    private char[] buffer = new char[512]; // guarded by out's lock

    WriterSink(Writer out) {
        this.out = out;
    }

    @Override
    public void write(String line) {
        write((CharSequence) line);
    }

    @Override
    public void write(CharSequence line) {
        int n = line.length();
        try {
            synchronized (out) { // the writer, not the sink: two sinks on one writer still keep lines whole
                char[] c = buffer.length > n ? buffer : new char[n + 1];
                if (line instanceof LogLine l && l.isAscii()) { // the access log's line, nearly always ASCII
                    l.getAsciiChars(c);
                } else if (line instanceof String s) {
                    s.getChars(0, n, c, 0);
                } else if (line instanceof StringBuilder sb) {
                    sb.getChars(0, n, c, 0);
                } else {
                    line.toString().getChars(0, n, c, 0);
                }
                c[n] = '\n';
                out.write(c, 0, n + 1);
                out.flush();
                buffer = c.length <= MAX_KEPT ? c : buffer;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "LogSink.of(" + out.getClass().getSimpleName() + ")";
    }
}
