// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.errors;

import io.wsgi4j.Body;
import io.wsgi4j.CloseableBody;
import io.wsgi4j.Environ;
import io.wsgi4j.StartResponse;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The body {@link ErrorCatcher} returns: yields the application's chunks, and when iterating them
 * throws, closes the application's body and continues with the error page's chunks instead (or lets
 * the exception through when headers were already sent).
 */
final class CatchingBody implements CloseableBody {
    private final Iterable<byte[]> original;
    private final ErrorCatcher catcher;
    private final Environ environ;
    private final StartResponse startResponse;
    private Iterable<byte[]> page;
    private boolean originalClosed;

    CatchingBody(Iterable<byte[]> original, ErrorCatcher catcher, Environ environ, StartResponse startResponse) {
        this.original = original;
        this.catcher = catcher;
        this.environ = environ;
        this.startResponse = startResponse;
    }

    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private Iterator<byte[]> current;

            @Override
            public boolean hasNext() {
                if (current == null) {
                    try {
                        current = original.iterator();
                    } catch (RuntimeException | Error e) {
                        current = switchToPage(e);
                    }
                }
                if (page != null) {
                    return current.hasNext();
                }
                try {
                    return current.hasNext();
                } catch (RuntimeException | Error e) {
                    current = switchToPage(e);
                    return current.hasNext();
                }
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (page != null) {
                    return current.next();
                }
                try {
                    return current.next();
                } catch (RuntimeException | Error e) {
                    current = switchToPage(e);
                    return current.hasNext() ? current.next() : new byte[0];
                }
            }
        };
    }

    /** Closes the failed body and renders the page; throws when the page cannot replace the response. */
    private Iterator<byte[]> switchToPage(Throwable error) {
        try {
            closeOriginal();
        } catch (RuntimeException | Error e) {
            error.addSuppressed(e); // reported with the error itself; the page must still replace the body
        }
        try {
            page = catcher.recover(environ, startResponse, error);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the error page failed while replacing a failed body: " + e, e);
        }
        return page.iterator();
    }

    private void closeOriginal() {
        if (!originalClosed) {
            originalClosed = true;
            Body.close(original);
        }
    }

    @Override
    public void close() {
        try {
            closeOriginal();
        } finally {
            if (page != null) {
                Body.close(page);
            }
        }
    }

    @Override
    public String toString() {
        return "ErrorCatcher.body(" + original + ")";
    }
}
