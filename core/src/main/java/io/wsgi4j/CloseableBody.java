// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

/**
 * A response body that holds a resource. The server calls {@link #close()} exactly once, after the
 * last chunk or on any failure path (SPEC.md rule R4.3).
 *
 * @since 0.1
 */
public interface CloseableBody extends Iterable<byte[]>, AutoCloseable {

    /**
     * Releases what the body holds. Called once by whoever consumes the body; never throws checked
     * exceptions, so middleware can close a body it replaces without a try block.
     *
     * @since 0.1
     */
    @Override
    void close();
}
