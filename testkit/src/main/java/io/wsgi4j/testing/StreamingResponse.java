// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.handler.Outcome;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * A response read chunk by chunk: each {@link #nextChunk()} makes the handler ask the application's
 * body for one more chunk, so a test sees a streaming application produce its output step by step.
 *
 * <pre>{@code
 * try (StreamingResponse r = client.get("/events").stream()) {
 *     assertEquals("text/event-stream", r.header("Content-Type"));
 *     assertEquals("data: 1\n\n", r.nextText());
 * }   // closing early closes the application's body
 * }</pre>
 *
 * <p>The status and headers are known on return from {@code stream()}: the handler has already
 * fetched the first chunk, as a server would before sending headers (SPEC.md R5.1). Validation
 * failures and text on {@code wsgi.errors} are reported when the response ends or is closed.
 *
 * <p>When the application's body throws after the headers went out (a server would cut the
 * connection, R5.4), the chunks sent before still arrive, and where a complete response would end
 * ({@link #nextChunk()} returning null) the read fails instead, naming the abort and its cause;
 * {@link #aborted()} and {@link #abortCause()} say so too.
 *
 * @since 0.1
 */
public final class StreamingResponse implements AutoCloseable {
    private final TestClient client;
    private final TestHandler handler = new TestHandler();
    private final Tracker tracker;
    private final ByteArrayOutputStream errors;
    private byte[] pending;
    private boolean more;
    private boolean finished;
    private Throwable abortCause;
    private long received;
    private String errorText = "";

    StreamingResponse(TestClient client, Application app, Environ environ, CookieJar.Site site, Tracker tracker,
            ByteArrayOutputStream errors) {
        this.client = client;
        this.tracker = tracker;
        this.errors = errors;
        handler.setObserver(client.observer());
        enter();
        try {
            handler.begin(app, environ);
        } finally {
            exit();
        }
        advance();
        client.receiveCookies(handler.capturedHeaders(), site);
    }

    /** The status code. @since 0.1 */
    public int status() {
        return statusLine().code();
    }

    /** The status with its reason. @since 0.1 */
    public Status statusLine() {
        return handler.status();
    }

    /** The first value of header {@code name}, or null. @since 0.1 */
    public String header(String name) {
        return Headers.get(handler.capturedHeaders(), name);
    }

    /** All headers, in order. @since 0.1 */
    public List<Header> headers() {
        return handler.capturedHeaders();
    }

    /**
     * The next non-empty chunk of the body, or null at the end. Each call asks the application for
     * one chunk.
     *
     * @throws ValidationException if a rule of SPEC.md was broken by the time the body ended
     * @throws AssertionError if the application wrote to {@code wsgi.errors} and errors are not allowed,
     *     or instead of the end of an {@linkplain #aborted() aborted} response
     * @since 0.1
     */
    public byte[] nextChunk() {
        while (pending == null && more) {
            advance();
        }
        byte[] chunk = pending;
        pending = null;
        if (chunk == null && abortCause != null) {
            throw new AssertionError(TestResponse.abortMessage(statusLine(), received, abortCause)
                    + "; check aborted() before reading to the end", abortCause);
        }
        return chunk;
    }

    /**
     * The next chunk as text, in the charset the Content-Type names (UTF-8 when none, as
     * {@link TestResponse#text()}), or null at the end.
     *
     * @since 0.1
     */
    public String nextText() {
        byte[] chunk = nextChunk();
        return chunk == null ? null : new String(chunk, BodyCharset.of(headers()));
    }

    /** The rest of the body, read to the end, as text in the charset {@link #nextText()} uses. @since 0.1 */
    public String remainingText() {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        for (byte[] c = nextChunk(); c != null; c = nextChunk()) {
            rest.writeBytes(c);
        }
        return rest.toString(BodyCharset.of(headers()));
    }

    /**
     * True once the body has ended (or the response was closed) and every chunk was read; false for an
     * {@linkplain #aborted() aborted} response.
     *
     * @since 0.1
     */
    public boolean isComplete() {
        return finished && pending == null && abortCause == null;
    }

    /**
     * True when the handler aborted the response after its headers (the body threw or contradicted its
     * Content-Length; a server would have cut the connection); not when the test closed it early.
     *
     * @since 0.2
     */
    public boolean aborted() {
        return abortCause != null;
    }

    /** Why the response was {@linkplain #aborted() aborted}, or null. @since 0.2 */
    public Throwable abortCause() {
        return abortCause;
    }

    /** What the application wrote to {@code wsgi.errors}, once the response ended. @since 0.1 */
    public String errors() {
        return errorText;
    }

    /**
     * Ends the response: if the body was not read to the end, the handler stops there and closes the
     * application's body, as a server does when the client goes away. Idempotent.
     *
     * @since 0.1
     */
    @Override
    public void close() {
        pending = null;
        if (!finished) {
            end(true);
        }
    }

    private void advance() {
        enter();
        try {
            more = handler.step();
        } finally {
            exit();
        }
        byte[] b = handler.takeBody();
        pending = b.length > 0 ? b : null;
        received += b.length;
        if (!more) {
            end(false);
        }
    }

    /** @param closedByTest the test stopped reading: the handler then aborts, but not for the application */
    private void end(boolean closedByTest) {
        finished = true;
        more = false;
        Outcome outcome;
        enter();
        try {
            outcome = handler.finish();
        } finally {
            exit();
        }
        if (outcome == Outcome.ABORTED && !closedByTest) {
            abortCause = handler.abortCause();
        }
        errorText = client.verify(tracker, handler, errors);
    }

    private void enter() {
        if (tracker != null) {
            tracker.enter();
        }
    }

    private void exit() {
        if (tracker != null) {
            tracker.exit();
        }
    }

    @Override
    public String toString() {
        return handler.status() + " " + handler.capturedHeaders() + (abortCause != null ? " (ABORTED by " + abortCause
                + ")" : finished ? " (ended)" : " (streaming)");
    }
}
