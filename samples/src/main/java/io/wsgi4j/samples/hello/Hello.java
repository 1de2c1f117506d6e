// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.hello;

import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;

/**
 * The first seed's application: one static method taking the environ and start_response,
 * returning the body.
 *
 * <p>The Python original is {@code def application(environ, start_response)}; the Java form is a
 * static method used as {@code Hello::application}. {@link HelloServer} serves it.
 *
 * @since 0.1
 */
public final class Hello {
    private Hello() {}

    /**
     * Answers every request with {@code 200 OK} and the text {@code Hello world!} as HTML.
     *
     * <p>{@code TestClient.of(Hello::application).get("/").send().text()} is {@code "Hello world!"}.
     *
     * @param environ the request
     * @param startResponse where the status and headers go
     * @return the body, one chunk
     * @since 0.1
     */
    public static Iterable<byte[]> application(Environ environ, StartResponse startResponse) {
        startResponse.start("200 OK", Headers.of("content-type", "text/html"));
        return Body.of("Hello world!");
    }
}
