// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.CloseableBody;
import io.wsgi4j.Environ;
import io.wsgi4j.FileBody;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.Write;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.RandomAccess;

/**
 * One request through a {@link Validator}: it stands between the caller and the application as the
 * application's start_response, write callable and body (with its iterator), and checks both sides.
 * One object per request, so validation costs one allocation beyond the input wrapper.
 */
final class Exchange implements StartResponse, Write, CloseableBody, Iterator<byte[]> {
    private final Validator validator;
    private final Environ environ;
    private final StartResponse inner;
    private final boolean head;
    private Write innerWrite;
    private Iterable<byte[]> body;
    private Iterator<byte[]> it;
    private Status status;
    private long declaredLength = -1;
    private long bytes;
    private boolean iterated;
    private boolean exhausted;
    private boolean closed;
    private boolean returned;
    private Unclosed watch;

    Exchange(Validator validator, Environ environ, StartResponse inner) {
        this.validator = validator;
        this.environ = environ;
        this.inner = inner;
        this.head = "HEAD".equals(environ.get(Environ.REQUEST_METHOD));
    }

    /**
     * An excInfo start_response rethrew to the application (R3.4), until the application carries on
     * (a report) or returns normally from start_response; an exception that propagates ends the exchange.
     */
    private Throwable rethrown;

    /** Checks the environ, calls the application, checks what it returned. */
    Iterable<byte[]> run(Application app) throws Exception {
        Tracker.register(this);
        EnvironChecks.check(this, environ);
        if (environ.get(Environ.WSGI_INPUT) instanceof InputStream in) {
            environ.put(Environ.WSGI_INPUT, new ValidatedInput(this, in, declaredRequestLength()));
        }
        String script = environ.get(Environ.SCRIPT_NAME) instanceof String s ? s : null;
        String path = environ.get(Environ.PATH_INFO) instanceof String p ? p : null;
        Iterable<byte[]> result;
        try {
            result = app.call(environ, this);
        } catch (Throwable t) {
            checkRestored(script, path);
            throw t;
        }
        try {
            checkRestored(script, path);
            checkPropagated("returned a body");
            if (result instanceof List<byte[]> list && result instanceof RandomAccess) {
                checkList(list);
            }
        } catch (RuntimeException | Error e) {
            // R4.3: here the validator is the application's caller, and a body it refuses reaches nobody else
            closeRefused(result, e);
            throw e;
        }
        if (result == null) {
            validator.report(this, "R4.1", "the application returned null instead of a body; return Body.empty()"
                    + " for a response without one");
            return null;
        }
        if (result instanceof FileBody) {
            return result; // zero-copy path: the server must see the FileBody itself
        }
        body = result;
        returned = true;
        // a collection keeps its size (a list its elements) visible, so the handler frames it as without us
        Iterable<byte[]> validated;
        if (result instanceof List<byte[]> list && result instanceof RandomAccess) {
            validated = new ListBody(this, list);
        } else if (result instanceof Collection<byte[]> collection) {
            validated = new CollectionBody(this, collection);
        } else {
            validated = this;
        }
        if (!Tracker.active() && validator.severity("R4.3") != Severity.OFF) {
            watch = Unclosed.watch(validated, describeRequest(), environ.errors());
        }
        return validated;
    }

    /**
     * A list body's chunks and length are known before anything is sent, and the handler reads them by
     * index to frame the body (R5.3), before iterating to a chunk of the wrong type; report such a chunk
     * (R4.2) here. The handler also refuses a contradicting Content-Length before the headers go out;
     * report R4.6 here, where the rule is. Bytes the application already gave the write callable count
     * towards the same Content-Length.
     */
    private void checkList(List<byte[]> list) {
        List<?> items = list; // erased: a raw or unchecked cast can put any object in a List<byte[]>
        long total = bytes; // written before the body was returned
        for (int i = 0, n = items.size(); i < n; i++) {
            if (!(items.get(i) instanceof byte[] chunk)) {
                if (items.get(i) != null) {
                    notBytes(items.get(i));
                }
                return; // a null chunk is R4.2 too, reported while iterating
            }
            total += chunk.length;
        }
        if (status == null || declaredLength < 0 || head || status.forbidsBody()) {
            return;
        }
        if (total != declaredLength) {
            validator.report(this, "R4.6", "the body has " + total + " bytes" + (bytes > 0 ? " (" + bytes
                    + " of them written)" : "") + " but Content-Length is " + declaredLength
                    + "; fix the header or the body");
        }
    }

