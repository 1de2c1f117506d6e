// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.internal.FallbackBody;

/**
 * The body {@link BodyLimit} returns for a request of unknown length: the application's own chunks and,
 * when iterating them fails because the input refused to read past the limit (a streaming application
 * reads its request while it answers), the 413 in their place, the application's body closed first. A
 * response whose headers went out already cannot be replaced: the start_response with excInfo then
 * rethrows the failure (SPEC R3.4) and the server cuts the connection. Other failures pass untouched.
 */
final class OverLimitBody extends FallbackBody {
    private final BodyLimit limit;
    private final StartResponse startResponse;

    OverLimitBody(Iterable<byte[]> original, BodyLimit limit, StartResponse startResponse) {
        super(original);
        this.limit = limit;
        this.startResponse = startResponse;
    }

    @Override
    protected Iterable<byte[]> fallback(RuntimeException failure) {
        if (!BodyLimit.isRefusal(failure)) {
            throw failure;
        }
        return limit.tooLarge(startResponse, failure, "is longer than that");
    }

    @Override
    public String toString() {
        return "BodyLimit.body(" + original() + ")";
    }
}
