// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.web;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.Write;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Puts the library's bare 404 and 403 answers (the router's "not found", a static file that is not
 * there) into the site's layout, with a way back, for a browser, or into a JSON object for a client
 * that asks for JSON, as every KForge page is. Pages KForge already rendered (HTML or JSON) and every
 * other status pass through untouched.
 *
 * <p>{@code Pipeline.builder().use(FriendlyErrors.of()).run(app)}
 *
 * @since 0.2
 */
public final class FriendlyErrors implements Application {
    private final Application next;

    private FriendlyErrors(Application next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    /**
     * Returns the middleware.
     *
     * @return a middleware printed as {@code FriendlyErrors.of()}
     * @since 0.2
     */
    public static Middleware of() {
        return Middleware.named("FriendlyErrors.of()", FriendlyErrors::new);
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        Watch watch = new Watch(startResponse);
        Iterable<byte[]> body = next.call(environ, watch);
        if (watch.replaced == 0) {
            return body;
        }
        Body.close(body); // the bare page is dropped, its resources freed first
        return watch.replaced == 404 ? notFound(environ, startResponse)
                : Refusals.forbidden(environ, startResponse, "You may not see this page.");
    }

    /**
     * Answers 404 in the layout: what was asked for, and links home and to the projects.
     *
     * @param environ the request
     * @param startResponse the response
     * @return the body
     * @since 0.2
     */
    public static Iterable<byte[]> notFound(Environ environ, StartResponse startResponse) {
        String path = environ.scriptName() + environ.pathInfo();
        // every 404 offers a visitor the login, so the offer says nothing of whether a private project is there
        String logIn = environ.remoteUser() == null ? "<p>" + Refusals.logInLink(environ, "Log in")
                + " if the page is in a private project of yours.</p>\n" : "";
        return Page.of(environ, "Page not found", "<p>There is no page at <code>" + Html.escape(path)
                + "</code>. The link may be old, or the name mistyped.</p>\n" + logIn + Refusals.WAY_BACK)
                .status(404).data(Map.of("error", "not found", "path", path)).send(startResponse);
    }

    /** Passes every start through except a 404 or 403 that is neither HTML nor JSON, which it swallows and remembers. */
    private static final class Watch implements StartResponse {
        private final StartResponse inner;
        int replaced;

        Watch(StartResponse inner) {
            this.inner = inner;
        }

        @Override
        public Write start(Status status, List<Header> headers, Throwable excInfo) {
            int code = status.code();
            if ((code == 404 || code == 403) && !isRendered(headers)) {
                replaced = code;
                return data -> { }; // the bare body is not sent
            }
            replaced = 0;
            return inner.start(status, headers, excInfo);
        }

        /** A page KForge rendered itself: HTML for a browser, JSON for a client that asked for it. */
        private static boolean isRendered(List<Header> headers) {
            for (Header h : headers) {
                if (h.is("Content-Type")) {
                    String type = h.value().toLowerCase(java.util.Locale.ROOT);
                    return type.startsWith("text/html") || type.startsWith("application/json");
                }
            }
            return false;
        }
    }

    @Override
    public String toString() {
        return "FriendlyErrors[" + next + "]";
    }
}
