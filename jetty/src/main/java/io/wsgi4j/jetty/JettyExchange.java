// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import io.wsgi4j.FileBody;
import io.wsgi4j.Header;
import io.wsgi4j.Status;
import io.wsgi4j.handler.BaseHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.BufferUtil;

/**
 * The request algorithm on a Jetty core response. Jetty owns the connection and the framing, so
 * this handler runs as a gateway ({@code originServer = false}). Jetty's write is asynchronous; the
 * application's body is an iterator pulled on this thread, so each write blocks until Jetty has taken
 * the bytes ({@link Blocker}), which is cheap on a virtual thread.
 *
 * <p>The last bytes of a body are held back and handed to Jetty together with "last", so a response
 * of one chunk goes out as one write with its headers and framing end ({@link #lastBytes()}). A
 * streamed chunk is written as soon as it is flushed. A file body is memory-mapped and written from
 * the mapping, so its bytes never pass through the Java heap.
 */
final class JettyExchange extends BaseHandler {
    /** Files are mapped and written in slices of this size, so a huge file never needs one huge mapping. */
    private static final long MAP_SLICE = 16L << 20;

    private final Response response;
    private final ResponseFields fields;
    private ByteBuffer pending;
    private boolean clientGone;

    JettyExchange(Response response, ResponseFields fields) {
        super(false, "jetty");
        this.response = response;
        this.fields = fields;
    }

    /** True when a write failed: the client went away, the application did not fail. */
    boolean clientGone() {
        return clientGone;
    }

    /** The bytes still held back, to be written with "last"; empty when none. */
    ByteBuffer lastBytes() {
        ByteBuffer b = pending;
        pending = null;
        return b != null ? b : BufferUtil.EMPTY_BUFFER;
    }

    @Override
    protected void writeHead(Status status, List<Header> appHeaders, long addedLength) {
        // Jetty sends the standard reason phrase for the code; the core API has no setter for another
        response.setStatus(status.code());
        HttpFields.Mutable out = response.getHeaders();
        for (int i = 0, n = appHeaders.size(); i < n; i++) {
            out.add(fields.of(appHeaders.get(i)));
        }
        if (addedLength >= 0) {
            out.put(HttpHeader.CONTENT_LENGTH, addedLength);
        }
    }

    @Override
    protected void writeBytes(byte[] b, int off, int n) throws IOException {
        if (pending != null) {
            write(pending);
        }
        pending = ByteBuffer.wrap(b, off, n); // the caller's array stays untouched until it is written
    }

    @Override
    protected void flushBytes() throws IOException {
        if (pending != null) {
            ByteBuffer b = pending;
            pending = null;
            write(b);
        }
    }

    @Override
    protected void completeResponse() {
        // the handler writes lastBytes() with "last" once the algorithm is done; nothing to do here
    }

    @Override
    protected void writeFile(FileBody file) throws IOException {
        flushBytes();
        FileChannel channel = file.channel();
        long position = file.position();
        long end = position + file.count();
        while (position < end) {
            long size = Math.min(MAP_SLICE, end - position);
            write(channel.map(FileChannel.MapMode.READ_ONLY, position, size));
            position += size;
        }
    }

    /** Commits the headers if nothing was written yet, so that a failure that follows aborts the response. */
    void commit() throws IOException {
        flushBytes();
        if (!response.isCommitted()) {
            write(BufferUtil.EMPTY_BUFFER);
        }
    }

    private void write(ByteBuffer bytes) throws IOException {
        try (Blocker.Callback written = Blocker.callback()) {
            response.write(false, bytes, written);
            written.block();
        } catch (IOException e) {
            clientGone = true;
            throw e;
        }
    }
}
