// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.handler.EnvironBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A request being built by a {@link TestClient}; {@link #send()} runs it, {@link #stream()} runs it
 * chunk by chunk.
 *
 * <pre>{@code
 * client.post("/login").form("user", "ada").form("password", "secret").send();
 * client.put("/api/items/7").json(Map.of("name", "pen")).send();
 * client.get("/search").query("q", "a&b c").header("Accept", "text/html").send();   // ?q=a%26b%20c
 * }</pre>
 *
 * @since 0.1
 */
public final class TestRequest {
    private final TestClient client;
    private final String method;
    private final String target;
    private final List<String[]> query = new ArrayList<>(2);
    private final List<String[]> headers = new ArrayList<>(4);
    private final List<String[]> cookies = new ArrayList<>(2);
    private final List<String[]> form = new ArrayList<>(2);
    private final List<MultipartBody.FilePart> files = new ArrayList<>(1);
    private String boundary;
    // a form body was asked for, even one without fields: a browser posts an empty form as an empty urlencoded body
    private boolean formBody;
    private byte[] body;
    private boolean follow;
    private String scheme = "http";

    TestRequest(TestClient client, String method, String target) {
        this.client = client;
        this.method = Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        if (!Header.isToken(method)) {
            throw new IllegalArgumentException("method must be a token such as \"GET\", got \"" + method + "\"");
        }
        this.target = UrlEncoding.wireTarget(target);
        if (target.startsWith("https://")) {
            scheme = "https";
        }
        if (!target.startsWith("/") && !target.equals("*") && !target.startsWith("http://")
                && !target.startsWith("https://")) {
            throw new IllegalArgumentException("request target must start with \"/\", be absolute"
                    + " (\"http://host/path\") or be \"*\", got \"" + target + "\"");
        }
    }

