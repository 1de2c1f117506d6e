// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.errors;

import io.wsgi4j.Environ;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.internal.FallbackBody;

/**
 * The body {@link ErrorCatcher} returns: yields the application's chunks, and when iterating them
 * throws, closes the application's body and continues with the error page's chunks instead (or lets
 * the exception through when headers were already sent).
 */
final class CatchingBody extends FallbackBody {
    private final ErrorCatcher catcher;
    private final Environ environ;
    private final StartResponse startResponse;

    CatchingBody(Iterable<byte[]> original, ErrorCatcher catcher, Environ environ, StartResponse startResponse) {
        super(original);
        this.catcher = catcher;
        this.environ = environ;
        this.startResponse = startResponse;
    }

    @Override
    protected Iterable<byte[]> fallback(RuntimeException failure) {
        return page(failure);
    }

    @Override
    protected Iterable<byte[]> fallback(Error failure) {
        return page(failure); // an Error too (a class missing from the deployment): the page still replaces the body
    }

    /** The error page; throws when it cannot replace the response. */
    private Iterable<byte[]> page(Throwable error) {
        try {
            return catcher.recover(environ, startResponse, error);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the error page failed while replacing a failed body: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "ErrorCatcher.body(" + original() + ")";
    }
}
