// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import java.util.List;

/**
 * The 404 "not mine" answer: a plain 404 that also sets {@link Environ#NOT_MINE}, so a cascade or
 * an outer map may try another application instead (STYLE.md example 6).
 *
 * <pre>{@code
 * if (route == null) {
 *     return NotFound.INSTANCE.call(environ, startResponse);
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class NotFound implements Application {
    /** The shared instance. @since 0.1 */
    public static final NotFound INSTANCE = new NotFound();

    private static final List<Header> HEADERS = Headers.of("Content-Type", "text/plain; charset=utf-8");

    private NotFound() {}

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        environ.put(Environ.NOT_MINE, Boolean.TRUE);
        startResponse.start(Status.NOT_FOUND, HEADERS);
        return Body.of("404 Not Found\n");
    }

    /** True when the last application called with {@code environ} answered "not mine". @since 0.1 */
    public static boolean isNotMine(Environ environ) {
        return Boolean.TRUE.equals(environ.get(Environ.NOT_MINE));
    }

    @Override
    public String toString() {
        return "NotFound";
    }
}
