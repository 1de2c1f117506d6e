// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
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
    // the request that got this response, for failure messages, links and forms; null until sent
    private final TestClient client;
    private final String requestLine;
    private final String url;

    /** @param abortCause why the response was aborted after its headers, or null when it is complete */
    TestResponse(Status status, List<Header> headers, byte[] body, String errors, List<TestResponse> history,
            Throwable abortCause) {
        this(status, headers, body, errors, history, abortCause, null, null, null);
    }

    private TestResponse(Status status, List<Header> headers, byte[] body, String errors, List<TestResponse> history,
            Throwable abortCause, TestClient client, String requestLine, String url) {
        this.status = status;
        this.headers = List.copyOf(headers);
        this.body = body;
        this.errors = errors;
        this.history = List.copyOf(history);
        this.abortCause = abortCause;
        this.client = client;
        this.requestLine = requestLine;
        this.url = url;
    }

    TestResponse withHistory(List<TestResponse> earlier) {
        return new TestResponse(status, headers, body, errors, earlier, abortCause, client, requestLine, url);
    }

    /** This response as the answer to {@code request}, sent by {@code client}. */
    TestResponse answering(TestClient client, TestRequest.Prepared request) {
        return new TestResponse(status, headers, body, errors, history, abortCause, client, request.requestLine(),
                request.url());
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
     * The body as text, in the charset its Content-Type names ({@code text/html; charset=ISO-8859-1}),
     * as a browser reads it; UTF-8 when it names none (or one Java does not know).
     *
     * @throws AssertionError if the response was {@linkplain #aborted() aborted}
     * @since 0.1
     */
    public String text() {
        return new String(completeBody(), BodyCharset.of(headers));
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

    /** {@link #partialBytes()} as text, in the charset {@link #text()} uses. @since 0.2 */
    public String partialText() {
        return new String(body, BodyCharset.of(headers));
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

    // ---------------------------------------------------------------- assertions

    /**
     * Asserts the status code; on failure the message shows the request, the status, the headers and
     * the start of the body.
     *
     * <pre>{@code
     * client.get("/").send().assertStatus(200).assertContains("Welcome");
     * }</pre>
     *
     * @return this response, for chaining
     * @throws AssertionError if the status differs
     * @since 0.2
     */
    public TestResponse assertStatus(int expected) {
        if (status.code() != expected) {
            throw failure("expected status " + expected + " but was " + status);
        }
        return this;
    }

    /**
     * Asserts that header {@code name} (any case) has {@code expected} as one of its values.
     *
     * @return this response, for chaining
     * @throws AssertionError showing the response when it has no such value
     * @since 0.2
     */
    public TestResponse assertHeader(String name, String expected) {
        List<String> values = headers(name);
        if (!values.contains(expected)) {
            throw failure("expected header " + name + ": " + expected + " but "
                    + (values.isEmpty() ? "there is no " + name + " header" : "its values are " + values));
        }
        return this;
    }

    /**
     * Asserts that the body, as {@link #text()}, contains {@code text}.
     *
     * @return this response, for chaining
     * @throws AssertionError showing the response when it does not
     * @since 0.2
     */
    public TestResponse assertContains(String text) {
        if (!text().contains(text)) {
            throw failure("expected the body to contain \"" + text + "\"");
        }
        return this;
    }

    /**
     * Asserts that the body, as {@link #text()}, does not contain {@code text}.
     *
     * @return this response, for chaining
     * @throws AssertionError showing the response when it does
     * @since 0.2
     */
    public TestResponse assertNotContains(String text) {
        if (text().contains(text)) {
            throw failure("expected the body not to contain \"" + text + "\"");
        }
        return this;
    }

    /**
     * Asserts a redirect (301, 302, 303, 307 or 308) whose Location is {@code location}.
     *
     * @return this response, for chaining
     * @throws AssertionError showing the response when it is not that redirect
     * @since 0.2
     */
    public TestResponse assertRedirectsTo(String location) {
        if (!Redirects.isRedirect(status.code()) || !location.equals(header("Location"))) {
            throw failure("expected a redirect to " + location);
        }
        return this;
    }

    private AssertionError failure(String expectation) {
        return new AssertionError(expectation + "\n" + ResponseText.describe(requestLine, status, headers, body));
    }

    // ---------------------------------------------------------------- links and forms

    /**
     * The first form of this HTML page.
     *
     * @throws AssertionError showing the response when the page has no form
     * @since 0.2
     */
    public Form form() {
        return HtmlPage.of(this).form(null);
    }

    /**
     * The form of this HTML page with {@code id} or {@code name} {@code key}, or the {@code key}-th
     * form (counting from 0) when {@code key} is a number.
     *
     * @throws AssertionError listing the page's forms when none matches
     * @since 0.2
     */
    public Form form(String key) {
        return HtmlPage.of(this).form(java.util.Objects.requireNonNull(key, "key"));
    }

    /** Every form of this HTML page, in document order; empty when it has none. @since 0.2 */
    public List<Form> forms() {
        return HtmlPage.of(this).forms();
    }

    /**
     * Follows the first link ({@code <a href>}) whose text, whitespace collapsed, is {@code text}: a GET
     * of its href resolved against the page's base URL (its first {@code <base href>}, else this
     * response's URL), through the same client (cookies kept).
     *
     * @throws AssertionError listing the page's links when none has that text
     * @since 0.2
     */
    public TestResponse clickLink(String text) {
        return HtmlPage.of(this).clickLink(java.util.Objects.requireNonNull(text, "text"));
    }

    TestClient client() {
        if (client == null) {
            throw new IllegalStateException("this response was not sent by a TestClient; forms and links need one");
        }
        return client;
    }

    String url() {
        return url;
    }

    String requestLine() {
        return requestLine;
    }

    /**
     * {@code "200 OK [headers] (12 bytes) Hello world!"}: status, headers, size (and {@code ABORTED by ...}
     * when aborted), and the start of the body (at most 200 characters, control characters escaped).
     *
     * @since 0.1
     */
    @Override
    public String toString() {
        return status + " " + headers + " (" + body.length + " bytes" + (abortCause == null ? ""
                : ", ABORTED by " + abortCause) + ")" + (body.length == 0 ? "" : " " + ResponseText.bodyStart(body, 200, BodyCharset.of(headers)));
    }
}
