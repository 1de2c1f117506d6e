// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;

/**
 * The {@code wsgi.input} of a test request with a body: its bytes, without mark and reset. Every
 * transport's stream (the reference server, the gateways, the Jetty and Servlet adapters) reads the
 * body once, so an application that rewinds it must fail in its tests, not only in production.
 */
final class RequestBodyInput extends FilterInputStream {
    RequestBodyInput(byte[] body) {
        super(new ByteArrayInputStream(body));
    }

    /**
     * A read of no bytes returns 0, also at the end of the body, as {@link java.io.InputStream#read(byte[], int,
     * int)} promises and every transport's input does; the {@link ByteArrayInputStream} under it returns -1 there.
     */
    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
        if (len == 0) {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            return 0;
        }
        return super.read(b, off, len);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void mark(int readlimit) {
        // not supported, as InputStream says
    }

    @Override
    public void reset() throws java.io.IOException {
        throw new java.io.IOException("mark/reset not supported: wsgi.input is read once, as on a server");
    }
}
