// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.handler.AdapterSupport;
import io.wsgi4j.handler.Outcome;
import io.wsgi4j.observe.RequestObserver;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
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
 * <p>The application gets the path Jetty routed, as a handler in front decided on it: dot-segments
 * resolved, path parameters dropped, and an encoded {@code /} kept as {@code %2F} in PATH_INFO (Jetty
 * routes {@code /admin%2Fx} as one segment, so decoding it would reach an {@code /admin} route that no
 * guard saw); {@code wsgi4j.raw_target} is left out whenever it does not decode to that path.
 *
 * <p>The handler is blocking (the application iterates its body on the request's thread), so Jetty
 * runs it on a pool thread, or on a virtual thread when the thread pool has a virtual-threads
 * executor (what {@link JettyServer} sets up on Java 21+). A failure after the headers were sent
 * fails Jetty's callback, so Jetty aborts the response: HTTP/1 resets the connection (a reset, not an
 * orderly close, since a close-delimited body would otherwise look complete), HTTP/2 resets the stream;
 * the client never sees a complete-looking response.
 *
 * @since 0.2
 */
public final class WsgiHandler extends Handler.Abstract {
    /** The environ key holding Jetty's {@link Request}, for the rare app that needs it. @since 0.2 */
    public static final String JETTY_REQUEST = "wsgi4j.jetty.request";

    private final Application app;
    private final RequestObserver observer;
    private final ResponseFields fields = new ResponseFields();

    /**
     * A handler serving {@code app}.
     *
     * @throws NullPointerException if {@code app} is null
     * @since 0.2
     */
    public WsgiHandler(Application app) {
        this(app, RequestObserver.NONE);
    }

    /**
     * A handler serving {@code app} that tells {@code observer} about every request it finishes (metrics:
     * {@code MicrometerObserver}), with the transport {@code "jetty"}.
     *
     * @throws NullPointerException if {@code app} or {@code observer} is null
     * @since 0.2
     */
    public WsgiHandler(Application app, RequestObserver observer) {
        super(InvocationType.BLOCKING);
        this.app = Objects.requireNonNull(app, "app");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** The application this handler serves. @since 0.2 */
    public Application application() {
        return app;
    }

    /**
     * The callback that ends the exchange once the response is out: over HTTP/2 and later, Jetty resets a
     * stream whose request content was not consumed when the handler completes (RST_STREAM CANCEL), and a
     * client still sending that body then reports an error instead of the response it already has. So a
     * small unread body is read and dropped there, after the response went out, without a thread waiting
     * for it (RFC 9110 section 10.1.1: the final response never waits for a body the application ignored).
     * A large or unknown-length body, or one behind {@code Expect: 100-continue} that the client will not
     * send now, is left to that reset, as is everything on HTTP/1, where Jetty closes the connection
     * instead of reading an unread body it does not already hold.
     */
    private static Callback afterResponse(Request request, Callback callback) {
        long length = request.getLength();
        if (length <= 0 || length > SMALL_BODY_BYTES
                || request.getConnectionMetaData().getHttpVersion().getVersion() < 20
                || request.getHeaders().contains(HttpHeader.EXPECT, HttpHeaderValue.CONTINUE.asString())) {
            return callback;
        }
        return Callback.from(() -> Content.Source.consumeAll(request, callback), callback::failed);
    }

    private static final long SMALL_BODY_BYTES = 64 * 1024;

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        RequestInput input = new RequestInput(request);
        Environ environ = JettyEnviron.build(request, input);
        String badPort = AdapterSupport.serverPortProblem(environ);
        if (badPort != null) {
            // a Host Jetty let through ("x:+80") gives no SERVER_PORT (R2.10): 400, as the reference server answers it
            Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400, badPort);
            return true;
        }
        JettyExchange exchange = new JettyExchange(response, fields, HttpMethod.HEAD.is(request.getMethod()));
        exchange.setObserver(observer);
        Outcome outcome = exchange.run(app, environ);
        input.end(); // R1.2: Jetty's stream reads whatever its buffer holds next; a kept wsgi.input refuses instead
        if (outcome != Outcome.ABORTED) {
            response.write(true, exchange.lastBytes(), afterResponse(request, callback));
            return true;
        }
        if (!exchange.clientGone()) {
            try {
                // R5.4: headers are out as far as the application knows; put them on the wire, then fail
                exchange.commit();
            } catch (IOException clientAlsoGone) {
                // nothing more to tell the client; fail the callback below all the same
            }
            resetOnClose(request);
        }
        callback.failed(new IOException("wsgi4j: the response of " + request.getMethod() + " "
                + request.getHttpURI().getPath() + " was aborted after its headers were sent"
                + (exchange.clientGone() ? " (the client went away)" : " (the cause is in wsgi.errors)")));
        return true;
    }

    /**
     * Makes the close that follows an aborted HTTP/1 response a reset (RST), not an orderly end (FIN).
     * Jetty frames a streamed body close-delimited when the request said {@code Connection: close} (and
     * always on HTTP/1.0), and then a FIN after the last byte is exactly how a complete response ends:
     * only a reset tells the client this one was cut short (SPEC R5.4), as the reference server does. An
     * HTTP/2 or HTTP/3 connection is shared; there Jetty resets just the stream, which is enough.
     */
    private static void resetOnClose(Request request) {
        if (request.getConnectionMetaData().getHttpVersion().getVersion() >= 20) {
            return;
        }
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        for (int depth = 0; depth < 4 && endPoint instanceof EndPoint.Wrapper wrapper; depth++) {
            endPoint = wrapper.unwrap(); // under TLS the socket is beneath the decrypting end point
        }
        if (endPoint != null && endPoint.getTransport() instanceof NetworkChannel channel) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | UnsupportedOperationException e) {
                // the socket is gone already, or cannot reset: Jetty's close is all there is
            }
        }
    }

    @Override
    public String toString() {
        return "WsgiHandler(" + app + ")";
    }
}
