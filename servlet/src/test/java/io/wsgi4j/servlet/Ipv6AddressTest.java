// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client on IPv6 reaches the application with the addresses written as RFC 3875 writes them, in either
 * container: REMOTE_ADDR is a bare IPv6 address (section 4.1.8, {@code hostnumber}: no brackets), and a
 * SERVER_NAME taken from the bound address (an HTTP/1.0 request without Host) is an IPv6 literal in brackets
 * (section 4.1.14, {@code "[" ipv6-address "]"}), as it would be taken from a Host header.
 */
class Ipv6AddressTest {
    private static final String LOOPBACK = "0:0:0:0:0:0:0:1";

    private static final Application ADDRESSES = (environ, startResponse) -> {
        startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
        return Body.of(environ.get(Environ.REMOTE_ADDR) + " " + environ.get(Environ.SERVER_NAME));
    };

    @BeforeAll
    static void ipv6Loopback() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
        } catch (IOException e) {
            assumeTrue(false, "no IPv6 loopback here: " + e);
        }
    }

    /** The body of the answer to an HTTP/1.0 request without Host, from ::1 to ::1. */
    private static String ask(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getByName("::1"), port)) {
            s.setSoTimeout(60_000);
            s.getOutputStream().write("GET /ctx/app/x HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    @Test
    void tomcatGivesRfc3875Addresses() throws Exception {
        Path base = Files.createTempDirectory("wsgi4j-tomcat");
        Tomcat tomcat = EmbeddedTomcat.create(base);
        tomcat.getConnector().setProperty("address", "::1");
        Context context = tomcat.addContext("/ctx", base.toString());
        Tomcat.addServlet(context, "app", new WsgiServlet(ADDRESSES));
        context.addServletMappingDecoded("/app/*", "app");
        tomcat.start();
        try {
            assertEquals(LOOPBACK + " [" + LOOPBACK + "]", ask(tomcat.getConnector().getLocalPort()));
        } finally {
            EmbeddedTomcat.stop(tomcat, base);
        }
    }

    @Test
    void jettyGivesRfc3875Addresses() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("::1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/ctx");
        context.addServlet(new ServletHolder(new WsgiServlet(ADDRESSES)), "/app/*");
        server.setHandler(context);
        server.start();
        try {
            assertEquals(LOOPBACK + " [" + LOOPBACK + "]", ask(connector.getLocalPort()));
        } finally {
            server.stop();
        }
    }
}
