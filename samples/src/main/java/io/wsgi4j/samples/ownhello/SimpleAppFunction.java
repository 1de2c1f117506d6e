// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.ownhello;

import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;

/**
 * "My Own Hello World" written as a function: the second seed's {@code simple_app}.
 *
 * <p>{@code Application app = SimpleAppFunction::app;} is the whole adaptation; no interface to
 * implement, no class to instantiate. {@link OwnHelloServer} serves it.
 *
 * @since 0.1
 */
public final class SimpleAppFunction {
    private SimpleAppFunction() {}

    /**
     * Simplest possible application: {@code 200 OK}, plain text, {@code My Own Hello World!}.
     *
     * @param environ the request (unused, as in the seed)
     * @param startResponse where the status and headers go
     * @return the body, one line
     * @since 0.1
     */
    public static Iterable<byte[]> app(Environ environ, StartResponse startResponse) {
        String status = "200 OK";
        startResponse.start(status, Headers.of("Content-type", "text/plain"));
        return Body.of("My Own Hello World!\n");
    }
}
