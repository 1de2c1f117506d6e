// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import io.wsgi4j.Application;
import java.util.Objects;

/**
 * Runs an application in-process, with no server: build a request, send it, read the response.
 *
 * <pre>{@code
 * TestClient client = TestClient.of(app);
 * TestResponse r = client.get("/hello").header("Accept", "text/plain").send();
 * assertEquals(200, r.status());
 * assertEquals("Hello world!", r.text());
 * }</pre>
 *
 * <p>The environ is built exactly as the reference server builds it for the same request. Anything
 * the application writes to {@code wsgi.errors} fails the request unless {@link #allowErrors()} was
 * called.
 *
 * @since 0.1
 */
public final class TestClient {
    private final Application app;
    private boolean allowErrors;

    private TestClient(Application app) {
        this.app = Objects.requireNonNull(app, "app");
    }

    /** A client for {@code app}. @since 0.1 */
    public static TestClient of(Application app) {
        return new TestClient(app);
    }

    /** Lets the application write to {@code wsgi.errors} without failing the request. @since 0.1 */
    public TestClient allowErrors() {
        this.allowErrors = true;
        return this;
    }

    /** A GET request for {@code target} (a path, optionally with {@code ?query}). @since 0.1 */
    public TestRequest get(String target) {
        return request("GET", target);
    }

    /** A POST request. @since 0.1 */
    public TestRequest post(String target) {
        return request("POST", target);
    }

    /** A PUT request. @since 0.1 */
    public TestRequest put(String target) {
        return request("PUT", target);
    }

    /** A DELETE request. @since 0.1 */
    public TestRequest delete(String target) {
        return request("DELETE", target);
    }

    /** A HEAD request. @since 0.1 */
    public TestRequest head(String target) {
        return request("HEAD", target);
    }

    /** An OPTIONS request. @since 0.1 */
    public TestRequest options(String target) {
        return request("OPTIONS", target);
    }

    /** A request with any method. @since 0.1 */
    public TestRequest request(String method, String target) {
        return new TestRequest(this, method, target);
    }

    Application app() {
        return app;
    }

    boolean errorsAllowed() {
        return allowErrors;
    }
}
