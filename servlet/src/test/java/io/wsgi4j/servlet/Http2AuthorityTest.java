// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.http2.Http2Protocol;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * Over HTTP/2 the authority comes as the {@code :authority} pseudo-header, which neither container lists
 * among the request's headers; it stands in for Host (RFC 9113 section 8.3.1), so SERVER_NAME, SERVER_PORT
 * and HTTP_HOST are the host the client addressed, as over HTTP/1.1 and on the Jetty adapter, not the address
 * the container is bound to. The JDK client speaks h2c by {@code Upgrade: h2c}, which the first request carries
 * over HTTP/1.1 (with a Host); the second one is an HTTP/2 stream with only {@code :authority}.
 */
class Http2AuthorityTest {
    private static final Application AUTHORITY = (environ, startResponse) -> {
        startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
        return Body.of(environ.get(Environ.SERVER_PROTOCOL) + " " + environ.get("HTTP_HOST") + " "
                + environ.get(Environ.SERVER_NAME) + " " + environ.get(Environ.SERVER_PORT));
    };

    /** What the application saw of the second request on one h2c connection to localhost:port. */
    private static String secondRequest(int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ctx/app/x")).build();
        client.send(request, HttpResponse.BodyHandlers.discarding()); // the upgrade
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, r.version(), "the container did not speak HTTP/2: the test says nothing");
        assertEquals(200, r.statusCode(), r::body);
        return r.body();
    }

    @Test
    void onTomcatTheAuthorityIsTheHost() throws Exception {
        Path base = Files.createTempDirectory("wsgi4j-tomcat");
        Tomcat tomcat = EmbeddedTomcat.create(base);
        tomcat.getConnector().addUpgradeProtocol(new Http2Protocol());
        Context context = tomcat.addContext("/ctx", base.toString());
        Tomcat.addServlet(context, "app", new WsgiServlet(AUTHORITY));
        context.addServletMappingDecoded("/app/*", "app");
        tomcat.start();
        try {
            int port = tomcat.getConnector().getLocalPort();
            assertEquals("HTTP/2.0 localhost:" + port + " localhost " + port, secondRequest(port));
        } finally {
            EmbeddedTomcat.stop(tomcat, base);
        }
    }

    @Test
    void onJettyTheAuthorityIsTheHost() throws Exception {
        Server server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config),
                new HTTP2CServerConnectionFactory(config));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/ctx");
        context.addServlet(new ServletHolder(new WsgiServlet(AUTHORITY)), "/app/*");
        server.setHandler(context);
        server.start();
        try {
            int port = connector.getLocalPort();
            assertEquals("HTTP/2.0 localhost:" + port + " localhost " + port, secondRequest(port));
        } finally {
            server.stop();
        }
    }
}
