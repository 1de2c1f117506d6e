// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import io.wsgi4j.handler.LazyInput;
import java.io.InputStream;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * {@code wsgi.input} of a Jetty request: Jetty's blocking stream over the request content, opened
 * when the application first touches it. Most requests (a GET) never read their input, and Jetty's
 * stream costs a lock, a condition and a blocker per request; this costs one small object. Every
 * call, {@code close()} included (Jetty's close consumes or fails what is left of the content, read
 * or not), goes to Jetty's stream, so behaviour is Jetty's own.
 */
final class RequestInput extends LazyInput {
    private final Request request;

    RequestInput(Request request) {
        this.request = request;
    }

    @Override
    protected InputStream open() {
        return Content.Source.asInputStream(request);
    }
}
