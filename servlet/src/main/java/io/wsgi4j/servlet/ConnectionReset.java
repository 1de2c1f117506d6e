// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;

/**
 * Makes the close of an aborted HTTP/1 response a reset (RST) where the Servlet API gives no way to.
 * A streamed body has no length; when the request said {@code Connection: close} (or was HTTP/1.0),
 * Jetty sends it close-delimited, and when the servlet then fails Jetty ends the connection with an
 * orderly close, exactly as a complete response ends. Only a reset tells the client the response was
 * cut short (SPEC R5.4). Tomcat frames such a body so that its abort shows already, and needs nothing.
 *
 * <p>Jetty 12 (ee10) is reached by reflection, through its public API ({@code ServletApiRequest.getRequest()},
 * then the core request's connection and end point), because this module must not depend on a
 * container, and a WAR's class loader may hide the container's classes from it. Any step that is not
 * there (another container, another Jetty) leaves the close as the container makes it.
 */
final class ConnectionReset {
    private ConnectionReset() {}

    /** Sets SO_LINGER 0 on the request's socket, if it can be found, so the close that follows resets it. */
    static void onAbort(ServletRequest request) {
        if (!request.getProtocol().startsWith("HTTP/1")) {
            return; // HTTP/2 and later: the container resets the stream, and the connection is shared
        }
        Object r = request;
        while (r instanceof ServletRequestWrapper wrapper) {
            r = wrapper.getRequest();
        }
        if (!r.getClass().getName().startsWith("org.eclipse.jetty.")) {
            return;
        }
        try {
            Object endPoint = call(call(call(call(r, "getRequest"), "getConnectionMetaData"), "getConnection"),
                    "getEndPoint");
            // under TLS the socket is beneath the decrypting end point (EndPoint.Wrapper), as WsgiHandler finds it
            for (int depth = 0; depth < 4 && publicMethod(endPoint.getClass(), "unwrap") != null; depth++) {
                endPoint = call(endPoint, "unwrap");
            }
            Object transport = call(endPoint, "getTransport");
            if (transport instanceof NetworkChannel channel) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (ReflectiveOperationException | RuntimeException | java.io.IOException e) {
            // not this Jetty, or the socket is gone already: the container's close is all there is
        }
    }

    /** Calls a public no-argument method through a public type that declares it (the object's class may not be). */
    private static Object call(Object target, String name) throws ReflectiveOperationException {
        if (target == null) {
            throw new NoSuchMethodException(name + " on null");
        }
        Method m = publicMethod(target.getClass(), name);
        if (m == null) {
            throw new NoSuchMethodException(target.getClass().getName() + "." + name);
        }
        return m.invoke(target);
    }

    private static Method publicMethod(Class<?> type, String name) {
        if (type == null) {
            return null;
        }
        if (Modifier.isPublic(type.getModifiers())) {
            try {
                return type.getMethod(name);
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
        for (Class<?> i : type.getInterfaces()) {
            Method m = publicMethod(i, name);
            if (m != null) {
                return m;
            }
        }
        return publicMethod(type.getSuperclass(), name);
    }
}
