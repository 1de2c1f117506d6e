// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts what is read and answers 413 once more than {@code max} bytes came through. */
final class LimitedInput extends FilterInputStream {
    private final long max;
    private final String what;
    private long count;

    LimitedInput(InputStream in, long max, String what) {
        super(in);
        this.max = max;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            count(1);
        }
        return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        // ask for at most one byte past the limit: enough to notice, never much more
        int n = super.read(b, off, (int) Math.min(len, max - count + 1));
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) {
        count += n;
        if (count > max) {
            throw RequestException.tooLarge(what + " is larger than " + max + " bytes");
        }
    }
}
