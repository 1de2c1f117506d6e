// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** An embedded Tomcat 11 on an ephemeral port of 127.0.0.1, passing an encoded "/" through. */
final class EmbeddedTomcat {
    private EmbeddedTomcat() {}

    static Tomcat create(Path base) {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        // Tomcat answers 400 to an encoded "/" by default; "passthrough" hands it on undecoded
        connector.setEncodedSolidusHandling("passthrough");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        return tomcat;
    }

    static void stop(Tomcat tomcat, Path base) throws LifecycleException, IOException {
        tomcat.stop();
        tomcat.destroy();
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
