// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request body stream that fails with {@link BodyTooLargeException} once more than {@code limit}
 * bytes would be read; a body of exactly {@code limit} bytes reads to its end normally.
 */
final class BoundedInput extends InputStream {
    private final InputStream in;
    private final long limit;
    private long read;

    BoundedInput(InputStream in, long limit) {
        this.in = in;
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        if (read >= limit) {
            if (in.read() < 0) {
                return -1;
            }
            throw new BodyTooLargeException(limit);
        }
        int b = in.read();
        if (b >= 0) {
            read++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (read >= limit) {
            return read(); // -1 at the end of the body; throws if there is more
        }
        int n = in.read(b, off, (int) Math.min(len, limit - read));
        if (n > 0) {
            read += n;
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), limit - read);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
