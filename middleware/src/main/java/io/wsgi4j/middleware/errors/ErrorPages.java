// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.errors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.html.HtmlEscapers;
import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.middleware.internal.BuilderCode;
import io.wsgi4j.middleware.request.Cookies;
import io.wsgi4j.middleware.request.Negotiation;
import io.wsgi4j.middleware.tracing.RequestId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The 500 page as an application: plain text, HTML or JSON by the request's Accept header (see
 * {@link #format}), about the
 * {@link Throwable} under {@link Environ#ERROR}. {@link ErrorCatcher} renders with it, and a server can
 * take it as its own error page ({@code handler.setErrorPage(ErrorPages.of())}).
 *
 * <pre>{@code
 * Middleware errors = ErrorCatcher.builder().page(ErrorPages.builder().debug(true).build()).build(); // development
 * }</pre>
 *
 * <p>The standard pages say only "500 Internal Server Error" and the request id when there is one
 * ({@code wsgi4j.request_id}, else the X-Request-Id header). The debug pages add the exception, its
 * stack trace and the environ (HTML-escaped in HTML; Authorization, Proxy-Authorization and Cookie
 * values hidden, the cookies parsed under {@link Cookies#KEY} too). Never use debug pages where
 * clients are untrusted. The page passes the error as {@code excInfo} to start_response, so it
 * replaces a response that has not been sent.
 *
 * @since 0.1
 */
public final class ErrorPages implements Application {
    /**
     * Environ key of the request id that request-id middleware sets.
     *
     * @deprecated declared once as {@link RequestId#KEY}; this alias stays for 0.1 code.
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static final String REQUEST_ID = RequestId.KEY;

    private static final String PLAIN = "text/plain";
    private static final String HTML = "text/html";
    private static final String JSON_TYPE = "application/json";
    private static final ErrorPages STANDARD = new ErrorPages(false);
    private static final ErrorPages DEBUG = new ErrorPages(true);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Credentials are never shown: a script can make a request fail and read the page, so a cookie shown
     * here would be an HttpOnly cookie handed to it. The Cookie header also lives on parsed, in the
     * environ of every request whose cookies were read (Sessions reads them all).
     */
    private static final Set<String> HIDDEN = Set.of("HTTP_AUTHORIZATION", "HTTP_PROXY_AUTHORIZATION", "HTTP_COOKIE",
            Cookies.KEY);

    private final boolean debug;

    private ErrorPages(boolean debug) {
        this.debug = debug;
    }

    /** The standard pages: the status and the request id, nothing about the error. @since 0.2 */
    public static ErrorPages of() {
        return STANDARD;
    }

    /** A builder starting from the standard pages. @since 0.2 */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The standard pages.
     *
     * @deprecated use {@link #of()}: one construction rule for every catalogue entry
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static ErrorPages standard() {
        return of();
    }

    /**
     * The debug pages: exception, stack trace and environ, shown to the client.
     *
     * @deprecated use {@code ErrorPages.builder().debug(true).build()}
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static ErrorPages debug() {
        return DEBUG;
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        Throwable error = environ.get(Environ.ERROR) instanceof Throwable t ? t : null;
        String type = format(environ);
        String body = switch (type) {
            case HTML -> html(environ, error);
            case JSON_TYPE -> json(environ, error);
            default -> plain(environ, error);
        };
        startResponse.start(Status.INTERNAL_SERVER_ERROR,
                Headers.of("Content-Type", type + "; charset=utf-8", "Cache-Control", "no-store"), error);
        return Body.of(body);
    }

    /**
     * The page format for the request's Accept header: {@code text/plain}, {@code text/html} or
     * {@code application/json}; plain text when the header is absent, accepts none of them, or ties.
     *
     * @since 0.1
     */
    public static String format(Environ environ) {
        String type = Negotiation.best(environ, PLAIN, HTML, JSON_TYPE);
        return type == null ? PLAIN : type;
    }

    private String plain(Environ environ, Throwable error) {
        StringBuilder b = new StringBuilder("500 Internal Server Error\n");
        String id = RequestId.reported(environ);
        if (id != null) {
            b.append("Request id: ").append(id).append('\n');
        }
        if (debug) {
            b.append('\n').append(trace(error)).append("\nEnviron:\n");
            environ(environ).forEach((k, v) -> b.append("  ").append(k).append('=').append(v).append('\n'));
        }
        return b.toString();
    }

    private String html(Environ environ, Throwable error) {
        StringBuilder b = new StringBuilder(512).append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">")
                .append("<title>500 Internal Server Error</title></head><body>\n<h1>500 Internal Server Error</h1>\n");
        String id = RequestId.reported(environ);
        if (id != null) {
            b.append("<p>Request id: <code>").append(escape(id)).append("</code></p>\n");
        }
        if (debug) {
            b.append("<h2>Traceback</h2>\n<pre>").append(escape(trace(error)))
                    .append("</pre>\n<h2>Environ</h2>\n<table>\n");
            environ(environ).forEach((k, v) -> b.append("<tr><th>").append(escape(k)).append("</th><td>")
                    .append(escape(v)).append("</td></tr>\n"));
            b.append("</table>\n");
        }
        return b.append("</body></html>\n").toString();
    }

    private String json(Environ environ, Throwable error) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", 500);
        m.put("error", "Internal Server Error");
        String id = RequestId.reported(environ);
        if (id != null) {
            m.put("requestId", id);
        }
        if (debug) {
            m.put("exception", error == null ? null : error.toString());
            List<String> frames = new ArrayList<>();
            java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) { // a cause cycle ends here
                frames.add((t == error ? "" : "Caused by: ") + t);
                for (StackTraceElement e : t.getStackTrace()) {
                    frames.add("at " + e);
                }
            }
            m.put("trace", frames);
            m.put("environ", environ(environ));
        }
        return JSON.writeValueAsString(m) + "\n";
    }

    private static String trace(Throwable error) {
        if (error == null) {
            return "(no exception recorded under " + Environ.ERROR + ")\n";
        }
        StringWriter w = new StringWriter();
        error.printStackTrace(new PrintWriter(w, true));
        return w.toString();
    }

    private static Map<String, String> environ(Environ environ) {
        Map<String, String> sorted = new TreeMap<>();
        environ.forEach((k, v) -> sorted.put(k, HIDDEN.contains(k) ? "(hidden)" : String.valueOf(v)));
        return sorted;
    }

    /** Escapes text for HTML element content and attribute values ({@code < > & " '}). */
    static String escape(String s) {
        return HtmlEscapers.htmlEscaper().escape(s);
    }

    @Override
    public String toString() {
        return BuilderCode.of("ErrorPages").option("debug", debug, false).toString();
    }

    /**
     * Configures {@link ErrorPages}.
     *
     * @since 0.2
     */
    public static final class Builder {
        private boolean debug;

        private Builder() {}

        /**
         * Whether pages show the exception, its stack trace and the environ (default false). Never
         * where clients are untrusted.
         *
         * @since 0.2
         */
        public Builder debug(boolean on) {
            this.debug = on;
            return this;
        }

        /** The pages. @since 0.2 */
        public ErrorPages build() {
            return debug ? DEBUG : STANDARD;
        }
    }
}
