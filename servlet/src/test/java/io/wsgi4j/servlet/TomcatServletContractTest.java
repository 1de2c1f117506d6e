// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** The contract on the Servlet bridge inside embedded Tomcat 11 (Servlet 6.1), over HTTP/1.1. */
class TomcatServletContractTest extends ServletBridgeContract {
    @Override
    protected Container start(Map<String, HttpServlet> servlets, Map<String, Filter> filters) throws Exception {
        Path base = Files.createTempDirectory("wsgi4j-tomcat");
        Tomcat tomcat = EmbeddedTomcat.create(base);
        Context context = tomcat.addContext(CONTEXT, base.toString());
        int i = 0;
        for (Map.Entry<String, HttpServlet> e : servlets.entrySet()) {
            String name = "wsgi" + i++;
            Tomcat.addServlet(context, name, e.getValue());
            context.addServletMappingDecoded(e.getKey(), name);
        }
        for (Map.Entry<String, Filter> e : filters.entrySet()) {
            FilterDef def = new FilterDef();
            def.setFilterName("filter" + i++);
            def.setFilter(e.getValue());
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName(def.getFilterName());
            map.addURLPatternDecoded(e.getKey());
            context.addFilterMap(map);
        }
        tomcat.start();
        Connector connector = tomcat.getConnector();
        return new Container(connector.getLocalPort(), () -> EmbeddedTomcat.stop(tomcat, base));
    }
}
