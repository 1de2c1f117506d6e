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
 * <p>A response the handler aborted after its headers went out (the body threw, or contradicted its
 * Content-Length: a server would cut the connection, SPEC.md R5.4) is not a complete response:
 * {@link #aborted()} says so, and reading its body with {@link #bytes()}, {@link #text()} or
 * {@link #json()} fails naming the abort and its cause. {@link #partialBytes()} and
 * {@link #partialText()} return what was sent before it. (Such a response reaches a test only with
 * {@link TestClient#allowErrors()}: the failure is written to {@code wsgi.errors}.)
 *
 * @since 0.1
 */
public final class TestResponse {
    private final Status status;
    private final List<Header> headers;
    private final byte[] body;
    private final String errors;
    private final List<TestResponse> history;
    private final Throwable abortCause;

    /** @param abortCause why the response was aborted after its headers, or null when it is complete */
    TestResponse(Status status, List<Header> headers, byte[] body, String errors, List<TestResponse> history,
            Throwable abortCause) {
        this.status = status;
        this.headers = List.copyOf(headers);
        this.body = body;
        this.errors = errors;
        this.history = List.copyOf(history);
        this.abortCause = abortCause;
    }

    TestResponse withHistory(List<TestResponse> earlier) {
        return new TestResponse(status, headers, body, errors, earlier, abortCause);
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

    /**
     * The body bytes (a copy).
     *
     * @throws AssertionError if the response was {@linkplain #aborted() aborted}
     * @since 0.1
     */
    public byte[] bytes() {
        return completeBody().clone();
    }

    /**
     * The body as UTF-8 text.
     *
     * @throws AssertionError if the response was {@linkplain #aborted() aborted}
     * @since 0.1
     */
    public String text() {
        return new String(completeBody(), StandardCharsets.UTF_8);
    }

    /**
     * The body parsed as JSON.
     *
     * @throws AssertionError showing the body if it is not JSON, or if the response was
     *     {@linkplain #aborted() aborted}
     * @since 0.1
     */
    public JsonNode json() {
        return Json.tree(completeBody());
    }

    /**
     * The body read as JSON into {@code type} (a record, bean, {@code Map} or {@code List}).
     *
     * @throws AssertionError showing the body if it does not fit {@code type}, or if the response was
     *     {@linkplain #aborted() aborted}
     * @since 0.1
     */
    public <T> T json(Class<T> type) {
        return Json.read(completeBody(), type);
    }

    /**
     * True when the response was aborted after its headers were sent: the application's body threw or
     * contradicted its Content-Length, and a server would have cut the connection (SPEC.md R5.4). The
     * body is then incomplete; {@link #abortCause()} says why.
     *
     * @since 0.2
     */
    public boolean aborted() {
        return abortCause != null;
    }

    /** Why the response was {@linkplain #aborted() aborted}, or null for a complete response. @since 0.2 */
    public Throwable abortCause() {
        return abortCause;
    }

    /** The body bytes sent before an abort (a copy); for a complete response, its whole body. @since 0.2 */
    public byte[] partialBytes() {
        return body.clone();
    }

    /** {@link #partialBytes()} as UTF-8 text. @since 0.2 */
    public String partialText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    private byte[] completeBody() {
        if (abortCause != null) {
            throw new AssertionError(abortMessage(status, body.length, abortCause)
                    + "; check aborted(), or read what was sent with partialBytes() or partialText()", abortCause);
        }
        return body;
    }

    /** Says that a response was aborted after {@code sent} body bytes, and why; shared with the streaming response. */
    static String abortMessage(Status status, long sent, Throwable cause) {
        return "the response (" + status + ") was aborted after its headers and " + sent + " body bytes, by " + cause
                + "; a server would have cut the connection, so the body is incomplete";
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

    /** {@code "200 OK [headers] (12 bytes)"}, or {@code (5 bytes, ABORTED by ...)}. @since 0.1 */
    @Override
    public String toString() {
        return status + " " + headers + " (" + body.length + " bytes" + (abortCause == null ? ""
                : ", ABORTED by " + abortCause) + ")";
    }
}
