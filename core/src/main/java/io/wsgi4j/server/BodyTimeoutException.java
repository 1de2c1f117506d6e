// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import java.net.SocketTimeoutException;

/**
 * A read of the request body that waited longer than {@link ServerConfig#bodyTimeout()}. It is a
 * {@link SocketTimeoutException}, so applications can catch it as one; an application that lets it
 * escape gets a 408 answer, not a 500 (the client was too slow, the server did nothing wrong).
 *
 * @since 0.1
 */
public final class BodyTimeoutException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    /**
     * The exception for a body read that waited {@code timeoutMillis}; the SCGI and FastCGI gateways throw
     * it too, when their {@code bodyTimeout} ends a read.
     *
     * @since 0.2
     */
    public BodyTimeoutException(long timeoutMillis) {
        super("the request body stalled for longer than " + timeoutMillis + " ms");
    }

    private BodyTimeoutException(String message) {
        super(message);
    }

    /**
     * The exception for a body that kept arriving, but slower than {@code minBytesPerSecond} once the
     * first {@code timeoutMillis} of waiting for it were used up ({@link ServerConfig#minBodyRate()}).
     *
     * @since 0.2
     */
    public static BodyTimeoutException tooSlow(long minBytesPerSecond, long timeoutMillis) {
        return new BodyTimeoutException("the request body arrived slower than " + minBytesPerSecond
                + " bytes per second beyond its first " + timeoutMillis + " ms");
    }
}
