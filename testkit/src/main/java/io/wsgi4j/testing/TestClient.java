// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.handler.Outcome;
import io.wsgi4j.observe.RequestObserver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs an application in-process, with no server: build a request, send it, read the response.
 *
 * <pre>{@code
 * TestClient client = TestClient.of(app);
 * TestResponse r = client.get("/hello").query("name", "Ada").send();
 * assertEquals(200, r.status());
 * assertEquals("Hello Ada!", r.text());
 * }</pre>
 *
 * <p>Defaults and options:
 * <ul>
 *   <li>Every request runs through a {@link Validator} ({@link Validator#DEFAULT}); a broken rule of
 *       SPEC.md, or a body nobody closed, fails the request with a {@link ValidationException}.
 *       {@link #validator(Validator)} sets another, {@link #unvalidated(Application)} runs without.
 *   <li>Anything the application writes to {@code wsgi.errors} (including the log of an exception
 *       the handler turned into a 500) fails the request with an {@link AssertionError}, unless
 *       {@link #allowErrors()} was called; {@link TestResponse#errors()} then holds the text.
 *   <li>Cookies from Set-Cookie are kept and sent back on later requests of this client, as a browser
 *       sends them (RFC 6265): to the host that set them (or the Domain they name) under their Path, and
 *       Secure ones only over https or to localhost, which browsers count as secure.
 *   <li>Redirects are returned as they are, unless {@link #followRedirects()} was called.
 * </ul>
 *
 * <p>The environ is built by the same {@link io.wsgi4j.handler.EnvironBuilder} the reference server
 * uses, for a request to {@code localhost:80} from {@code 127.0.0.1} over HTTP/1.1, so a test that
 * passes here sees the same keys and values over HTTP. A client is not thread-safe: use one per
 * thread.
 *
 * <p>A client from {@link #over(URI)} holds a connection to the server: close it when done, with
 * try-with-resources or {@link #close()}. Closing an in-process client does nothing.
 *
 * @since 0.1
 */
public final class TestClient implements AutoCloseable {
    private final Application app;
    private Validator validator;
    private Application target;
    private boolean allowErrors;
    private boolean followRedirects;
    private RequestObserver observer = RequestObserver.NONE;
    private final CookieJar jar = new CookieJar();
    // reused by every send(): a client serves one request at a time
    private final TestHandler handler = new TestHandler();
    private final ByteArrayOutputStream errorBytes = new ByteArrayOutputStream();
    private final PrintStream errors = new PrintStream(errorBytes, true, StandardCharsets.UTF_8);

    // set by over(URI): requests go to a live server instead of the application
    private final LiveExchange live;

    private TestClient(Application app, Validator validator) {
        this.app = Objects.requireNonNull(app, "app");
        this.live = null;
        validator(validator);
    }

    private TestClient(URI base) {
        this.app = null;
        this.live = new LiveExchange(base);
    }

    /** A client for {@code app}, validated by {@link Validator#DEFAULT}. @since 0.1 */
    public static TestClient of(Application app) {
        return new TestClient(app, Validator.DEFAULT);
    }

    /**
     * A client for a live server at {@code base} ({@code http://127.0.0.1:8080}, optionally with a path
     * prefix): the same request and response API over an HTTP/1.1 connection (TLS for {@code https}),
     * kept open between requests, so one test runs in-process and against a real server (cookies and
     * redirects handled by this client as in-process).
     *
     * <pre>{@code
     * TestClient client = TestClient.over(URI.create("http://127.0.0.1:" + server.port()));
     * client.get("/hello").query("name", "Ada").send().assertStatus(200).assertContains("Ada");
     * }</pre>
     *
     * <p>What only an in-process run can do is refused with {@link IllegalStateException}: {@code stream()},
     * and a validator or observer, and {@link TestRequest#https()} unless {@code base} is {@code https}
     * (the base URI, not the request, decides whether the connection uses TLS). Text the application
     * writes to {@code wsgi.errors} stays on the server. Header values go out as the bytes an in-process
     * run puts in the environ ({@link TestRequest#header}); Host comes from the URI and Content-Length
     * from the body, and Connection, Expect and Upgrade headers of a request are left out.
     * {@code options("*")} sends {@code OPTIONS *} to the server at {@code base}.
     *
     * <p>The client keeps its connection open between requests; close the client when done, so the
     * socket does not wait for the garbage collector:
     *
     * <pre>{@code
     * try (TestClient client = TestClient.over(base)) {
     *     client.get("/").send().assertStatus(200);
     * }
     * }</pre>
     *
     * <p>A request is sent again on a new connection only when it is idempotent (GET, HEAD, OPTIONS,
     * TRACE, PUT, DELETE) and the kept connection ended before any byte of the response, as happens
     * when the server closed it while it was idle; never after a timeout.
     *
     * @throws IllegalArgumentException if {@code base} is not an absolute http or https URI
     * @since 0.2
     */
    public static TestClient over(URI base) {
        return new TestClient(base);
    }

    /**
     * A client for {@code app} without a validator, for applications that break SPEC.md on purpose
     * (a test of the handler's own error handling, say).
     *
     * @since 0.1
     */
    public static TestClient unvalidated(Application app) {
        return new TestClient(app, null);
    }

    /** Validates with {@code validator} instead; null turns validation off. @since 0.1 */
    public TestClient validator(Validator validator) {
        if (live != null && validator != null) {
            throw new IllegalStateException("a validator checks the application in-process; " + this
                    + " sends to a live server");
        }
        this.validator = validator;
        this.target = validator == null ? app : validator.wrap(app);
        return this;
    }

    /** Lets the application write to {@code wsgi.errors} without failing the request. @since 0.1 */
    public TestClient allowErrors() {
        this.allowErrors = true;
        return this;
    }

    /**
     * Tells {@code observer} about every request this client finishes, as a server would (transport
     * {@code test}): a metrics binding can be tested without a server.
     *
     * @since 0.2
     */
    public TestClient observer(RequestObserver observer) {
        requireInProcess("observer()");
        this.observer = Objects.requireNonNull(observer, "observer");
        handler.setObserver(observer);
        return this;
    }

    /**
     * Follows redirects (301, 302, 303, 307, 308) on every request of this client, as a browser does: 303
     * (and 301 or 302 after a POST) turns into a GET without body, and once a redirect leads to another
     * origin, the Authorization, Proxy-Authorization and Cookie headers and the request's own cookies are
     * left off.
     *
     * @since 0.1
     */
    public TestClient followRedirects() {
        this.followRedirects = true;
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

    /** A PATCH request. @since 0.2 */
    public TestRequest patch(String target) {
        return request("PATCH", target);
    }

    /** An OPTIONS request. @since 0.1 */
    public TestRequest options(String target) {
        return request("OPTIONS", target);
    }

    /**
     * A request with any method.
     *
     * @throws IllegalArgumentException if {@code target} neither starts with {@code /}, is absolute
     *     ({@code http://host/path}) nor is {@code *}
     * @since 0.1
     */
    public TestRequest request(String method, String target) {
        return new TestRequest(this, method, target);
    }

    /**
     * The cookies this client holds, by name, in the order they were first set. When cookies of
     * different paths share a name, the value is the one an application gets first in the Cookie header
     * (RFC 6265 section 5.4): the cookie with the longer path, else the one set first.
     *
     * @since 0.1
     */
    public Map<String, String> cookies() {
        return jar.asMap();
    }

    /**
     * The value of cookie {@code name} this client holds, or null; of several with that name, the one
     * {@link #cookies()} gives.
     *
     * @since 0.1
     */
    public String cookie(String name) {
        return jar.asMap().get(name);
    }

    /**
     * Stores cookie {@code name} (path {@code /}, no expiry, sent to every host) as if the application had
     * set it. Text above
     * U+00FF is sent as its UTF-8 bytes, as in a header value ({@link TestRequest#header}).
     *
     * @throws IllegalArgumentException if the name is not a token or the value holds {@code ;} or a
     *     control character (the Cookie header could not carry it as this one cookie)
     * @since 0.1
     */
    public TestClient cookie(String name, String value) {
        jar.set(name, CookieJar.sendable(name, value));
        return this;
    }

    /** Forgets every cookie. @since 0.1 */
    public TestClient clearCookies() {
        jar.clear();
        return this;
    }

    /**
     * Closes the connection a client from {@link #over(URI)} keeps to the server; a later request
     * opens a new one. Does nothing for an in-process client. Calling it again does nothing.
     *
     * @since 0.2
     */
    @Override
    public void close() {
        if (live != null) {
            live.close();
        }
    }

    @Override
    public String toString() {
        return live != null ? "TestClient.over(" + live.base() + ")" : "TestClient[" + target + "]";
    }

    // ---------------------------------------------------------------- used by TestRequest and StreamingResponse

    RequestObserver observer() {
        return observer;
    }

    boolean followsRedirects() {
        return followRedirects;
    }

    CookieJar jar() {
        return jar;
    }

    /** Sends one prepared request, in-process or to the live server, and keeps its cookies. */
    TestResponse exchange(TestRequest.Prepared request) {
        TestResponse r;
        if (live == null) {
            r = send(request.environ(), request.site());
        } else {
            r = live.send(request);
            receiveCookies(r.headers(), request.site());
        }
        return r.answering(this, request);
    }

    /**
     * Where a request for {@code target} goes, as its cookies see it: the host of an absolute target, else
     * {@code host} (the Host header) over {@code scheme}; over a live server, the base URI's server, which
     * a request for a path reaches whatever its Host header.
     */
    CookieJar.Site site(String scheme, String host, String target) {
        String path = EnvironChecks.pathOf(target);
        int authority = target.indexOf("://");
        if (authority > 0 && target.charAt(0) != '/') {
            int end = authority + 3;
            while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
                end++;
            }
            return CookieJar.Site.of(target.substring(0, authority), target.substring(authority + 3, end), path);
        }
        if (live != null) {
            return CookieJar.Site.of(live.base().getScheme(), live.base().getRawAuthority(), path);
        }
        return CookieJar.Site.of(scheme, host, path);
    }

    /** Throws when this client talks to a live server: {@code what} needs the application in-process. */
    void requireInProcess(String what) {
        if (live != null) {
            throw new IllegalStateException(what + " runs the application in-process; " + this
                    + " sends to a live server");
        }
    }

    /** Runs one request to the end and returns the whole response (no redirects followed). */
    TestResponse send(Environ environ, CookieJar.Site site) {
        errorBytes.reset();
        environ.put(Environ.WSGI_ERRORS, errors);
        TestHandler h = handler;
        h.reset();
        Tracker tracker = validator == null ? null : new Tracker();
        if (tracker != null) {
            tracker.enter();
        }
        Outcome outcome;
        try {
            outcome = h.run(target, environ);
        } finally {
            if (tracker != null) {
                tracker.exit();
            }
        }
        String errorText = verify(tracker, h, errorBytes);
        List<Header> headers = h.capturedHeaders();
        receiveCookies(headers, site);
        // the test handler never loses its client, so an abort is the application's doing (R5.4)
        Throwable abortCause = outcome == Outcome.ABORTED ? h.abortCause() : null;
        return new TestResponse(h.status(), headers, h.capturedBody(), errorText, List.of(), abortCause);
    }

    /** Starts a request whose body the caller reads chunk by chunk. */
    StreamingResponse stream(Environ environ, CookieJar.Site site) {
        ByteArrayOutputStream streamErrors = new ByteArrayOutputStream();
        environ.put(Environ.WSGI_ERRORS, new PrintStream(streamErrors, true, StandardCharsets.UTF_8));
        return new StreamingResponse(this, target, environ, site, validator == null ? null : new Tracker(),
                streamErrors);
    }

    /**
     * After a request: throws the first rule a validator saw broken, reports unclosed bodies, and
     * fails on text written to {@code wsgi.errors} unless allowed. Returns that text.
     */
    String verify(Tracker tracker, TestHandler h, ByteArrayOutputStream errorOutput) {
        if (tracker != null) {
            tracker.rethrowViolation();
            tracker.checkClosed();
        }
        if (errorOutput.size() == 0) {
            return "";
        }
        String text = errorOutput.toString(StandardCharsets.UTF_8);
        if (!allowErrors) {
            throw new AssertionError("the application wrote to wsgi.errors (call TestClient.allowErrors() if that"
                    + " is expected):\n" + text, h.firstError());
        }
        return text;
    }

    void receiveCookies(List<Header> headers, CookieJar.Site site) {
        for (int i = 0, n = headers.size(); i < n; i++) {
            Header h = headers.get(i);
            if (h.is("Set-Cookie")) {
                jar.receive(h.value(), site);
            }
        }
    }
}