    /** Closes a body the caller will never receive because {@code refusal} is thrown instead. */
    private static void closeRefused(Iterable<byte[]> result, Throwable refusal) {
        try {
            Body.close(result);
        } catch (RuntimeException | Error closeFailure) {
            refusal.addSuppressed(closeFailure);
        }
    }

    private long declaredRequestLength() {
        try {
            return environ.contentLength();
        } catch (IllegalArgumentException badLength) {
            return -1; // already reported as R2.8 (at a severity that let the request go on)
        }
    }

    private void checkRestored(String script, String path) {
        Object nowScript = environ.get(Environ.SCRIPT_NAME);
        Object nowPath = environ.get(Environ.PATH_INFO);
        if (!java.util.Objects.equals(script, nowScript) || !java.util.Objects.equals(path, nowPath)) {
            validator.report(this, "R6.1", "the application changed SCRIPT_NAME/PATH_INFO from "
                    + Headers.describe(script) + "/" + Headers.describe(path) + " to " + Headers.describe(nowScript)
                    + "/" + Headers.describe(nowPath) + " and did not restore them; restore both in finally");
        }
    }

    // ---------------------------------------------------------------- start_response and write

    @Override
    public Write start(Status status, List<Header> headers, Throwable excInfo) {
        if (closed) {
            validator.report(this, "R1.1", "start_response(" + Headers.describe(status) + ") was called after the"
                    + " response ended; an application must not keep start_response beyond its request");
            return this; // never forward: the caller may already serve another request
        }
        if (status == null) {
            validator.report(this, "R3.3", "start_response was given a null status; pass e.g. Status.OK");
        } else if (status.code() < 200) {
            validator.report(this, "R3.3", "the application answered with informational status "
                    + Headers.describe(status.toString()) + "; 1xx responses belong to the server, use a final status");
        }
        if (this.status != null && excInfo == null) {
            validator.report(this, "R3.2", "start_response was called a second time without excInfo (first "
                    + Headers.describe(this.status.toString()) + ", now " + Headers.describe(String.valueOf(status))
                    + "); pass the exception being handled as excInfo to replace a response not yet sent");
        }
        long length = HeaderChecks.check(this, headers);
        boolean sentBefore = bytes > 0;
        if (excInfo != null && sentBefore) {
            rethrown = excInfo; // the caller rethrows it now; the application must let it propagate (R3.4)
        }
        Write w = inner.start(status, headers, excInfo);
        rethrown = null;
        if (excInfo != null && sentBefore) {
            validator.report(this, "R3.4", "start_response accepted excInfo " + Headers.describe(excInfo)
                    + " after body bytes were sent; the caller must rethrow it (ExcInfoException.rethrow)");
        }
        this.status = status;
        this.declaredLength = length;
        this.innerWrite = w;
        if (Boolean.TRUE.equals(environ.get(Environ.NOT_MINE)) && status != null && status.code() != 404) {
            validator.report(this, "R6.3", "wsgi4j.not_mine is set but the status is "
                    + Headers.describe(status.toString()) + "; only a 404 may say \"not mine\" (NotFound.INSTANCE)");
        }
        return this;
    }

    @Override
    public void write(byte[] data) throws IOException {
        if (closed) {
            validator.report(this, "R1.1", "write() was called after the response ended; an application must not"
                    + " keep the write callable beyond its request");
            return; // never forward: the caller may already serve another request
        }
        if (status == null) {
            validator.report(this, "R3.5", "write() was called before start_response; start the response first");
        }
        if (data == null) {
            validator.report(this, "R3.9", "write() was given null; pass the bytes to send");
            return;
        }
        count(data);
        innerWrite.write(data);
    }

    // ---------------------------------------------------------------- the body

    @Override
    public Iterator<byte[]> iterator() {
        if (closed) {
            validator.report(this, "R4.4", "iterator() was called on the body of " + describeRequest()
                    + " after it was closed; iterate first, close last");
        }
        if (iterated) {
            validator.report(this, "R4.4", "iterator() was called a second time on the body of "
                    + describeRequest() + "; a body may be iterated once only");
        }
        iterated = true;
        it = body.iterator();
        return this;
    }

