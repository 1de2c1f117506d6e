// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.testing.contract.ContractResponse;
import io.wsgi4j.testing.contract.HttpWire;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

/**
 * The bridge deployed the way an operator deploys it: a WAR whose {@code WEB-INF/web.xml} names
 * {@link WsgiServlet} and the application ({@code wsgi4j.app} init-param), dropped into Tomcat 11.
 * The WAR holds only the descriptor here; the classes come from the class path, as a shared library
 * would.
 */
class TomcatWarDeploymentTest {
    static final String WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
              <servlet>
                <servlet-name>contract</servlet-name>
                <servlet-class>io.wsgi4j.servlet.WsgiServlet</servlet-class>
                <init-param>
                  <param-name>wsgi4j.app</param-name>
                  <param-value>io.wsgi4j.testing.contract.ContractApp::APP</param-value>
                </init-param>
              </servlet>
              <servlet-mapping>
                <servlet-name>contract</servlet-name>
                <url-pattern>/*</url-pattern>
              </servlet-mapping>
            </web-app>
            """;

    @Test
    void aWarWithWebXmlServesTheNamedApplicationAtItsContextPath() throws Exception {
        Path base = Files.createTempDirectory("wsgi4j-war");
        Path war = base.resolve("shop.war");
        try (OutputStream file = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("WEB-INF/web.xml"));
            zip.write(WEB_XML.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Tomcat tomcat = EmbeddedTomcat.create(base);
        tomcat.setAddDefaultWebXmlToWebapp(false); // no JSP engine on the class path, and none needed
        tomcat.addWebapp("/shop", war.toString());
        tomcat.start();
        try {
            ContractResponse r = new HttpWire("127.0.0.1", tomcat.getConnector().getLocalPort())
                    .send("GET", "/shop/env/items?x=1", Map.of(), null);
            assertEquals(200, r.status(), r::text);
            List<String> env = List.of(r.text().split("\n"));
            assertTrue(env.contains("SCRIPT_NAME=/shop"), env::toString);
            assertTrue(env.contains("PATH_INFO=/env/items"), env::toString);
            assertTrue(env.contains("QUERY_STRING=x=1"), env::toString);
        } finally {
            EmbeddedTomcat.stop(tomcat, base);
        }
    }
}
