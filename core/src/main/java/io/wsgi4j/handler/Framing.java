// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

/**
 * How a response body is delimited on the wire; decided by {@link BaseHandler} when headers go out.
 *
 * @since 0.1
 */
public enum Framing {
    /** Content-Length, given by the application or computed from a body of known size. */
    LENGTH,
    /** HTTP/1.1 chunked transfer coding, for a body of unknown length. */
    CHUNKED,
    /** The body ends when the connection closes (HTTP/1.0, length unknown). */
    CLOSE,
    /** No body on the wire: HEAD, or a 1xx/204/304 status. */
    NONE,
    /** A gateway behind a web server: bytes are streamed and the web server frames them. */
    STREAM;

    /**
     * R5.3: the caller, not the application, frames the body; the application only says what it
     * knows (a Content-Length). {@code known} is the body's length when known before sending it, else
     * -1; an empty body on HEAD says nothing about the GET body's length, so it announces none.
     */
    static Framing choose(io.wsgi4j.Status status, boolean declared, long known, boolean head, boolean originServer,
            boolean http11) {
        if (status.forbidsBody()) {
            return NONE;
        }
        if (declared || known > 0 || (known == 0 && !head)) {
            return LENGTH;
        }
        if (!originServer) {
            return STREAM;
        }
        return http11 ? CHUNKED : CLOSE;
    }
}
