// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import java.io.EOFException;

/**
 * A read of the request body that found the client's connection ended before the body did: the client
 * closed it (or reset it) after sending part of what its Content-Length or chunked framing announced.
 * It is an {@link EOFException}, so applications can catch it as one; an application that lets it
 * escape gets a 400 answer (if the client still reads one) and is recorded as the client's error, not
 * as a 500: the server did nothing wrong, as nginx counts a client that went away mid-body.
 *
 * @since 0.2
 */
public final class ClientClosedException extends EOFException {
    private static final long serialVersionUID = 1L;

    /**
     * The exception for a body cut off; {@code message} says how far it got. The gateways throw it when
     * the web server ends a body early.
     *
     * @since 0.2
     */
    public ClientClosedException(String message) {
        super(message);
    }

    /**
     * The same, with the engine's own exception as its cause (the engine adapters). @since 0.2
     */
    public ClientClosedException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}
