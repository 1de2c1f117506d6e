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
