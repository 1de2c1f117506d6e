// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import io.wsgi4j.handler.LazyInput;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code wsgi.input} of a servlet request: the container's input stream, asked for when the
 * application first touches it. Asking early is not free of effects: once {@code getInputStream()}
 * was called, a container no longer parses a form body for {@code getParameter()} (Servlet 6 section
 * 3.1.1), so an application that reads its form through the request in {@code wsgi4j.servlet.request}
 * would find no parameters. Every call goes to the container's stream (a body the client cut off fails
 * as {@link io.wsgi4j.server.ClientClosedException}, see {@link LazyInput}).
 */
final class ServletInput extends LazyInput {
    private final HttpServletRequest request;

    ServletInput(HttpServletRequest request) {
        this.request = request;
    }

    @Override
    protected InputStream open() throws IOException {
        return request.getInputStream();
    }

    @Override
    public void close() throws IOException {
        // never opened: nothing to close, and opening it now would only cost the form its parameters; ended: the
        // request is over and the container's stream may already be the next request's
        if (opened() && !ended()) {
            in().close();
        }
    }
}
