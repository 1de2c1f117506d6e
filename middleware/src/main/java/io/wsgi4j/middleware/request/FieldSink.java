// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import java.util.Arrays;

/** Collects a text field's bytes in memory, answering 413 past the per-field limit. */
final class FieldSink implements Multipart.Sink {
    private final String name;
    private final int max;
    private byte[] bytes = new byte[256];
    private int size;

    FieldSink(String name, int max) {
        this.name = name;
        this.max = max;
    }

    @Override
    public void write(byte[] b, int off, int n) {
        if (n > max - size) {
            throw RequestException.tooLarge("form field " + RequestException.quote(name) + " is longer than " + max
                    + " bytes");
        }
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(max, Math.max(size + n, bytes.length * 2)));
        }
        System.arraycopy(b, off, bytes, size, n);
        size += n;
    }

    byte[] bytes() {
        return bytes;
    }

    int size() {
        return size;
    }
}
