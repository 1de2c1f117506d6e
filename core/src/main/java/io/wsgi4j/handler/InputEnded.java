// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

/**
 * What a read of {@code wsgi.input} after its response ended throws on every transport (SPEC.md R1.2):
 * the reference server, the gateways and the engine adapters share one message.
 *
 * @since 0.2
 */
public final class InputEnded {
    private InputEnded() {}

    /** The exception for a read of a {@code wsgi.input} kept past its response. @since 0.2 */
    public static IllegalStateException readAfterEnd() {
        return new IllegalStateException("R1.2 wsgi.input was read after its response ended; an application must"
                + " not keep wsgi.input beyond its request (the connection may already carry the next one)");
    }
}