    /**
     * R3.4's second half: start_response rethrew {@link #rethrown} and the application carried on
     * ({@code what}) instead of letting it propagate.
     */
    private void checkPropagated(String what) {
        Throwable swallowed = rethrown;
        if (swallowed != null) {
            rethrown = null;
            validator.report(this, "R3.4", "start_response rethrew " + Headers.describe(swallowed) + " and the"
                    + " application " + what + " instead of letting it propagate; do not catch it");
        }
    }

    @Override
    public boolean hasNext() {
        touch("hasNext()");
        boolean more = it.hasNext();
        checkPropagated("went on iterating");
        if (!more && !exhausted) {
            exhausted = true;
            atEnd();
        }
        return more;
    }

    @Override
    public byte[] next() {
        touch("next()");
        if (exhausted) {
            validator.report(this, "R4.4", "next() was called after hasNext() returned false; stop at the end");
        }
        Object item = ((Iterator<?>) it).next(); // erased: see checkList
        checkPropagated("yielded another chunk");
        if (item == null) {
            validator.report(this, "R4.2", "the body yielded a null chunk; yield new byte[0] for nothing");
            return null;
        }
        if (!(item instanceof byte[] chunk)) {
            notBytes(item);
            return (byte[]) item; // at WARN or OFF the caller fails on it, as it does without a validator
        }
        if (chunk.length > 0 && status == null) {
            validator.report(this, "R3.1", "the body yielded " + chunk.length + " bytes before start_response was"
                    + " called; call start_response before the first non-empty chunk");
        }
        count(chunk);
        return chunk;
    }

    @Override
    public void close() {
        if (closed) {
            validator.report(this, "R4.3", "close() was called a second time on the body of " + describeRequest()
                    + "; close a body exactly once");
            return;
        }
        closed = true;
        if (watch != null) {
            watch.closed();
        }
        Body.close(body);
    }

    private void notBytes(Object item) {
        validator.report(this, "R4.2", "the body yielded a " + item.getClass().getName() + " "
                + Headers.describe(item) + " where a chunk must be a byte[] (a raw type or an unchecked cast let"
                + " it in); yield bytes, e.g. text.getBytes(StandardCharsets.UTF_8)");
    }

    private void touch(String method) {
        if (closed) {
            validator.report(this, "R4.4", method + " was called on the body of " + describeRequest()
                    + " after it was closed; stop iterating once you close it");
        }
    }

    private void count(byte[] chunk) {
        if (chunk.length == 0) {
            return;
        }
        bytes += chunk.length;
        if (status != null && status.forbidsBody()) {
            validator.report(this, "R4.5", "status " + Headers.describe(status.toString()) + " forbids a body but the"
                    + " application sent " + chunk.length + " bytes; send an empty body");
        }
        if (declaredLength >= 0 && !head && bytes > declaredLength) {
            validator.report(this, "R4.6", "the body has at least " + bytes + " bytes but Content-Length is "
                    + declaredLength + "; fix the header or the body");
        }
    }

    private void atEnd() {
        if (status == null) {
            validator.report(this, "R3.1", "the body ended and start_response was never called; every response"
                    + " needs a status");
            return;
        }
        if (declaredLength >= 0 && !head && !status.forbidsBody() && bytes != declaredLength) {
            validator.report(this, "R4.6", "the body ended after " + bytes + " bytes but Content-Length is "
                    + declaredLength + "; fix the header or the body");
        }
    }

    // ---------------------------------------------------------------- for the validator and the test client

    /** After the caller finished: reports a body that was returned but never closed. */
    void checkClosed(boolean outermost) {
        if (returned && !closed) {
            if (outermost) {
                validator.report(this, "R4.3", "the body of " + describeRequest() + " was never closed; the caller"
                        + " must call close() exactly once on every path");
            } else {
                validator.report(this, "R6.2", "the body of " + describeRequest() + " was never closed; a middleware"
                        + " that replaces a body must close the original");
            }
        }
    }

    boolean ended() {
        return closed;
    }

    Validator validator() {
        return validator;
    }

    Environ environ() {
        return environ;
    }

    private String describeRequest() {
        return environ.get(Environ.REQUEST_METHOD) + " " + Headers.describe(
                String.valueOf(environ.get(Environ.SCRIPT_NAME)) + environ.get(Environ.PATH_INFO));
    }

    @Override
    public String toString() {
        return "validated body of " + describeRequest();
    }
}