    /**
     * Adds a request header (repeatable; repeated values are joined as a server joins them). The value
     * is the header's bytes as ISO-8859-1 characters, as the application sees it (SPEC.md R2.3); text
     * with characters above U+00FF is sent as its UTF-8 bytes, as a client would send it. Content-Type
     * is the exception: a request has one, so a later one (also from {@link #body(byte[], String)})
     * replaces the earlier.
     *
     * @throws IllegalArgumentException if the name is not a token, is Content-Length or Transfer-Encoding
     *     (the client frames the body itself), or the value holds CR, LF or NUL
     * @since 0.1
     */
    public TestRequest header(String name, String value) {
        Objects.requireNonNull(value, "value");
        if (!Header.isToken(name)) {
            throw new IllegalArgumentException("header name must be a token, got " + (name == null ? "null"
                    : "\"" + name + "\""));
        }
        if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
            // in-process the two would reach the environ beside the client's own framing ("10, 3"), and
            // over(URI) the HTTP client drops them: neither is what the test meant
            throw new IllegalArgumentException("header " + name + ": the test client frames the request body"
                    + " itself; set the body with body(), form(), file() or json() and leave " + name + " out");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("header " + name + ": a value cannot hold CR, LF or NUL (no HTTP"
                    + " client can send it), got " + io.wsgi4j.Headers.describe(value));
        }
        if (name.equalsIgnoreCase("Content-Type")) {
            // a single-value field (RFC 9110 section 8.3): joined like a list, two would reach the
            // application as one CONTENT_TYPE that names no media type
            headers.removeIf(h -> h[0].equalsIgnoreCase("Content-Type"));
        }
        headers.add(new String[] {name, UrlEncoding.wireHeaderValue(value)});
        return this;
    }

    /**
     * Adds a query parameter, percent-encoded as UTF-8 ({@code query("q", "a b")} adds {@code q=a%20b}),
     * after any query already in the target.
     *
     * @since 0.1
     */
    public TestRequest query(String name, String value) {
        query.add(new String[] {Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value")});
        return this;
    }

    /**
     * Sends cookie {@code name=value} with this request only (beside the client's cookie jar). Text above
     * U+00FF is sent as its UTF-8 bytes, as in {@link #header}.
     *
     * @throws IllegalArgumentException if the name is not a token or the value holds {@code ;} or a
     *     control character (the Cookie header could not carry it as this one cookie)
     * @since 0.1
     */
    public TestRequest cookie(String name, String value) {
        cookies.add(new String[] {name, CookieJar.sendable(name, value)});
        return this;
    }

    /**
     * Adds form fields to an {@code application/x-www-form-urlencoded} body (a value per call of
     * {@code values}, so {@code form("tag", "a", "b")} sends {@code tag=a&tag=b}). A form without fields
     * ({@code form("tag")} with no value) is still sent as an empty body of that type, as a browser posts it.
     *
     * @throws IllegalStateException if a raw or JSON body was set
     * @since 0.1
     */
    public TestRequest form(String name, String... values) {
        if (body != null && files.isEmpty()) {
            throw new IllegalStateException("this request already has a raw or JSON body; use either form() or"
                    + " body()/json(), not both");
        }
        Objects.requireNonNull(name, "name");
        for (String v : values) {
            form.add(new String[] {name, Objects.requireNonNull(v, "value")});
        }
        return formBody();
    }

    /** Sends a form body (urlencoded unless {@link #multipart()}), even when it has no fields. */
    TestRequest formBody() {
        formBody = true;
        return this;
    }

    /**
     * Adds a file to a {@code multipart/form-data} body, as a browser uploads one; the request's
     * {@link #form} fields become parts of the same body, before the files.
     *
     * <pre>{@code
     * client.post("/upload").form("title", "Report").file("doc", "report.pdf", bytes, "application/pdf").send();
     * }</pre>
     *
     * @throws IllegalStateException if a raw or JSON body was set
     * @since 0.2
     */
    public TestRequest file(String field, String filename, byte[] bytes, String contentType) {
        if (body != null) {
            throw new IllegalStateException("this request already has a raw or JSON body; a file upload needs a"
                    + " multipart body, so use either file()/form() or body()/json()");
        }
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(contentType, "contentType (for example \"application/octet-stream\")");
        Header.of("Content-Type", contentType); // a value that could not be sent is refused here, not later
        files.add(new MultipartBody.FilePart(Objects.requireNonNull(field, "field"),
                Objects.requireNonNull(filename, "filename"), bytes.clone(), contentType));
        return multipart();
    }

    /** Sends the form fields as {@code multipart/form-data} (a form with that enctype and no file). */
    TestRequest multipart() {
        if (boundary == null) {
            boundary = MultipartBody.newBoundary();
        }
        return this;
    }

    /**
     * Sets a JSON body written by Jackson ({@code Map}, {@code List}, a record or bean, a
     * {@code JsonNode}), with {@code Content-Type: application/json} unless the request already has a
     * Content-Type ({@code application/merge-patch+json}, say).
     *
     * @throws IllegalArgumentException if Jackson cannot write {@code value}
     * @since 0.1
     */
    public TestRequest json(Object value) {
        byte[] bytes = Json.write(value);
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase("Content-Type")) {
                return body(bytes);
            }
        }
        return body(bytes, "application/json");
    }

    /** Sets a raw request body; Content-Length follows from it. @since 0.1 */
    public TestRequest body(byte[] bytes) {
        if (formBody || !files.isEmpty()) {
            throw new IllegalStateException("this request already has form fields; use either form() or body()");
        }
        this.body = bytes.clone();
        return this;
    }

    /** Sets a raw body with its content type. @since 0.1 */
    public TestRequest body(byte[] bytes, String contentType) {
        header("Content-Type", contentType);
        return body(bytes);
    }

    /** Sets a UTF-8 text body with the given content type. @since 0.1 */
    public TestRequest body(String text, String contentType) {
        return body(text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    /**
     * Sends the request as if over TLS: {@code wsgi.url_scheme} is {@code https} and the default port
     * 443. An absolute {@code https://} target implies it. Over a live server ({@link TestClient#over})
     * the base URI decides the scheme: {@code send()} refuses a request marked https() to an
     * {@code http://} base with {@link IllegalStateException} rather than send it in plain text.
     *
     * @since 0.1
     */
    public TestRequest https() {
        this.scheme = "https";
        return this;
    }

    /** Follows redirects for this request, whatever the client's setting. @since 0.1 */
    public TestRequest followRedirects() {
        this.follow = true;
        return this;
    }

    /**
     * Runs the request through the application and returns the whole response; with redirects
     * followed, the last response, whose {@link TestResponse#history()} holds the ones before.
     *
     * @throws ValidationException if the application or the test client broke a rule of SPEC.md
     * @throws AssertionError if the application wrote to {@code wsgi.errors} and errors were not
     *     allowed, or a redirect loop was followed, or a redirect leads to no http or https URL
     * @since 0.1
     */
    public TestResponse send() {
        Prepared first = prepare();
        TestResponse r = client.exchange(first);
        if (!follow && !client.followsRedirects()) {
            return r;
        }
        return new Redirects(client, this)
                .follow(first, method, scheme, first.host(), fullTarget(), withoutHost(), bodyBytes(), r);
    }

    /**
     * Runs the request so that its body can be read chunk by chunk, each {@code nextChunk()} asking the
     * application for one more chunk: a streaming application is testable. Close it to stop early (the
     * application's body is closed). Redirects are not followed.
     *
     * @since 0.1
     */
    public StreamingResponse stream() {
        Prepared p = prepare();
        client.requireInProcess("stream()");
        return client.stream(p.environ(), p.site());
    }

    /**
     * One request ready to go: the environ an in-process run uses, and the same request as wire parts
     * (method, scheme, host, target, headers without Host, body) for a live server.
     */
    record Prepared(Environ environ, CookieJar.Site site, String host, String method, String scheme, String target,
            List<String[]> headers, byte[] body) {
        /** The request line as a log shows it: {@code GET /path?q HTTP/1.1}. */
        String requestLine() {
            return method + " " + target + " HTTP/1.1";
        }

        /** The absolute URL, for resolving links and form actions. */
        String url() {
            return target.startsWith("http://") || target.startsWith("https://") ? target
                    : scheme + "://" + host + target;
        }
    }

    private Prepared prepare() {
        String host = "localhost";
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase("Host")) {
                host = h[1].trim();
            }
        }
        return build(method, scheme, host, fullTarget(), headers.size() == 0 ? headers : withoutHost(), bodyBytes(),
                true);
    }

    /**
     * Builds the environ for one request exactly as the reference server would for these parts:
     * {@code s} is the scheme, {@code hs} holds every header but Host, which {@code host} gives;
     * {@code withCookies} adds the cookies of {@link #cookie} (not after a redirect to another origin).
     */
    Prepared build(String m, String s, String host, String t, List<String[]> hs, byte[] b, boolean withCookies) {
        EnvironBuilder eb = new EnvironBuilder()
                .scheme(s)
                .method(m)
                .target(t)
                .protocol("HTTP/1.1")
                .server("localhost", 80)
                .remote("127.0.0.1", 50000)
                .header("Host", host);
        boolean hasType = false;
        List<String[]> wire = new ArrayList<>(hs.size() + 2);
        for (String[] h : hs) {
            hasType |= h[0].equalsIgnoreCase("Content-Type");
            eb.header(h[0], h[1].trim()); // a server strips the whitespace around field values
            wire.add(h);
        }
        CookieJar.Site site = client.site(s, host, t);
        String fromJar = client.jar().header(site);
        String cookieHeader = withCookies ? cookieHeader(fromJar) : fromJar;
        if (cookieHeader != null) {
            eb.header("Cookie", cookieHeader);
            wire.add(new String[] {"Cookie", cookieHeader});
        }
        if (b != null) {
            String type = hasType ? null : boundary != null ? MultipartBody.contentType(boundary)
                    : formBody ? "application/x-www-form-urlencoded" : null;
            if (type != null) {
                eb.header("Content-Type", type);
                wire.add(new String[] {"Content-Type", type});
            }
            eb.header("Content-Length", Integer.toString(b.length));
            eb.input(new RequestBodyInput(b));
        }
        return new Prepared(eb.build(), site, host, m, s, t, wire, b);
    }

    private String cookieHeader(String fromJar) {
        if (cookies.isEmpty()) {
            return fromJar;
        }
        StringBuilder b = fromJar == null ? new StringBuilder() : new StringBuilder(fromJar);
        for (String[] c : cookies) {
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(c[0]).append('=').append(c[1]);
        }
        return b.toString();
    }

    private List<String[]> withoutHost() {
        List<String[]> out = new ArrayList<>(headers.size());
        for (String[] h : headers) {
            if (!h[0].equalsIgnoreCase("Host")) {
                out.add(h);
            }
        }
        return out;
    }

    private String fullTarget() {
        if (query.isEmpty()) {
            return target;
        }
        // after a target's own query, "&"; after a bare "?" (an empty query), nothing: "/p?&a=1" has an empty pair
        String joint = target.indexOf('?') < 0 ? "?" : target.endsWith("?") ? "" : "&";
        return target + joint + UrlEncoding.pairs(query, false);
    }

    private byte[] bodyBytes() {
        if (boundary != null) {
            return MultipartBody.encode(boundary, form, files);
        }
        if (formBody) {
            return UrlEncoding.pairs(form, true).getBytes(StandardCharsets.US_ASCII);
        }
        return body;
    }

    @Override
    public String toString() {
        return method + " " + fullTarget() + (scheme.equals("https") && target.startsWith("/") ? " (https)" : "");
    }
}
