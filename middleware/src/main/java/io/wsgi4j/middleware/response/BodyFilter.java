// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.response;

/**
 * Transforms a response body chunk by chunk, without holding it: what a {@link HeldResponse.Rewrite}
 * attaches to a response it changes (compression, for instance).
 *
 * <pre>{@code
 * BodyFilter upper = chunk -> new String(chunk, ISO_8859_1).toUpperCase().getBytes(ISO_8859_1);
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface BodyFilter {
    /** An empty chunk. @since 0.1 */
    byte[] EMPTY = new byte[0];

    /** Drops the body: nothing more is read from the application's body, which is then closed. @since 0.1 */
    BodyFilter DISCARD = chunk -> EMPTY;

    /**
     * The bytes to send for {@code chunk}; may be empty (nothing to send yet).
     *
     * @since 0.1
     */
    byte[] chunk(byte[] chunk);

    /**
     * The bytes to send after the last chunk (a trailer); empty by default.
     *
     * @since 0.1
     */
    default byte[] end() {
        return EMPTY;
    }

    /**
     * Releases what the filter holds; called once when the body is closed. Does nothing by default.
     *
     * @since 0.1
     */
    default void close() {}
}
