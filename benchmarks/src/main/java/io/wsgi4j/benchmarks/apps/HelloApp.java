// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.apps;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The benchmark application every wsgi4j run serves, answering what every peer server answers:
 * {@code GET /plaintext} with {@code Hello, World!} as text/plain, {@code POST /echo} with the
 * request body, anything else with 404.
 *
 * <pre>{@code
 * Application app = HelloApp.INSTANCE;
 * }</pre>
 *
 * <p>Constant headers and body are built once: the benchmark measures the request path of the
 * server and middleware, not string building in the app.
 *
 * @since 0.1
 */
public final class HelloApp implements Application {
    /** The one instance; the app holds no state. @since 0.1 */
    public static final HelloApp INSTANCE = new HelloApp();

    /** The plaintext body, as every peer sends it. @since 0.1 */
    public static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    private static final List<Header> PLAIN = Headers.of(
            "Content-Type", "text/plain", "Content-Length", Integer.toString(HELLO.length));
    private static final List<byte[]> HELLO_BODY = List.of(HELLO);
    private static final List<Header> NOT_FOUND = Headers.of("Content-Type", "text/plain", "Content-Length", "0");

    private HelloApp() {}

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        String path = environ.pathInfo();
        String method = environ.requestMethod();
        if ("/plaintext".equals(path) && ("GET".equals(method) || "HEAD".equals(method))) {
            startResponse.start(Status.OK, PLAIN);
            return HELLO_BODY;
        }
        if ("/echo".equals(path) && "POST".equals(method)) {
            byte[] body;
            try (InputStream in = environ.input()) {
                body = in.readAllBytes();
            }
            String type = environ.contentType();
            startResponse.start(Status.OK, Headers.of(
                    "Content-Type", type == null || type.isEmpty() ? "application/octet-stream" : type,
                    "Content-Length", Integer.toString(body.length)));
            return Body.of(body);
        }
        startResponse.start(Status.NOT_FOUND, NOT_FOUND);
        return Body.empty();
    }

    @Override
    public String toString() {
        return "HelloApp";
    }
}
