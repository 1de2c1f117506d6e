// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import io.wsgi4j.FileBody;
import io.wsgi4j.Header;
import io.wsgi4j.Status;
import io.wsgi4j.handler.AdapterSupport;
import io.wsgi4j.handler.BaseHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.BufferUtil;

/**
 * The request algorithm on a Jetty core response. Jetty owns the connection and the framing, so
 * this handler runs as a gateway ({@code originServer = false}). Jetty's write is asynchronous; the
 * application's body is an iterator pulled on this thread, so each write blocks until Jetty has taken
 * the bytes ({@link Blocker}), which is cheap on a virtual thread.
 *
 * <p>The last bytes of a small body are held back and handed to Jetty together with "last", so a
 * response of one chunk goes out as one write with its headers and framing end ({@link #lastBytes()}).
 * They are held as a copy: the algorithm closes the body before that last write, and a body may reuse
 * or clear its arrays in {@code close()} (SPEC R4.4). A larger chunk is written at once instead of
 * copied. A streamed chunk is written as soon as it is flushed. A file body is read slice by slice into
 * a direct buffer from Jetty's pool and written from there, so its bytes never pass through the Java heap.
 */
final class JettyExchange extends BaseHandler {
    /** Files are read and written in slices of this size: the largest buffer Jetty's pool keeps by default. */
    private static final int FILE_SLICE = 64 * 1024;

    /**
     * Chunks up to this size are copied and held for the last write; a copy this small costs less than
     * the extra write it saves. Larger ones are written at once, from the application's own array.
     */
    private static final int HOLD_BYTES = 16 * 1024;

    private final Response response;
    private final ResponseFields fields;
    private final boolean head;
    private ByteBuffer pending;
    private boolean clientGone;

    JettyExchange(Response response, ResponseFields fields, boolean head) {
        super(false, "jetty");
        this.response = response;
        this.fields = fields;
        this.head = head;
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
    protected void writeHead(Status status, List<Header> appHeaders, long addedLength) throws IOException {
        // Jetty sends the standard reason phrase for the code; the core API has no setter for another
        response.setStatus(status.code());
        HttpFields.Mutable out = response.getHeaders();
        boolean lengthKnown = addedLength >= 0;
        // Jetty has already put its own Date and Server here (as configured); the application's replace them.
        // Anything a handler in front added (Set-Cookie, Vary) stays, and the application's are added to it
        boolean[] replaces = out.size() == 0 ? null : AdapterSupport.replacesEngineField(appHeaders, out::contains);
        // RFC 9110 section 8.6: no Content-Length on a 204, as the reference server sends none (Jetty would
        // instead fail the response for the bytes it never got); a 205 gets the handler's own 0 below
        boolean dropLength = status.code() == 204 || status.code() == 205;
        for (int i = 0, n = appHeaders.size(); i < n; i++) {
            Header h = appHeaders.get(i);
            boolean length = h.is("Content-Length");
            if (length && dropLength) {
                continue;
            }
            if (replaces != null && replaces[i]) {
                out.put(fields.of(h)); // drops Jetty's field; a second application Date would be added
            } else {
                out.add(fields.of(h));
            }
            lengthKnown |= length;
        }
        if (addedLength >= 0) {
            out.put(HttpHeader.CONTENT_LENGTH, addedLength);
        }
        if ((head || status.code() == 304) && !lengthKnown) {
            // A HEAD of a streamed body, or a 304: sent now, before the (empty) last write, or Jetty would count
            // that write and announce Content-Length: 0, which GET (or the 200 a 304 stands for) would not have
            // (RFC 9110 section 8.6)
            write(BufferUtil.EMPTY_BUFFER);
        }
    }

    @Override
    protected void writeBytes(byte[] b, int off, int n) throws IOException {
        if (pending != null) {
            write(pending);
            pending = null;
        }
        if (n > HOLD_BYTES) {
            write(ByteBuffer.wrap(b, off, n)); // blocks until Jetty took the bytes, so the array is free after
        } else {
            pending = ByteBuffer.wrap(java.util.Arrays.copyOfRange(b, off, off + n));
        }
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

    /**
     * Reads the region into a pooled direct buffer and writes it, one slice at a time. Not a mapping: a file
     * that shrinks while it is sent (a log rotated, an asset replaced in place) would fault on the pages
     * past its new end wherever Java code reads them (TLS encrypts them so), an {@link InternalError} or
     * worse, where a read simply finds the end of the file and says so.
     */
    @Override
    protected void writeFile(FileBody file) throws IOException {
        flushBytes();
        FileChannel channel = file.channel();
        long position = file.position();
        long end = position + file.count();
        RetainableByteBuffer slice = response.getRequest().getComponents().getByteBufferPool()
                .acquire((int) Math.min(FILE_SLICE, file.count()), true);
        ByteBuffer b = slice.getByteBuffer();
        boolean writing = false;
        try {
            while (position < end) {
                b.clear().limit((int) Math.min(b.capacity(), end - position));
                int n = channel.read(b, position);
                if (n < 0) {
                    throw new IOException("file ended at byte " + position + " but the region runs to " + end);
                }
                b.flip();
                writing = true;
                write(b); // blocks until Jetty took the bytes, so the buffer is free for the next slice
                writing = false;
                position += n;
            }
        } finally {
            if (!writing) {
                slice.release(); // after a failed write Jetty may still hold it: left to the garbage collector
            }
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
