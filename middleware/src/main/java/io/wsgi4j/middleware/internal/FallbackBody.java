// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.internal;

import io.wsgi4j.Body;
import io.wsgi4j.CloseableBody;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An application's body that a middleware may replace when iterating it fails: its chunks are passed
 * on until the iteration throws; then the failed body is closed and {@link #fallback} says what comes
 * in its place (an error page, a 413), or rethrows when nothing can (the response's headers went out).
 * A failure of the replacement itself passes through. Closing closes both, each once.
 *
 * <p>Middleware that answer a request anew when its body fails (ErrorCatcher, BodyLimit) extend it, so
 * the order of closing and replacing, which the validator checks (R4.3), is written once.
 *
 * @since 0.2
 */
public abstract class FallbackBody implements CloseableBody {
    private final Iterable<byte[]> original;
    private Iterable<byte[]> replacement;
    private boolean originalClosed;

    /** @param original the application's body @since 0.2 */
    protected FallbackBody(Iterable<byte[]> original) {
        this.original = original;
    }

    /**
     * The body to go on with in place of the original, whose iteration failed with {@code failure} and
     * which is closed already (a failure of that close is suppressed into {@code failure}).
     *
     * @throws RuntimeException {@code failure} itself, or another, when the response cannot be replaced
     * @since 0.2
     */
    protected abstract Iterable<byte[]> fallback(RuntimeException failure);

    /** {@link #fallback} for an {@link Error}: rethrows it unless overridden. @since 0.2 */
    protected Iterable<byte[]> fallback(Error failure) {
        throw failure;
    }

    /** The application's body, for {@link #toString}. @since 0.2 */
    protected final Iterable<byte[]> original() {
        return original;
    }

    @Override
    public final Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private Iterator<byte[]> current;

            @Override
            public boolean hasNext() {
                if (replacement != null) {
                    return current.hasNext();
                }
                try {
                    if (current == null) {
                        current = original.iterator();
                    }
                    return current.hasNext();
                } catch (RuntimeException | Error e) {
                    current = replace(e);
                    return current.hasNext();
                }
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (replacement != null) {
                    return current.next();
                }
                try {
                    return current.next();
                } catch (RuntimeException | Error e) {
                    current = replace(e);
                    return current.hasNext() ? current.next() : new byte[0];
                }
            }
        };
    }

    private Iterator<byte[]> replace(Throwable failure) {
        try {
            closeOriginal();
        } catch (RuntimeException | Error e) {
            failure.addSuppressed(e); // told with the failure itself; the replacement must still go out
        }
        replacement = failure instanceof Error error ? fallback(error) : fallback((RuntimeException) failure);
        return replacement.iterator();
    }

    private void closeOriginal() {
        if (!originalClosed) {
            originalClosed = true;
            Body.close(original);
        }
    }

    @Override
    public final void close() {
        try {
            closeOriginal();
        } finally {
            if (replacement != null) {
                Body.close(replacement);
            }
        }
    }
}
