// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import io.wsgi4j.Header;
import io.wsgi4j.Status;
import io.wsgi4j.handler.BaseHandler;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** The test client's transport: runs the shared algorithm and captures status, headers and body. */
final class TestHandler extends BaseHandler {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private List<Header> headers = List.of();

    TestHandler() {
        super(false);
    }

    @Override
    protected void writeHead(Status status, List<Header> appHeaders, long addedLength) {
        List<Header> all = new ArrayList<>(appHeaders);
        if (addedLength >= 0) {
            all.add(Header.of("Content-Length", Long.toString(addedLength)));
        }
        headers = List.copyOf(all);
    }

    @Override
    protected void writeBytes(byte[] b, int off, int n) {
        body.write(b, off, n);
    }

    @Override
    protected void flushBytes() {
        // nothing buffered
    }

    List<Header> capturedHeaders() {
        return headers;
    }

    byte[] capturedBody() {
        return body.toByteArray();
    }
}
