// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The response an application gave a {@link TestClient}: immutable.
 *
 * @since 0.1
 */
public final class TestResponse {
    private final Status status;
    private final List<Header> headers;
    private final byte[] body;
    private final String errors;

    TestResponse(Status status, List<Header> headers, byte[] body, String errors) {
        this.status = status;
        this.headers = List.copyOf(headers);
        this.body = body;
        this.errors = errors;
    }

    /** The status code. @since 0.1 */
    public int status() {
        return status.code();
    }

    /** The status with its reason. @since 0.1 */
    public Status statusLine() {
        return status;
    }

    /** The first value of header {@code name}, or null. @since 0.1 */
    public String header(String name) {
        return Headers.get(headers, name);
    }

    /** Every value of header {@code name}. @since 0.1 */
    public List<String> headers(String name) {
        return Headers.getAll(headers, name);
    }

    /** All headers, in order. @since 0.1 */
    public List<Header> headers() {
        return headers;
    }

    /** The body bytes (a copy). @since 0.1 */
    public byte[] bytes() {
        return body.clone();
    }

    /** The body as UTF-8 text. @since 0.1 */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** What the application wrote to {@code wsgi.errors}. @since 0.1 */
    public String errors() {
        return errors;
    }

    @Override
    public String toString() {
        return status + " " + headers + " (" + body.length + " bytes)";
    }
}
