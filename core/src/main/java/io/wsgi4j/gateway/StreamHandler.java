// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.Status;
import io.wsgi4j.handler.BaseHandler;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** The shared request algorithm writing a CGI-style response to a plain stream (SCGI, CGI). */
final class StreamHandler extends BaseHandler {
    private final OutputStream out;

    /** @param transport {@code scgi} or {@code cgi}, for request events and metrics */
    StreamHandler(OutputStream out, String transport) {
        super(false, transport);
        this.out = new BufferedOutputStream(out, 64 * 1024);
    }

    @Override
    protected void writeBytes(byte[] b, int off, int n) throws IOException {
        out.write(b, off, n);
    }

    @Override
    protected void flushBytes() throws IOException {
        out.flush();
    }

    /**
     * Answers a request the gateway could not read (no application runs): a CGI-style response of
     * {@code status} whose text/plain body is {@code message}, which the observer hears of as a refusal.
     *
     * @throws IOException if the web server is gone
     */
    void refuse(Status status, String message) throws IOException {
        byte[][] response = Refusal.unreadable(status, message);
        out.write(response[0]);
        out.write(response[1]);
        out.flush();
        observeRefusal("", "", status.code(), -1, response[1].length);
    }
}
