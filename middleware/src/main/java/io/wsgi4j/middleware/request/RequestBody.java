// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import io.wsgi4j.Environ;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the request body at most once. A helper that needs the whole body ({@link Json}, urlencoded
 * {@link Forms}) keeps the bytes under {@link #BYTES} so the next helper reuses them; a helper that
 * streams it ({@code multipart}) marks it taken under {@link #TAKEN}, after which reading it again is
 * a programming error.
 */
final class RequestBody {
    static final String BYTES = "wsgi4j.body";
    static final String TAKEN = "wsgi4j.body_taken_by";

    private RequestBody() {}

    /** The whole body, at most {@code limit} bytes, else 413 (before reading, when Content-Length says so). */
    static byte[] bytes(Environ environ, long limit, String what) {
        Object held = environ.get(BYTES);
        if (held instanceof byte[] b) {
            if (b.length > limit) {
                throw RequestException.tooLarge(what + " is larger than " + limit + " bytes");
            }
            return b;
        }
        InputStream in = take(environ, what);
        long declared = declaredLength(environ);
        if (declared > limit) {
            throw RequestException.tooLarge(what + " is " + declared + " bytes, more than the limit of " + limit);
        }
        byte[] b;
        try {
            b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        } catch (IOException e) {
            throw RequestException.readFailed(what, e);
        }
        if (b.length > limit) {
            throw RequestException.tooLarge(what + " is larger than " + limit + " bytes");
        }
        environ.put(BYTES, b);
        environ.remove(TAKEN);
        return b;
    }

    /** The input stream for one streaming reader; marks the body taken by {@code what}. */
    static InputStream take(Environ environ, String what) {
        Object by = environ.get(TAKEN);
        if (by != null) {
            throw new IllegalStateException("the request body was already read by " + by + "; read it with one"
                    + " helper per request (Forms, Json) and keep the result, they cache it in the environ");
        }
        environ.put(TAKEN, what);
        return environ.input();
    }

    /** CONTENT_LENGTH, or -1 when absent; a malformed value is a 400. */
    static long declaredLength(Environ environ) {
        try {
            return environ.contentLength();
        } catch (IllegalArgumentException e) {
            throw RequestException.badRequest("Content-Length is not a number: "
                    + RequestException.quote(String.valueOf(environ.get(Environ.CONTENT_LENGTH))));
        }
    }
}
