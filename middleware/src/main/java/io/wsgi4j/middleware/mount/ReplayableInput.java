// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.mount;

import io.wsgi4j.Environ;
import java.io.IOException;

/** Reading the request body once, within a limit, so that several applications can each read it. */
final class ReplayableInput {
    private ReplayableInput() {}

    /** True when the request announces a body: a positive Content-Length, or none with Transfer-Encoding. */
    static boolean hasBody(Environ environ) {
        long length = environ.contentLength();
        return length > 0 || (length < 0 && environ.header("Transfer-Encoding") != null);
    }

    /**
     * The whole body, or null when it is longer than {@code limit} (then nothing more is read than
     * needed to know that). A body that ends early is returned as far as it goes.
     */
    static byte[] read(Environ environ, long limit) throws IOException {
        long length = environ.contentLength();
        if (length > limit) {
            return null;
        }
        int want = (int) (length >= 0 ? length : Math.min(limit + 1, Integer.MAX_VALUE - 8));
        byte[] body = environ.input().readNBytes(want);
        return length < 0 && body.length > limit ? null : body;
    }
}
