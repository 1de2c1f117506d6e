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
 * A streamed body has no length; when the request was HTTP/1.0 (both containers) or said
 * {@code Connection: close} (Jetty; Tomcat chunks it then), the container sends it close-delimited, and when the servlet then
 * fails the container ends the connection with an orderly close, exactly as a complete response ends.
 * Only a reset tells the client the response was cut short (SPEC R5.4); a proxy in front (nginx talks
 * HTTP/1.0 to its upstreams by default) would otherwise pass the truncated body on as a whole one.
 *
 * <p>Jetty 12 (ee10) is reached by reflection, through its public API ({@code ServletApiRequest.getRequest()},
 * then the core request's connection and end point), because this module must not depend on a
 * container, and a WAR's class loader may hide the container's classes from it. Tomcat (10.1, 11) has no
 * public way from the request to its socket: the facade's request, its coyote request's processor and the
 * processor's socket wrapper are fields, read by reflection (allowed: Tomcat's classes are in no named
 * module); the NIO connector's channel takes the option, the NIO2 one's does not. Any step that is not
 * there (another container, another version) leaves the close as the container makes it.
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
        String type = r.getClass().getName();
        try {
            // Tomcat frames every HTTP/1.1 body with chunks or a length, whose abort shows already (a reset could
            // only cost the client bytes still in flight); an HTTP/1.0 body without a length it cannot frame
            Object transport = type.startsWith("org.eclipse.jetty.") ? jettyTransport(r)
                    : type.startsWith("org.apache.catalina.") && request.getProtocol().equals("HTTP/1.0")
                            ? tomcatTransport(r) : null;
            if (transport instanceof NetworkChannel channel) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (ReflectiveOperationException | RuntimeException | java.io.IOException e) {
            // not this Jetty or Tomcat, or the socket is gone already: the container's close is all there is
        }
    }

    private static Object jettyTransport(Object request) throws ReflectiveOperationException {
        Object endPoint = call(call(call(call(request, "getRequest"), "getConnectionMetaData"), "getConnection"),
                "getEndPoint");
        // under TLS the socket is beneath the decrypting end point (EndPoint.Wrapper), as WsgiHandler finds it
        for (int depth = 0; depth < 4 && publicMethod(endPoint.getClass(), "unwrap") != null; depth++) {
            endPoint = call(endPoint, "unwrap");
        }
        return call(endPoint, "getTransport");
    }

    private static Object tomcatTransport(Object facade) throws ReflectiveOperationException {
        Object coyoteRequest = call(field(facade, "request"), "getCoyoteRequest");
        Object socketWrapper = field(field(coyoteRequest, "hook"), "socketWrapper"); // hook: the HTTP/1.1 processor
        return call(call(socketWrapper, "getSocket"), "getIOChannel"); // under TLS too: the channel beneath
    }

    /** The value of a field the object's class or a superclass declares, whatever its access. */
    private static Object field(Object target, String name) throws ReflectiveOperationException {
        if (target == null) {
            throw new NoSuchFieldException(name + " on null");
        }
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                java.lang.reflect.Field f = type.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(target);
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        throw new NoSuchFieldException(target.getClass().getName() + "." + name);
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
