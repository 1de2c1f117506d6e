// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.web;

import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.middleware.request.Json;
import io.wsgi4j.middleware.request.Negotiation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes KForge's responses: HTML pages in the common layout, the same resources as JSON when the
 * client asks for {@code application/json}, and redirects.
 *
 * <p>{@code return Page.of(environ, "Projects", html).data(projects).send(startResponse);}
 *
 * @since 0.1
 */
public final class Page {
    private final Environ environ;
    private final String title;
    private final String bodyHtml;
    private Object data;
    private int status = 200;
    private final List<Header> extraHeaders = new ArrayList<>();

    private Page(Environ environ, String title, String bodyHtml) {
        this.environ = environ;
        this.title = title;
        this.bodyHtml = bodyHtml;
    }

    /**
     * Starts a page.
     *
     * @param environ the request
     * @param title the page title (text, escaped here)
     * @param bodyHtml the page content (safe HTML)
     * @return the page, status 200, no JSON form
     * @since 0.1
     */
    public static Page of(Environ environ, String title, String bodyHtml) {
        return new Page(environ, title, bodyHtml);
    }

    /**
     * Sets what a JSON client gets instead of the HTML; without it a JSON client gets the title.
     *
     * @param value any object Jackson can write
     * @return this page
     * @since 0.1
     */
    public Page data(Object value) {
        this.data = value;
        return this;
    }

    /**
     * Sets the status.
     *
     * @param code the HTTP status code
     * @return this page
     * @since 0.1
     */
    public Page status(int code) {
        this.status = code;
        return this;
    }

    /**
     * Adds a response header, such as {@code WWW-Authenticate} on a 401 page.
     *
     * @param name the header name
     * @param value the header value
     * @return this page
     * @throws IllegalArgumentException when the header is malformed
     * @since 0.1
     */
    public Page header(String name, String value) {
        extraHeaders.add(Header.of(name, value));
        return this;
    }

    /**
     * Answers: JSON when the Accept header prefers it, else the HTML page.
     *
     * @param startResponse the response
     * @return the body
     * @since 0.1
     */
    public Iterable<byte[]> send(StartResponse startResponse) {
        if (wantsJson(environ)) {
            byte[] json = Json.bytes(data != null ? data : java.util.Map.of("title", title));
            return respond(startResponse, "application/json", json);
        }
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Html.escape(title) + " - KForge</title>"
                + "<link rel=\"stylesheet\" href=\"" + Layout.STYLESHEET + "\"></head>\n<body>\n"
                + Layout.header(environ) + "<main id=\"main\">\n<h1>" + Html.escape(title) + "</h1>\n"
                + bodyHtml + "</main>\n" + Layout.FOOTER + "</body></html>\n";
        return respond(startResponse, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    private Iterable<byte[]> respond(StartResponse startResponse, String type, byte[] body) {
        List<Header> headers = new ArrayList<>(Headers.of(
                "Content-Type", type, "Content-Length", Integer.toString(body.length), "Vary", "Accept"));
        headers.addAll(extraHeaders);
        startResponse.start(Status.of(status), headers);
        return List.of(body);
    }

    /**
     * Tells whether the client prefers JSON to HTML.
     *
     * @param environ the request
     * @return true when Accept ranks {@code application/json} above {@code text/html}
     * @since 0.1
     */
    public static boolean wantsJson(Environ environ) {
        String accept = environ.header("Accept");
        return accept != null && "application/json".equals(Negotiation.best(environ, "text/html", "application/json"));
    }

    /**
     * Answers 303 See Other, the answer to a successful form post.
     *
     * @param startResponse the response
     * @param location an already percent-encoded path (and query), such as {@code /login?next=%2Fprojects%2F}
     * @return an empty body
     * @since 0.1
     */
    public static Iterable<byte[]> redirect(StartResponse startResponse, String location) {
        startResponse.start(Status.of(303), Headers.of("Location", location,
                "Content-Type", "text/plain; charset=utf-8"));
        return List.of(("See " + location + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
