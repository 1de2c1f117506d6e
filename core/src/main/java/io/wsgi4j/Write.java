// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import java.io.IOException;

/**
 * The legacy {@code write} callable that {@link StartResponse#start} returns (PEP 3333 keeps it for
 * frameworks that push output imperatively). New code returns its body instead.
 *
 * <p>Each call sends the headers if they are not sent yet, then sends {@code data} before returning.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Write {

    /**
     * Sends {@code data} to the client now.
     *
     * @throws IOException if the client has gone
     * @throws IllegalStateException if the response has not been started
     * @since 0.1
     */
    void write(byte[] data) throws IOException;
}
