// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.readme;

import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.request.Query;
import io.wsgi4j.server.HttpServer;

public final class Hello {
    public static Iterable<byte[]> app(Environ environ, StartResponse startResponse) {
        startResponse.start("200 OK", Headers.of("Content-Type", "text/plain; charset=utf-8"));
        return Body.of("Hello " + Query.parse(environ).first("name", "world") + "!");
    }

    public static void main(String[] args) {
        HttpServer.make("", 8000, Hello::app).serveForever();   // wsgiref's make_server(...).serve_forever()
    }
}
