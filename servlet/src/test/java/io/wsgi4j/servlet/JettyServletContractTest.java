// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The contract on the Servlet bridge inside embedded Jetty 12 (ee10, Servlet 6.0), over HTTP/1.1. */
class JettyServletContractTest extends ServletBridgeContract {
    @Override
    protected Container start(Map<String, HttpServlet> servlets, Map<String, Filter> filters) throws Exception {
        Server server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        // Jetty answers 400 to an encoded "/" unless the URI compliance allows it (Servlet 6 section 3.5.2)
        config.setUriCompliance(UriCompliance.DEFAULT.with("wsgi4j-raw-target",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(CONTEXT);
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        servlets.forEach((pattern, servlet) -> context.addServlet(new ServletHolder(servlet), pattern));
        filters.forEach((pattern, filter) -> context.addFilter(new FilterHolder(filter), pattern,
                EnumSet.of(DispatcherType.REQUEST)));
        server.setHandler(context);
        server.start();
        return new Container(connector.getLocalPort(), server::stop);
    }
}
