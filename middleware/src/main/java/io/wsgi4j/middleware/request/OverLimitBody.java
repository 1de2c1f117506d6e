// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import io.wsgi4j.Body;
import io.wsgi4j.CloseableBody;
import io.wsgi4j.StartResponse;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The body {@link BodyLimit} returns for a request of unknown length: the application's own chunks and,
 * when iterating them fails because the input refused to read past the limit (a streaming application
 * reads its request while it answers), the 413 in their place, the application's body closed first. A
 * response whose headers went out already cannot be replaced: the start_response with excInfo then
 * rethrows the failure (SPEC R3.4) and the server cuts the connection. Other failures pass untouched.
 */
final class OverLimitBody implements CloseableBody {
    private final Iterable<byte[]> original;
    private final BodyLimit limit;
    private final StartResponse startResponse;
    private Iterable<byte[]> answer;
    private boolean originalClosed;

    OverLimitBody(Iterable<byte[]> original, BodyLimit limit, StartResponse startResponse) {
        this.original = original;
        this.limit = limit;
        this.startResponse = startResponse;
    }

    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private Iterator<byte[]> current;

            @Override
            public boolean hasNext() {
                try {
                    if (current == null) {
                        current = original.iterator();
                    }
                    return current.hasNext();
                } catch (RuntimeException e) {
                    current = answer(e);
                    return current.hasNext();
                }
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    return current.next();
                } catch (RuntimeException e) {
                    current = answer(e);
                    return current.hasNext() ? current.next() : new byte[0];
                }
            }
        };
    }

    /** The 413's chunks when {@code failure} is the limit's refusal (and the body not replaced yet), else rethrows it. */
    private Iterator<byte[]> answer(RuntimeException failure) {
        if (answer != null || !BodyLimit.isRefusal(failure)) {
            throw failure;
        }
        try {
            closeOriginal();
        } catch (RuntimeException | Error e) {
            failure.addSuppressed(e);
        }
        answer = limit.tooLarge(startResponse, failure, "is longer than that");
        return answer.iterator();
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
            if (answer != null) {
                Body.close(answer);
            }
        }
    }

    @Override
    public String toString() {
        return "BodyLimit.body(" + original + ")";
    }
}
