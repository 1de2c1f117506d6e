// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

/**
 * A web application: one callable that takes the request environ and a start-response callable and
 * returns the response body, as PEP 3333 defines it for Python.
 *
 * <pre>{@code
 * Application hello = (environ, startResponse) -> {
 *     startResponse.start("200 OK", Headers.of("Content-Type", "text/plain"));
 *     return Body.of("Hello world!");
 * };
 * }</pre>
 *
 * <p>The contract (SPEC.md section 1): the application calls {@link StartResponse#start} before the
 * first non-empty chunk of the body, returns an iterable of byte arrays that the caller iterates
 * lazily, and, when the returned body is {@link AutoCloseable}, relies on the caller to close it
 * exactly once. Middleware is an application that holds another, so applications nest.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Application {

    /**
     * Handles one request.
     *
     * @param environ the request environ (CGI variables plus {@code wsgi.*} keys); the application may
     *     read and change it
     * @param startResponse begins the response with a status and headers
     * @return the response body, iterated lazily; chunks are sent as they come
     * @throws Exception anything; before headers are sent the caller answers 500, after that it
     *     aborts the response
     * @since 0.1
     */
    Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception;

    /**
     * Returns this application with a name that {@link Object#toString() toString()} prints, so
     * printed pipelines read as the code that built them ({@code Application.named("Hello::app", Hello::app)}).
     *
     * @throws NullPointerException if {@code name} or {@code app} is null
     * @since 0.1
     */
    static Application named(String name, Application app) {
        return new NamedApplication(name, app);
    }
}
