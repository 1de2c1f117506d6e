// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.ownhello;

import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * "My Own Hello World" written as a class: constructed with the environ and start_response, then
 * iterated for the body, like the second seed's {@code SimpleApp} with its {@code __iter__}.
 *
 * <p>The constructor is the application: {@code Application app = SimpleApp::new;}. Nothing
 * happens until the server iterates the object; the first step of the iteration calls
 * start_response, just as the Python generator does on its first {@code next()}. This works because
 * a wsgi4j server sends headers at the first body chunk, not at start_response.
 *
 * @since 0.1
 */
public final class SimpleApp implements Iterable<byte[]> {
    private final Environ environ;
    private final StartResponse start;

    /**
     * Keeps the request and start_response for the iteration; does no work yet.
     *
     * @param environ the request
     * @param startResponse called when the body is first iterated
     * @since 0.1
     */
    public SimpleApp(Environ environ, StartResponse startResponse) {
        this.environ = environ;
        this.start = startResponse;
    }

    /**
     * Returns an iterator that starts the response on its first step and yields one line.
     *
     * @return a one-chunk iterator; calls start_response exactly once
     * @since 0.1
     */
    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private boolean done;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public byte[] next() {
                if (done) {
                    throw new NoSuchElementException("SimpleApp yields one chunk only");
                }
                done = true;
                start.start("200 OK", Headers.of("Content-type", "text/plain"));
                return "My Own Hello world!\n".getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    @Override
    public String toString() {
        return "SimpleApp[" + environ.requestMethod() + " " + environ.pathInfo() + "]";
    }
}
