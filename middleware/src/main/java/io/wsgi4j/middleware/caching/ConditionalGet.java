// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.caching;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.handler.HttpDate;
import io.wsgi4j.middleware.internal.NotModified;
import io.wsgi4j.middleware.response.BodyFilter;
import io.wsgi4j.middleware.response.ContentLength;
import io.wsgi4j.middleware.response.HeldResponse;
import io.wsgi4j.middleware.response.ResponseStart;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Answers conditional GET and HEAD requests for dynamic responses: a 200 whose ETag or Last-Modified
 * satisfies If-None-Match or If-Modified-Since becomes a bodiless 304 (the application's body is closed
 * unread); one that fails If-Match or If-Unmodified-Since becomes 412, without the 200's Cache-Control and
 * Expires (a cache must not keep the 412 as if it were the resource).
 *
 * <pre>{@code
 * Pipeline.builder().use(ConditionalGet.of()).use(ETags.of()).run(app);
 * }</pre>
 *
 * <p>Requests without conditional headers pass straight through. Other methods are never touched: the
 * application ran already, so it is too late for a precondition to protect a change. The pure halves
 * are {@link #evaluate} and {@link #isFresh}.
 *
 * @since 0.1
 */
public final class ConditionalGet implements Application {
    private static final Middleware MIDDLEWARE = Middleware.named("ConditionalGet.of()", ConditionalGet::new);
    private static final Status NOT_MODIFIED = Status.of(304);
    private static final Status PRECONDITION_FAILED = Status.of(412);
    /** Representation headers a 304 or 412 must not carry (RFC 9110 section 15.4.5). */
    private static final String[] CONTENT_HEADERS = {
        "Content-Type", "Content-Length", "Content-Encoding", "Content-Language", "Content-Range",
    };

    private final Application next;

    private ConditionalGet(Application next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    /** The middleware; it has no options. @since 0.2 */
    public static Middleware of() {
        return MIDDLEWARE;
    }

    /**
     * The 0.1 name of {@link #of()}.
     *
     * @deprecated use {@link #of()}: one construction rule for every middleware
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static Middleware middleware() {
        return of();
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        String method = environ.requestMethod();
        if (!(method.equals("GET") || method.equals("HEAD")) || !hasConditions(environ)) {
            return next.call(environ, startResponse);
        }
        boolean head = method.equals("HEAD");
        HeldResponse held = new HeldResponse(startResponse, (start, body) -> {
            ResponseStart out = respond(environ, start);
            if (out.status() == NOT_MODIFIED) {
                // a Gzip outside gives the 304 the validator of the 200 it would have compressed; an empty
                // HEAD body may be the application knowing HEAD sends nothing: its size says nothing
                NotModified.remember(environ, start.headers(),
                        head && ContentLength.knownLength(body) <= 0 ? null : body);
            }
            return out;
        });
        return held.finish(next.call(environ, held));
    }

    /**
     * The response half: {@code start} as it should go out for {@code environ}, a 304 or 412 that
     * discards the body when the preconditions say so, else {@code start} unchanged.
     *
     * @since 0.1
     */
    public static ResponseStart respond(Environ environ, ResponseStart start) {
        if (start.status().code() != 200) {
            return start;
        }
        long lastModified = HttpDate.parse(start.header("Last-Modified"));
        int code = evaluate(environ, start.header("ETag"), lastModified);
        if (code == 0) {
            return start;
        }
        if (code == 304) {
            return new ResponseStart(NOT_MODIFIED, withoutContent(start.headers()), BodyFilter.DISCARD);
        }
        // the 412 is not the resource: with the 200's explicit freshness a shared cache could store it under the
        // URL alone and serve it to every later GET (RFC 9111 section 3); without, 412 is not cacheable
        return new ResponseStart(PRECONDITION_FAILED,
                Headers.without(Headers.without(withoutContent(start.headers()), "Cache-Control"), "Expires"),
                BodyFilter.DISCARD);
    }

    /**
     * True when a GET with {@code environ}'s validators may be answered 304 given the response
     * {@code headers} (their ETag and Last-Modified).
     *
     * @since 0.1
     */
    public static boolean isFresh(Environ environ, List<Header> headers) {
        return evaluate(environ, Headers.get(headers, "ETag"), HttpDate.parse(Headers.get(headers, "Last-Modified")))
                == 304;
    }

    /**
     * Evaluates the preconditions of {@code environ} in the order of RFC 9110 section 13.2.2 against a
     * representation with {@code etag} (or null) and {@code lastModified} (epoch millis, or -1 when
     * unknown): returns 412 when If-Match or If-Unmodified-Since fails, 304 when If-None-Match matches
     * (412 for methods other than GET and HEAD) or, without If-None-Match, If-Modified-Since shows no
     * change; else 0 (proceed). Dates compare at whole seconds; malformed dates are ignored.
     *
     * @since 0.1
     */
    public static int evaluate(Environ environ, String etag, long lastModified) {
        long lastSecond = lastModified < 0 ? -1 : lastModified / 1000;
        String ifMatch = environ.header("If-Match");
        if (ifMatch != null) {
            if (!EntityTags.anyMatch(ifMatch, etag, true)) {
                return 412;
            }
        } else {
            long since = HttpDate.parse(environ.header("If-Unmodified-Since"));
            if (since >= 0 && lastSecond >= 0 && lastSecond > since / 1000) {
                return 412;
            }
        }
        String method = environ.requestMethod();
        boolean safe = method.equals("GET") || method.equals("HEAD");
        String ifNoneMatch = environ.header("If-None-Match");
        if (ifNoneMatch != null) {
            if (EntityTags.anyMatch(ifNoneMatch, etag, false)) {
                return safe ? 304 : 412;
            }
            return 0;
        }
        if (safe) {
            long since = HttpDate.parse(environ.header("If-Modified-Since"));
            if (since >= 0 && lastSecond >= 0 && lastSecond <= since / 1000) {
                return 304;
            }
        }
        return 0;
    }

    /** True when the request carries any of the four validating preconditions. */
    static boolean hasConditions(Environ environ) {
        return environ.containsKey("HTTP_IF_NONE_MATCH") || environ.containsKey("HTTP_IF_MODIFIED_SINCE")
                || environ.containsKey("HTTP_IF_MATCH") || environ.containsKey("HTTP_IF_UNMODIFIED_SINCE");
    }

    /**
     * {@code headers} without the representation headers (Content-Type, -Length, -Encoding, -Language,
     * -Range) that a bodiless 304 or 412 must not send.
     *
     * @since 0.1
     */
    public static List<Header> withoutContent(List<Header> headers) {
        List<Header> out = new ArrayList<>(headers.size());
        for (Header h : headers) {
            if (!isContentHeader(h.name())) {
                out.add(h);
            }
        }
        return out;
    }

    private static boolean isContentHeader(String name) {
        for (String c : CONTENT_HEADERS) {
            if (c.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return MIDDLEWARE + ".wrap(" + next + ")";
    }
}
