// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import java.io.IOException;

/**
 * Thrown by the {@code wsgi.input} that {@link BodyLimit} installs when the application reads past the
 * limit; {@link BodyLimit} answers it with 413.
 *
 * @since 0.1
 */
public final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception naming {@code limit}.
     *
     * @since 0.1
     */
    public BodyTooLargeException(long limit) {
        super("the request body is longer than the limit of " + limit + " bytes; send less, or raise BodyLimit");
    }
}
