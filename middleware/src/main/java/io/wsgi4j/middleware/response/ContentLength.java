// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.response;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.FileBody;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import java.util.Collection;
import java.util.Objects;

/**
 * Sets Content-Length on responses whose body size is known without reading it: a list of chunks
 * already in memory, or a file region. Streaming bodies are left as they are (the server frames them),
 * never buffered to be measured.
 *
 * <pre>{@code
 * Pipeline.builder().use(ContentLength.of()).run(app);
 * }</pre>
 *
 * <p>Useful below middleware that look at the length (compression thresholds, access logs) and in front
 * of gateways that cannot compute it. Left alone: responses that have a Content-Length, bodiless
 * statuses (1xx, 204, 304), HEAD requests (their body is not the GET body), applications that start
 * the response only while their body is iterated, or that use the legacy {@code write} callable.
 *
 * @since 0.1
 */
public final class ContentLength implements Application {
    private static final Middleware MIDDLEWARE = Middleware.named("ContentLength.of()", ContentLength::new);

    private final Application next;

    private ContentLength(Application next) {
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
        if (environ.requestMethod().equals("HEAD")) {
            return next.call(environ, startResponse);
        }
        HeldResponse held = new HeldResponse(startResponse, ContentLength::respond);
        return held.finish(next.call(environ, held));
    }

    /**
     * The response half: {@code start} with Content-Length added when {@code knownBody}'s size is known
     * and the response may have a body and has no length yet.
     *
     * @since 0.1
     */
    public static ResponseStart respond(ResponseStart start, Iterable<byte[]> knownBody) {
        if (start.status().forbidsBody() || start.header("Content-Length") != null) {
            return start;
        }
        long length = knownLength(knownBody);
        return length < 0 ? start : start.withHeader("Content-Length", Long.toString(length));
    }

    /**
     * The size of {@code body} when it is known without iterating a stream: the sum of a collection's
     * chunks, a {@link FileBody}'s count; -1 otherwise (null included).
     *
     * @since 0.1
     */
    public static long knownLength(Iterable<byte[]> body) {
        if (body instanceof FileBody f) {
            return f.count();
        }
        if (body instanceof Collection<?> chunks) {
            long n = 0;
            for (Object c : chunks) {
                if (!(c instanceof byte[] b)) {
                    return -1;
                }
                n += b.length;
            }
            return n;
        }
        return -1;
    }

    @Override
    public String toString() {
        return MIDDLEWARE + ".wrap(" + next + ")";
    }
}
