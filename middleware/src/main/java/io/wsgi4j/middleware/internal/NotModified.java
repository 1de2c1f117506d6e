// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.internal;

import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.middleware.response.ContentLength;
import java.util.List;

/**
 * What a 304 stands for. A 304 must carry the validator of the 200 a cache stored (RFC 9110 section
 * 15.4.5, RFC 9111 section 4.3.4), but it carries no Content-Type or Content-Length, so a layer outside
 * that rewrites 200s ({@code Gzip}, which weakens the ETag of what it compresses) cannot tell from the 304
 * what it would have done to the 200. The layer that answers 304 ({@code ConditionalGet},
 * {@code StaticFiles}) leaves the 200's headers in the environ; the outer layer takes them.
 *
 * @since 0.2
 */
public final class NotModified {
    /** The environ key of the headers the 200 would have carried. */
    private static final String KEY = "wsgi4j.internal.not_modified_from";

    private NotModified() {}

    /**
     * Notes that this request's 304 stands for a 200 with {@code headers}, and a body of {@code knownBody}
     * (its length is added when the headers declare none), or null when its size is unknown.
     *
     * @since 0.2
     */
    public static void remember(Environ environ, List<Header> headers, Iterable<byte[]> knownBody) {
        long length = knownBody == null ? -1 : ContentLength.knownLength(knownBody);
        if (length >= 0 && !Headers.contains(headers, "Content-Length")) {
            headers = Headers.with(headers, "Content-Length", Long.toString(length));
        }
        environ.put(KEY, headers);
    }

    /**
     * The headers of the 200 this request's 304 stands for, or null when the layer that answered 304 said
     * nothing; they are removed, so an outer layer does not see them again.
     *
     * @since 0.2
     */
    @SuppressWarnings("unchecked")
    public static List<Header> take(Environ environ) {
        return environ.remove(KEY) instanceof List<?> headers ? (List<Header>) headers : null;
    }
}
