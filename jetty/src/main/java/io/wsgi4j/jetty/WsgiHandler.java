// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import io.wsgi4j.Application;
import io.wsgi4j.handler.Outcome;
import java.io.IOException;
import java.util.Objects;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A Jetty 12 core {@link Handler} that serves a wsgi4j {@link Application}, with no servlet layer.
 * {@link JettyServer} sets one up with connectors in one line; to use Jetty's own configuration, set
 * it as (or inside) any Jetty server's handler:
 *
 * <pre>{@code
 * Server server = new Server(8080);
 * server.setHandler(new WsgiHandler(Shop::app));     // or inside a ContextHandler("/shop"): SCRIPT_NAME "/shop"
 * server.start();
 * }</pre>
 *
 * <p>The handler is blocking (the application iterates its body on the request's thread), so Jetty
 * runs it on a pool thread, or on a virtual thread when the thread pool has a virtual-threads
 * executor (what {@link JettyServer} sets up on Java 21+). A failure after the headers were sent
 * fails Jetty's callback, so Jetty aborts the response: HTTP/1.1 closes the connection before the
 * body's end, HTTP/2 resets the stream; the client never sees a complete-looking response.
 *
 * @since 0.2
 */
public final class WsgiHandler extends Handler.Abstract {
    /** The environ key holding Jetty's {@link Request}, for the rare app that needs it. @since 0.2 */
    public static final String JETTY_REQUEST = "wsgi4j.jetty.request";

    private final Application app;
    private final ResponseFields fields = new ResponseFields();

    /**
     * A handler serving {@code app}.
     *
     * @throws NullPointerException if {@code app} is null
     * @since 0.2
     */
    public WsgiHandler(Application app) {
        super(InvocationType.BLOCKING);
        this.app = Objects.requireNonNull(app, "app");
    }

    /** The application this handler serves. @since 0.2 */
    public Application application() {
        return app;
    }

    /**
     * Reads and drops what the application left of a small request body. Over HTTP/2, Jetty resets a
     * stream whose request content was not consumed when the response completes (RST_STREAM CANCEL),
     * and a client still sending that body then reports an error instead of the response. A large or
     * unknown-length body is left to that reset, so a client cannot hold a thread by sending slowly.
     */
    private static void consumeSmallUnreadBody(Request request) {
        long length = request.getLength();
        if (length > 0 && length <= SMALL_BODY_BYTES) {
            try {
                org.eclipse.jetty.io.Content.Source.consumeAll(request);
            } catch (IOException | RuntimeException e) {
                // the client is gone or the body broke off: the response goes out (or fails) as it would
            }
        }
    }

    private static final long SMALL_BODY_BYTES = 64 * 1024;

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        JettyExchange exchange = new JettyExchange(response, fields);
        Outcome outcome = exchange.run(app, JettyEnviron.build(request));
        if (outcome != Outcome.ABORTED) {
            consumeSmallUnreadBody(request);
            response.write(true, exchange.lastBytes(), callback);
            return true;
        }
        if (!exchange.clientGone()) {
            try {
                // R5.4: headers are out as far as the application knows; put them on the wire, then fail
                exchange.commit();
            } catch (IOException clientAlsoGone) {
                // nothing more to tell the client; fail the callback below all the same
            }
        }
        callback.failed(new IOException("wsgi4j: the response of " + request.getMethod() + " "
                + request.getHttpURI().getPath() + " was aborted after its headers were sent"
                + (exchange.clientGone() ? " (the client went away)" : " (the cause is in wsgi.errors)")));
        return true;
    }

    @Override
    public String toString() {
        return "WsgiHandler(" + app + ")";
    }
}
