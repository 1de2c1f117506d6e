// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import io.wsgi4j.handler.AdapterSupport;
import java.net.SocketAddress;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;

/**
 * REMOTE_ADDR and REMOTE_PORT of a connection, made once and kept in the connection's attributes, so
 * that the requests of a kept-alive connection (or the streams of an HTTP/2 one) do not each format
 * the client's address and port anew. A request whose connection reports another remote socket
 * address object (a proxy customizer that rewrites it per request) gets fresh values, so what the
 * environ shows is always what {@link Request#getRemoteAddr} and {@link Request#getRemotePort} say.
 */
final class ConnectionAddresses {
    private static final String ATTRIBUTE = ConnectionAddresses.class.getName();

    private final SocketAddress remote;
    final String remoteAddr;
    final String remotePort;

    private ConnectionAddresses(SocketAddress remote, Request request) {
        this.remote = remote;
        // bare, as RFC 3875 section 4.1.8 writes it: Jetty puts an IPv6 address in brackets ("[::1]")
        this.remoteAddr = AdapterSupport.remoteAddr(Request.getRemoteAddr(request));
        this.remotePort = Integer.toString(Request.getRemotePort(request));
    }

    /** The remote address and port of {@code request}, from its connection's cache when they still hold. */
    static ConnectionAddresses of(Request request) {
        ConnectionMetaData connection = request.getConnectionMetaData();
        SocketAddress remote = connection.getRemoteSocketAddress();
        if (connection.getAttribute(ATTRIBUTE) instanceof ConnectionAddresses cached && cached.remote == remote) {
            return cached;
        }
        ConnectionAddresses made = new ConnectionAddresses(remote, request);
        if (remote != null) {
            connection.setAttribute(ATTRIBUTE, made);
        }
        return made;
    }
}
