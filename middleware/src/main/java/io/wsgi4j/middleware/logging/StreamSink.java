// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@link LogSink#of(OutputStream)}: each line encoded as UTF-8 into one buffer the sink reuses, then
 * written with its line break in one call and flushed, all under the stream's lock. The access log's
 * own lines ({@link LogLine}) already are UTF-8 bytes and are written from their buffer as they are.
 */
final class StreamSink implements LogSink {
    /** A buffer grown past this (one very long line) is dropped after use, so it cannot pin its memory. */
    private static final int MAX_KEPT = 8192;

    private final OutputStream out;
    private byte[] buffer = new byte[512]; // guarded by out's lock

    StreamSink(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(String line) {
        write((CharSequence) line);
    }

    @Override
    public void write(CharSequence line) {
        if (line instanceof LogLine bytes) { // the access log's line: already the bytes to write
            try {
                synchronized (out) {
                    bytes.writeLineTo(out);
                    out.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        int n = line.length();
        try {
            synchronized (out) { // the stream, not the sink: two sinks on one stream still keep lines whole
                byte[] b = buffer.length > n ? buffer : new byte[n + 1];
                int i = 0;
                while (i < n && line.charAt(i) < 0x80) { // ASCII, nearly every line: one byte per char
                    b[i] = (byte) line.charAt(i);
                    i++;
                }
                if (i < n) {
                    byte[] utf8 = (line.toString() + "\n").getBytes(StandardCharsets.UTF_8);
                    out.write(utf8);
                } else {
                    b[n] = '\n';
                    out.write(b, 0, n + 1);
                }
                out.flush();
                buffer = b.length <= MAX_KEPT ? b : buffer;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return out == System.out ? "LogSink.of(System.out)" : out == System.err ? "LogSink.of(System.err)"
                : "LogSink.of(" + out.getClass().getSimpleName() + ")";
    }
}
