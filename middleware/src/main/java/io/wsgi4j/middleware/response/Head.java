// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.response;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import java.util.Objects;

/**
 * Drops the body of responses to HEAD requests, closing the application's body unread, and keeps the
 * length a GET would have had when it is known (Content-Length from a non-empty list or file body; an
 * empty one is taken for a HEAD answer, which says nothing about the GET's length: so a HEAD of a
 * resource whose GET body really is empty gets no {@code Content-Length: 0}, which RFC 9110 section
 * 9.3.2 allows; set the length yourself where clients need it).
 *
 * <pre>{@code
 * Pipeline.builder().use(Head.of()).run(app);
 * }</pre>
 *
 * <p>The servers in this library already send no body for HEAD; this middleware stops the work
 * earlier (outer middleware such as compression or logging see no body) and helps behind gateways.
 * An application that starts its response only while its body is iterated is iterated up to the
 * chunk where it starts, no further.
 *
 * @since 0.1
 */
public final class Head implements Application {
    private static final Middleware MIDDLEWARE = Middleware.named("Head.of()", Head::new);

    private final Application next;

    private Head(Application next) {
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
        if (!environ.requestMethod().equals("HEAD")) {
            return next.call(environ, startResponse);
        }
        HeldResponse held = new HeldResponse(startResponse, (start, body) -> lengthOfGet(start, body)
                .withFilter(BodyFilter.DISCARD));
        return held.finish(next.call(environ, held));
    }

    /**
     * {@code start} with the Content-Length of a non-empty known body. An empty body is what an
     * application that knows it is answering HEAD returns: it says nothing about the GET's length, and a
     * Content-Length other than the GET's is forbidden (RFC 9110 section 8.6); the server reads it so too.
     */
    private static ResponseStart lengthOfGet(ResponseStart start, Iterable<byte[]> body) {
        return ContentLength.knownLength(body) > 0 ? ContentLength.respond(start, body) : start;
    }

    @Override
    public String toString() {
        return MIDDLEWARE + ".wrap(" + next + ")";
    }
}
