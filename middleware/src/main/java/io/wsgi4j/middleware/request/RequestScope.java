// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The middleware for the request helpers: answers a {@link RequestException} that escapes the
 * application with its 4xx, and releases what the helpers opened (spooled uploads) when the response
 * body closes.
 *
 * <pre>{@code
 * Application app = RequestScope.of().wrap(myApp);
 * // or: Pipeline.builder().use(RequestScope.of()).run(myApp)
 * }</pre>
 *
 * <p>A {@code RequestException} thrown while the body is iterated (after the status was chosen) is not
 * caught here; it goes to the handler like any other error.
 *
 * @since 0.1
 */
public final class RequestScope implements Application {
    private static final Middleware MIDDLEWARE = Middleware.named("RequestScope.of()", RequestScope::new);

    /** The environ key of the list of things to close at the end of the request. @since 0.1 */
    public static final String KEY = "wsgi4j.cleanup";

    private final Application next;

    private RequestScope(Application next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    /**
     * The middleware.
     *
     * @since 0.2
     */
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
        if (environ.get(KEY) instanceof List<?>) {
            return answer(environ, startResponse); // an outer scope already closes what is registered
        }
        // the list stays in the environ after the call, so helpers used while the body iterates register too
        List<AutoCloseable> toClose = new ArrayList<>(2);
        environ.put(KEY, toClose);
        try {
            return Body.onClose(answer(environ, startResponse), () -> closeAll(toClose));
        } catch (Throwable t) {
            closeAll(toClose);
            throw t;
        }
    }

    private Iterable<byte[]> answer(Environ environ, StartResponse startResponse) throws Exception {
        try {
            return next.call(environ, startResponse);
        } catch (RequestException e) {
            return e.respond(startResponse);
        }
    }

    /**
     * Closes {@code resource} when the current request ends; when no {@code RequestScope} is installed,
     * does nothing and returns false.
     *
     * @since 0.1
     */
    @SuppressWarnings("unchecked")
    public static boolean closeAtEnd(Environ environ, AutoCloseable resource) {
        Objects.requireNonNull(resource, "resource");
        if (environ.get(KEY) instanceof List<?> list) {
            ((List<AutoCloseable>) list).add(resource);
            return true;
        }
        return false;
    }

    private static void closeAll(List<AutoCloseable> toClose) {
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception ignored) {
                // cleanup is best effort; the request is already answered
            }
        }
        toClose.clear();
    }

    @Override
    public String toString() {
        return MIDDLEWARE + ".wrap(" + next + ")";
    }
}
