// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.files;

import io.wsgi4j.CloseableBody;
import io.wsgi4j.FileBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A {@code multipart/byteranges} body (RFC 9110 section 14.6) read from an open file one block at a
 * time; its exact length is known before it is sent. Closing it closes the channel.
 */
final class MultipartRanges implements CloseableBody {
    private static final int BLOCK = 64 * 1024;

    private final FileChannel channel;
    private final List<ByteRanges.Range> ranges;
    private final byte[][] heads;
    private final byte[] tail;
    private final long length;
    private boolean closed;

    MultipartRanges(FileChannel channel, List<ByteRanges.Range> ranges, String boundary, String contentType,
            long complete) {
        this.channel = channel;
        this.ranges = ranges;
        this.heads = new byte[ranges.size()][];
        long total = 0;
        for (int i = 0; i < heads.length; i++) {
            ByteRanges.Range r = ranges.get(i);
            heads[i] = ((i == 0 ? "" : "\r\n") + "--" + boundary + "\r\nContent-Type: " + contentType
                    + "\r\nContent-Range: " + r.contentRange(complete) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            total += heads[i].length + r.length();
        }
        this.tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        this.length = total + tail.length;
    }

    /** The exact number of bytes the body yields. */
    long length() {
        return length;
    }

    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private int part;                 // index of the range being sent; ranges.size() means the tail
            private Iterator<byte[]> region;  // blocks of the current range, null before its head
            private boolean done;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public byte[] next() {
                if (done) {
                    throw new NoSuchElementException();
                }
                if (part == ranges.size()) {
                    done = true;
                    return tail;
                }
                if (region == null) {
                    ByteRanges.Range r = ranges.get(part);
                    // a view on the shared channel: never closed itself, this body closes the channel
                    region = new FileBody(channel, r.first(), r.length(), BLOCK).iterator();
                    return heads[part];
                }
                byte[] block = region.next();
                if (!region.hasNext()) {
                    part++;
                    region = null;
                }
                return block;
            }
        };
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "MultipartRanges" + ranges;
    }
}
