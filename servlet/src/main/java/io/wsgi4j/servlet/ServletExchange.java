// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import io.wsgi4j.Header;
import io.wsgi4j.Status;
import io.wsgi4j.handler.AdapterSupport;
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
    private final boolean head;
    private ServletOutputStream out;
    private boolean clientGone;

    ServletExchange(HttpServletResponse response, boolean head) {
        super(false, "servlet");
        this.response = response;
        this.head = head;
    }

    /** True when a write or flush failed: the client went away, the application did not fail. */
    boolean clientGone() {
        return clientGone;
    }

    @Override
    protected void writeHead(Status status, List<Header> appHeaders, long addedLength) throws IOException {
        // Servlet 6 has no way to set the reason phrase: the container sends its own for the code
        response.setStatus(status.code());
        boolean lengthKnown = addedLength >= 0;
        // a container may have set Date and Server before the servlet ran (Jetty does); the application's own
        // replace them, so the client never gets two Dates. A filter's fields (Set-Cookie, Vary) stay, and the
        // application's are added to them
        boolean[] replaces = AdapterSupport.replacesEngineField(appHeaders, response::containsHeader);
        // RFC 9110 section 8.6: no Content-Length on a 204, as the reference server sends none (Jetty would
        // instead fail the response for the bytes it never got); a 205 gets the handler's own 0 below
        boolean dropLength = status.code() == 204 || status.code() == 205;
        for (int i = 0, n = appHeaders.size(); i < n; i++) {
            Header h = appHeaders.get(i);
            if (h.is("Content-Length")) {
                if (!dropLength) {
                    response.setContentLengthLong(Long.parseLong(h.value().trim()));
                    lengthKnown = true;
                }
            } else if (replaces[i]) {
                response.setHeader(h.name(), h.value()); // drops the container's; a second application Date is added
            } else {
                response.addHeader(h.name(), h.value());
            }
        }
        if (addedLength >= 0) {
            response.setContentLengthLong(addedLength);
        }
        if ((head || status.code() == 304) && !lengthKnown) {
            // A HEAD of a streamed body, or a 304: committed now, or a container that finds the response complete
            // and empty (Jetty) announces Content-Length: 0, which GET (or the 200 a 304 stands for) would not
            // have (RFC 9110 section 8.6)
            flushBytes();
            response.flushBuffer();
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
