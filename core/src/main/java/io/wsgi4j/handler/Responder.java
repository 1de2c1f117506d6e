// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import io.wsgi4j.Header;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.Write;
import java.io.IOException;
import java.util.List;

/**
 * The start_response and write callables of one request. {@link BaseHandler#begin} makes a new one
 * for every request, so that an application which keeps either beyond its request (SPEC.md R1.1)
 * gets an {@link IllegalStateException} instead of writing into the next response on the same
 * connection: a handler serves many requests, each responder belongs to exactly one of them.
 */
final class Responder implements StartResponse, Write {
    private final BaseHandler handler;

    Responder(BaseHandler handler) {
        this.handler = handler;
    }

    @Override
    public Write start(Status status, List<Header> headers, Throwable excInfo) {
        if (!handler.isCurrent(this)) {
            throw ended("start_response(" + status + ") was called");
        }
        handler.startResponse(status, headers, excInfo);
        return this;
    }

    @Override
    public void write(byte[] data) throws IOException {
        if (!handler.isCurrent(this)) {
            throw ended("write() was called");
        }
        handler.writeData(data);
    }

    private static IllegalStateException ended(String what) {
        return new IllegalStateException("R1.1 " + what + " after its response ended; an application must not keep"
                + " start_response or the write callable beyond its request (the connection may already serve"
                + " another one)");
    }
}
