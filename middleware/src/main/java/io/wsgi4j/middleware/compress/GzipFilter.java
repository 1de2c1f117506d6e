// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.compress;

import io.wsgi4j.middleware.response.BodyFilter;
import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses a body into the gzip format (RFC 1952) one chunk at a time. When the body streams, each
 * chunk is finished with a SYNC_FLUSH so the client can decode it at once; when the whole body was
 * in memory already, chunks are not flushed and compress better.
 */
final class GzipFilter implements BodyFilter {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final Deflater deflater;
    private final int flushMode;
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[8192];
    private boolean headerSent;
    private boolean ended;

    GzipFilter(int level, boolean streaming) {
        this.deflater = new Deflater(level, true);
        this.flushMode = streaming ? Deflater.SYNC_FLUSH : Deflater.NO_FLUSH;
    }

    @Override
    public byte[] chunk(byte[] chunk) {
        if (chunk.length == 0) {
            return EMPTY;
        }
        crc.update(chunk);
        deflater.setInput(chunk);
        ByteArrayOutputStream out = start(chunk.length / 2 + 32);
        if (flushMode == Deflater.NO_FLUSH) {
            while (!deflater.needsInput()) {
                out.write(buf, 0, deflater.deflate(buf, 0, buf.length, Deflater.NO_FLUSH));
            }
        } else {
            int n;
            do {
                n = deflater.deflate(buf, 0, buf.length, flushMode);
                out.write(buf, 0, n);
            } while (n == buf.length);
        }
        return out.toByteArray();
    }

    @Override
    public byte[] end() {
        if (ended) {
            return EMPTY;
        }
        ended = true;
        ByteArrayOutputStream out = start(64);
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        writeIntLe(out, (int) crc.getValue());
        writeIntLe(out, (int) deflater.getBytesRead()); // ISIZE: the input length modulo 2^32
        return out.toByteArray();
    }

    @Override
    public void close() {
        deflater.end();
    }

    private ByteArrayOutputStream start(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        if (!headerSent) {
            headerSent = true;
            out.write(HEADER, 0, HEADER.length);
        }
        return out;
    }

    private static void writeIntLe(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}
