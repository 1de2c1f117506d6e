// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.observe;

/**
 * Told once about every finished request, on every transport: the plug-in point for metrics.
 *
 * <pre>{@code
 * RequestObserver log = r -> System.out.println(r.method() + " " + r.route() + " " + r.status());
 * HttpServer.make("127.0.0.1", 8000, app, ServerConfig.builder().observer(log).build());
 * TestClient.of(app).observer(log);
 * }</pre>
 *
 * <p>The request algorithm ({@link io.wsgi4j.handler.BaseHandler}) calls {@link #requestFinished} on the
 * thread that served the request, after the body was closed and the response flushed, with the status
 * that went to the client (a 500 page that replaced a failed application counts as 500). A request the
 * HTTP server answers itself before any application runs (a malformed or oversized head: 400, 414,
 * 431, 501, 505; an https target on its plain-HTTP port: 421; a head not complete in time: 408) is told too, on the thread that answered it, with
 * no route and a duration of 0, as is a request a gateway answers itself (FastCGI or SCGI variables
 * it cannot read or that are over its limits, a head or body that did not arrive in time: 400, 408,
 * 413, 431); for a 408 that is the connection loop's thread every waiting connection depends on, so
 * an observer must never block. An exception (or an Error, such as a class missing
 * from the deployment) thrown here is written to standard error and does not affect the request, the
 * connection or the server; an observer that fails on every request is logged at its 1st, 2nd, 4th,
 * 8th... failure, not once per request. An observer that does slow work (I/O) should hand it to
 * another thread.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface RequestObserver {
    /**
     * Called once per finished request, whether it completed or was aborted.
     *
     * @param request what happened, immutable
     * @since 0.2
     */
    void requestFinished(RequestRecord request);

    /** An observer that does nothing. @since 0.2 */
    RequestObserver NONE = r -> { };
}
