// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import io.wsgi4j.Header;
import io.wsgi4j.Status;
import io.wsgi4j.handler.BaseHandler;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * The request algorithm on a servlet response. The container owns the connection and the framing
 * (Content-Length, chunked, HTTP/2 frames), so this handler runs as a gateway
 * ({@code originServer = false}): it hands the status and headers to the response, writes body bytes
 * to its output stream and flushes each streamed chunk. A file body is copied through the output
 * stream in {@link io.wsgi4j.FileBody#DEFAULT_BLOCK_SIZE} blocks: the Servlet API has no zero-copy path.
 */
final class ServletExchange extends BaseHandler {
    private final HttpServletResponse response;
    private ServletOutputStream out;
    private boolean clientGone;

    ServletExchange(HttpServletResponse response) {
        super(false, "servlet");
        this.response = response;
    }

    /** True when a write or flush failed: the client went away, the application did not fail. */
    boolean clientGone() {
        return clientGone;
    }

    @Override
    protected void writeHead(Status status, List<Header> appHeaders, long addedLength) {
        // Servlet 6 has no way to set the reason phrase: the container sends its own for the code
        response.setStatus(status.code());
        for (int i = 0, n = appHeaders.size(); i < n; i++) {
            Header h = appHeaders.get(i);
            if (h.name().equalsIgnoreCase("Content-Length")) {
                response.setContentLengthLong(Long.parseLong(h.value().trim()));
            } else {
                response.addHeader(h.name(), h.value());
            }
        }
        if (addedLength >= 0) {
            response.setContentLengthLong(addedLength);
        }
    }

    @Override
    protected void writeBytes(byte[] b, int off, int n) throws IOException {
        try {
            if (out == null) {
                out = response.getOutputStream();
            }
            out.write(b, off, n);
        } catch (IOException e) {
            clientGone = true;
            throw e;
        }
    }

    @Override
    protected void flushBytes() throws IOException {
        if (out == null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            clientGone = true;
            throw e;
        }
    }

    @Override
    protected void completeResponse() {
        // the container completes the response when service() returns, with one write for what is buffered
    }
}
