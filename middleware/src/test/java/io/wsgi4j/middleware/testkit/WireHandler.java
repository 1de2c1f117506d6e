// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.testkit;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.handler.BaseHandler;
import io.wsgi4j.handler.EnvironBuilder;
import io.wsgi4j.handler.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A test transport that keeps the raw bytes and the outcome, for tests that must see what the test
 * client hides: an aborted connection, or a client that disconnects after {@code failAfter} bytes.
 */
public final class WireHandler extends BaseHandler {
    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    private final long failAfter;

    /** A handler whose client never disconnects. */
    public WireHandler() {
        this(Long.MAX_VALUE);
    }

    /** A handler whose client disconnects once {@code failAfter} bytes (head included) were written. */
    public WireHandler(long failAfter) {
        super(true);
        this.failAfter = failAfter;
    }

    /** Runs a GET of {@code target} through {@code app}. */
    public Outcome get(Application app, String target) {
        return run(app, environ(target));
    }

    /** An environ for a GET of {@code target} whose errors go to {@link #errors()}. */
    public Environ environ(String target) {
        return new EnvironBuilder().target(target).header("Host", "localhost")
                .errors(new PrintStream(errors, true, StandardCharsets.UTF_8)).build();
    }

    @Override
    protected void writeBytes(byte[] b, int off, int n) throws IOException {
        if (wire.size() + n > failAfter) {
            throw new IOException("client disconnected (test)");
        }
        wire.write(b, off, n);
    }

    @Override
    protected void flushBytes() {
        // the buffer is the wire
    }

    /** Everything written, head and body, as Latin-1 text. */
    public String wire() {
        return wire.toString(StandardCharsets.ISO_8859_1);
    }

    /** What was written to wsgi.errors. */
    public String errors() {
        return errors.toString(StandardCharsets.UTF_8);
    }
}
