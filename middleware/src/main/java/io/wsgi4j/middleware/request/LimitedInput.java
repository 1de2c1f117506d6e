// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request body stream that refuses to go past {@code limit} bytes: a body of exactly {@code limit}
 * bytes reads to its end normally; when one more byte is there, the read that would return it calls
 * the refusal instead. The one body-limit stream of the module ({@link BodyLimit} and multipart
 * {@link Forms} use it). Skipping counts as reading ({@link InputStream#skip} goes through
 * {@link #read(byte[], int, int)}).
 *
 * <p>The refusal is a method, not a field: {@link BodyLimit} wraps the input of every request without a
 * Content-Length, and its subclass holds nothing but the stream and two counts (32 B, not 40 B).
 * Other callers pass a {@link Refusal} to {@link #of}.
 */
abstract class LimitedInput extends InputStream {
    /** What to do when the body is longer than the limit: throw. */
    @FunctionalInterface
    interface Refusal {
        void refuse(long limit) throws IOException;
    }

    private final InputStream in;
    private final long limit;
    private long read;

    LimitedInput(InputStream in, long limit) {
        this.in = in;
        this.limit = limit;
    }

    /** {@code in} limited to {@code limit} bytes, with {@code refusal} called when it has more. */
    static LimitedInput of(InputStream in, long limit, Refusal refusal) {
        return new LimitedInput(in, limit) {
            @Override
            void refuse(long l) throws IOException {
                refusal.refuse(l);
            }
        };
    }

    /** Called when the body has more than {@code limit} bytes; must throw. */
    abstract void refuse(long limit) throws IOException;

    @Override
    public int read() throws IOException {
        if (read >= limit) {
            if (in.read() < 0) {
                return -1;
            }
            refuse(limit);
            throw new IllegalStateException("a LimitedInput refusal must throw"); // a programming error
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
            return read(); // -1 at the end of the body; refuses if there is more
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
