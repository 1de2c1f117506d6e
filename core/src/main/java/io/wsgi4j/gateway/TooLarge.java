// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;

/** The answer a gateway gives instead of calling the app when a request exceeds a limit. */
final class TooLarge implements Application {
    private final Status status;
    private final String message;

    private TooLarge(Status status, String message) {
        this.status = status;
        this.message = message;
    }

    static TooLarge body(long declared, long limit) {
        return new TooLarge(Status.of(413), "413 Content Too Large: the request body of " + declared
                + " bytes exceeds this gateway's limit of " + limit + " bytes\n");
    }

    static TooLarge params(long limit) {
        return new TooLarge(Status.of(431), "431 Request Header Fields Too Large: the request's CGI variables"
                + " exceed this gateway's limit of " + limit + " bytes\n");
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        startResponse.start(status, Headers.of("Content-Type", "text/plain; charset=utf-8"), null);
        return Body.of(message);
    }

    @Override
    public String toString() {
        return "TooLarge[" + status + "]";
    }
}
