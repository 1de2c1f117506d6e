// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import io.wsgi4j.Environ;
import io.wsgi4j.handler.EnvironBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A request being built by a {@link TestClient}; {@link #send()} runs it.
 *
 * @since 0.1
 */
public final class TestRequest {
    private final TestClient client;
    private final String method;
    private final String target;
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body;

    TestRequest(TestClient client, String method, String target) {
        this.client = client;
        this.method = Objects.requireNonNull(method, "method");
        this.target = Objects.requireNonNull(target, "target");
        if (!target.startsWith("/") && !target.equals("*") && !target.contains("://")) {
            throw new IllegalArgumentException("request target must start with \"/\" (or be absolute), got \""
                    + target + "\"");
        }
    }

    /** Adds a request header (repeatable). @since 0.1 */
    public TestRequest header(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    /** Sets a raw request body; Content-Length follows from it. @since 0.1 */
    public TestRequest body(byte[] bytes) {
        this.body = bytes.clone();
        return this;
    }

    /** Sets a UTF-8 text body with the given content type. @since 0.1 */
    public TestRequest body(String text, String contentType) {
        header("Content-Type", contentType);
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Runs the request through the application and returns the whole response. @since 0.1 */
    public TestResponse send() {
        EnvironBuilder b = new EnvironBuilder()
                .method(method)
                .target(target)
                .protocol("HTTP/1.1")
                .server("localhost", 80)
                .remote("127.0.0.1", 50000);
        boolean hasHost = false;
        for (String[] h : headers) {
            hasHost |= h[0].equalsIgnoreCase("Host");
            b.header(h[0], h[1]);
        }
        if (!hasHost) {
            b.header("Host", "localhost");
        }
        if (body != null) {
            b.header("Content-Length", Integer.toString(body.length));
            b.input(new ByteArrayInputStream(body));
        }
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        b.errors(new PrintStream(errors, true, StandardCharsets.UTF_8));
        Environ environ = b.build();
        TestHandler handler = new TestHandler();
        handler.run(client.app(), environ);
        String errorText = errors.toString(StandardCharsets.UTF_8);
        if (!errorText.isEmpty() && !client.errorsAllowed()) {
            throw new AssertionError("the application wrote to wsgi.errors (call TestClient.allowErrors() if that"
                    + " is expected):\n" + errorText);
        }
        return new TestResponse(handler.status(), handler.capturedHeaders(), handler.capturedBody(), errorText);
    }
}
