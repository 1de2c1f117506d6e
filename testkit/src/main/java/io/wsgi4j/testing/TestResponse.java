// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The response an application gave a {@link TestClient}: immutable.
 *
 * <pre>{@code
 * TestResponse r = client.get("/api/items/7").send();
 * assertEquals(200, r.status());
 * assertEquals("application/json", r.header("Content-Type"));
 * assertEquals("pen", r.json().get("name").asText());
 * }</pre>
 *
 * @since 0.1
 */
public final class TestResponse {
    private final Status status;
    private final List<Header> headers;
    private final byte[] body;
    private final String errors;
    private final List<TestResponse> history;

    TestResponse(Status status, List<Header> headers, byte[] body, String errors, List<TestResponse> history) {
        this.status = status;
        this.headers = List.copyOf(headers);
        this.body = body;
        this.errors = errors;
        this.history = List.copyOf(history);
    }

    TestResponse withHistory(List<TestResponse> earlier) {
        return new TestResponse(status, headers, body, errors, earlier);
    }

    /** The status code. @since 0.1 */
    public int status() {
        return status.code();
    }

    /** The status with its reason. @since 0.1 */
    public Status statusLine() {
        return status;
    }

    /** The first value of header {@code name} (any case), or null. @since 0.1 */
    public String header(String name) {
        return Headers.get(headers, name);
    }

    /** Every value of header {@code name}, in order. @since 0.1 */
    public List<String> headers(String name) {
        return Headers.getAll(headers, name);
    }

    /** All headers, in order, including the Content-Length the handler added for a body of known size. @since 0.1 */
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

    /**
     * The body parsed as JSON.
     *
     * @throws AssertionError showing the body if it is not JSON
     * @since 0.1
     */
    public JsonNode json() {
        return Json.tree(body);
    }

    /**
     * The body read as JSON into {@code type} (a record, bean, {@code Map} or {@code List}).
     *
     * @throws AssertionError showing the body if it does not fit {@code type}
     * @since 0.1
     */
    public <T> T json(Class<T> type) {
        return Json.read(body, type);
    }

    /** What the application wrote to {@code wsgi.errors} (only ever non-empty with allowErrors()). @since 0.1 */
    public String errors() {
        return errors;
    }

    /**
     * The redirect responses that led to this one, first first; empty unless redirects were followed.
     *
     * @since 0.1
     */
    public List<TestResponse> history() {
        return history;
    }

    /** {@code "200 OK [headers] (12 bytes)"}. @since 0.1 */
    @Override
    public String toString() {
        return status + " " + headers + " (" + body.length + " bytes)";
    }
}
