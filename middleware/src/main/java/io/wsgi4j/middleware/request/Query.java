// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import io.wsgi4j.Environ;
import java.util.Objects;

/**
 * The request's query parameters, parsed from QUERY_STRING.
 *
 * <pre>{@code
 * Params q = Query.parse(environ);                // ?q=caf%C3%A9&page=2
 * String term = q.first("q");                     // "café"
 * int page = q.firstInt("page", 1);              // 2; a malformed or overflowing number is a 400
 * }</pre>
 *
 * <p>Decoding: pairs split on {@code &}, {@code +} is a space, {@code %XX} a byte, text UTF-8;
 * a {@code %} not followed by two hex digits is kept as is. A GET form's {@code _charset_} field names the
 * charset of the other fields instead of UTF-8, as for {@link Forms} (a name this JVM does not know is a
 * 400). The result is cached in the environ under
 * {@link #KEY} (re-parsed if QUERY_STRING changes). Errors are {@link RequestException}s: 413 past
 * {@link Limits#maxFields()} pairs or {@link Limits#maxFieldBytes()} bytes in one value, 400 for bytes that
 * are not UTF-8 under {@link Limits#strictUtf8()} (otherwise they become U+FFFD). {@link RequestScope} or
 * {@code ErrorCatcher} in the pipeline answers them with that status; with neither, they are a 500.
 *
 * @since 0.1
 */
public final class Query {
    /** The environ key of the cached parse. @since 0.1 */
    public static final String KEY = "wsgi4j.query";

    private Query() {}

    /**
     * The query parameters with {@link Limits#DEFAULT}.
     *
     * @throws RequestException 413 or 400 as described on the class
     * @since 0.1
     */
    public static Params parse(Environ environ) {
        return parse(environ, Limits.DEFAULT);
    }

    /**
     * The query parameters with the given limits (a cached parse is reused whatever its limits).
     *
     * @throws RequestException 413 or 400 as described on the class
     * @since 0.1
     */
    public static Params parse(Environ environ, Limits limits) {
        Objects.requireNonNull(limits, "limits");
        return Cached.get(environ, KEY, environ.queryString(), qs -> parse(qs, limits));
    }

    /**
     * Parses a query string (without {@code ?}) held one char per byte, as in the environ.
     *
     * @throws RequestException 413 or 400 as described on the class
     * @since 0.1
     */
    public static Params parse(String queryString, Limits limits) {
        return queryString.isEmpty() ? Params.EMPTY : UrlEncoded.decode(queryString, limits, "the query string");
    }
}
