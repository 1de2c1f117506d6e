// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.response;

import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import java.util.List;
import java.util.Objects;

/**
 * A response start as a {@link HeldResponse.Rewrite} sees and returns it: status, headers, and how
 * the body is to be filtered ({@code null}: unchanged; {@link BodyFilter#DISCARD}: dropped).
 *
 * <pre>{@code
 * return app.withStatus(Status.of(304)).withFilter(BodyFilter.DISCARD);
 * }</pre>
 *
 * @param status the status
 * @param headers the headers, in order
 * @param filter the body filter, or null to keep the body as it is
 * @since 0.1
 */
public record ResponseStart(Status status, List<Header> headers, BodyFilter filter) {

    /**
     * Checks the parts.
     *
     * @throws NullPointerException if status or headers is null
     * @since 0.1
     */
    public ResponseStart {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(headers, "headers");
    }

    /** The first value of header {@code name}, or null. @since 0.1 */
    public String header(String name) {
        return Headers.get(headers, name);
    }

    /** A copy with another status. @since 0.1 */
    public ResponseStart withStatus(Status newStatus) {
        return new ResponseStart(newStatus, headers, filter);
    }

    /** A copy with other headers. @since 0.1 */
    public ResponseStart withHeaders(List<Header> newHeaders) {
        return new ResponseStart(status, newHeaders, filter);
    }

    /**
     * A copy where {@code name} is replaced by {@code name: value}.
     *
     * @throws IllegalArgumentException if the header is invalid (CR, LF, NUL in the value, ...)
     * @since 0.1
     */
    public ResponseStart withHeader(String name, String value) {
        return new ResponseStart(status, Headers.with(headers, name, value), filter);
    }

    /** A copy without any {@code name} header. @since 0.1 */
    public ResponseStart without(String name) {
        return Headers.contains(headers, name) ? new ResponseStart(status, Headers.without(headers, name), filter)
                : this;
    }

    /** A copy with another body filter. @since 0.1 */
    public ResponseStart withFilter(BodyFilter newFilter) {
        return new ResponseStart(status, headers, newFilter);
    }
}
