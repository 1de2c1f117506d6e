// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import io.wsgi4j.server.ClientClosedException;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A {@code wsgi.input} that opens the engine's own request stream only when the application first
 * touches it, then hands every call to that stream. The adapters that run inside another engine (the
 * Servlet bridge, the Jetty handler) use it: most requests never read their input, and opening the
 * engine's stream is not free (a lock and a blocker per request on Jetty; on a Servlet container it
 * stops the container parsing a form for {@code getParameter()}). Public only so that those modules
 * can reach it; it is internal, not API, and may change in any release. Every call goes to that stream,
 * except a read of no bytes, which returns 0 without opening it; a read that fails with the engine's
 * end of file (the client cut the body off) fails with {@link ClientClosedException} instead, with the
 * engine's exception as its cause.
 *
 * <p>The adapter {@linkplain #end() ends} it when the request's response has ended (SPEC.md R1.2): from
 * then on every call throws {@link IllegalStateException}. The engine's stream outlives its request:
 * Jetty's servlet container reuses it for the next request on the connection, so a kept stream would
 * read that request's body away from it, and Jetty's core stream reads from a buffer that may already
 * hold other bytes; Tomcat's fails with a {@code NullPointerException} that says nothing.
 *
 * @since 0.2
 */
public abstract class LazyInput extends InputStream {
    private InputStream in;
    // set by the request's thread when its response ended; read by any thread the application kept the stream on
    private volatile boolean ended;

    /** A stream that opens nothing yet. @since 0.2 */
    protected LazyInput() {}

    /**
     * Opens the engine's stream; called once, on the first call that needs it.
     *
     * @throws IOException if the engine cannot give the stream
     * @since 0.2
     */
    protected abstract InputStream open() throws IOException;

    /** Whether the stream was {@linkplain #end() ended} with its request. @since 0.2 */
    protected final boolean ended() {
        return ended;
    }

    /** Whether the engine's stream has been opened. @since 0.2 */
    protected final boolean opened() {
        return in != null;
    }

    /**
     * Ends the stream with its request, once the response has ended: every later call throws
     * {@link IllegalStateException} (SPEC.md R1.2) instead of reaching the engine's stream, which may
     * belong to the next request by then. {@link #close()} is then a no-op.
     *
     * @since 0.2
     */
    public final void end() {
        ended = true;
    }

    /**
     * The engine's stream, opened now if it was not yet.
     *
     * @throws IOException if it cannot be opened
     * @throws IllegalStateException if the stream was {@linkplain #end() ended}
     * @since 0.2
     */
    protected final InputStream in() throws IOException {
        if (ended) {
            throw InputEnded.readAfterEnd();
        }
        InputStream s = in;
        if (s == null) {
            s = new EngineBody(open());
            in = s;
        }
        return s;
    }

    /**
     * The engine's stream, its end-of-file failures named as the client's: a body that ended before its
     * length (Jetty's {@code EofException} "Early EOF", an {@code EOFException} under Tomcat's
     * {@code ClientAbortException}) is a {@link ClientClosedException}, which the adapters answer 400 as
     * the reference server does, not as the application's 500.
     */
    private static final class EngineBody extends FilterInputStream {
        EngineBody(InputStream engine) {
            super(engine);
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw asClients(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw asClients(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (IOException e) {
                throw asClients(e);
            }
        }

        private static IOException asClients(IOException e) {
            boolean endOfFile = e instanceof EOFException || e.getCause() instanceof EOFException;
            return endOfFile && !(e instanceof ClientClosedException)
                    ? new ClientClosedException("the client closed the connection before the request body ended ("
                            + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e)
                    : e;
        }
    }

    @Override
    public int read() throws IOException {
        return in().read();
    }

    /**
     * Reads from the engine's stream; a read of no bytes returns 0, also at the end of the body, as
     * {@link InputStream#read(byte[], int, int)} promises and every other transport's input does (Jetty's
     * stream returns -1 there).
     */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0 && !ended) {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            return 0;
        }
        return in().read(b, off, len);
    }

    @Override
    public byte[] readAllBytes() throws IOException {
        return in().readAllBytes();
    }

    @Override
    public byte[] readNBytes(int len) throws IOException {
        return in().readNBytes(len);
    }

    @Override
    public int readNBytes(byte[] b, int off, int len) throws IOException {
        return in().readNBytes(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        return in().skip(n);
    }

    @Override
    public void skipNBytes(long n) throws IOException {
        in().skipNBytes(n);
    }

    @Override
    public int available() throws IOException {
        return in().available();
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        return in().transferTo(out);
    }

    /**
     * Closes the engine's stream, opening it first if needed (an engine may settle the request content on
     * close); after {@link #end()} it does nothing, as the request is over.
     */
    @Override
    public void close() throws IOException {
        if (!ended) {
            in().close();
        }
    }
}
