// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.fastcgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.gateway.FastCgiServer;
import io.wsgi4j.gateway.GatewayAddress;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.contract.HttpWire;
import io.wsgi4j.testing.contract.NginxProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FastCgiHelloTest {
    @Test
    void saysHelloInProcess() {
        assertEquals("Hello world!\n", TestClient.of(FastCgiHello::app).get("/").send().text());
    }

    @Test
    void servesHelloBehindNginxWithTheShippedConfig() throws Exception {
        NginxProcess.assumeInstalled();
        String shipped = Files.readString(Path.of("src/main/nginx/fastcgi-hello.conf"));
        String location = shipped.substring(shipped.indexOf("        location / {"), shipped.indexOf("        }\n") + 10);
        try (FastCgiServer gateway = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), FastCgiHello::app).start()) {
            String upstream = shipped.substring(shipped.indexOf("    upstream wsgi4j_hello {"), shipped.indexOf("    }\n") + 6)
                    .replace("127.0.0.1:9000", "127.0.0.1:" + gateway.port());
            try (NginxProcess nginx = NginxProcess.start(location, upstream)) {
                var r = new HttpWire("127.0.0.1", nginx.port()).send("GET", "/", Map.of(), null);
                assertEquals(200, r.status(), nginx::log);
                assertEquals("Hello world!\n", r.text());
                assertTrue(r.header("Content-Type").startsWith("text/plain"));
            }
        }
    }
}
