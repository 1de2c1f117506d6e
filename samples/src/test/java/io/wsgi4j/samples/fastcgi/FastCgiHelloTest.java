// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.fastcgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.gateway.FastCgiServer;
import io.wsgi4j.gateway.GatewayAddress;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.contract.HttpWire;
import io.wsgi4j.testing.contract.NginxProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
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

    /**
     * The location block is meant to be pasted into an existing nginx, whose {@code fastcgi_params} is the
     * package's: Debian's passes {@code REMOTE_USER $remote_user}, the name from any {@code Authorization:
     * Basic} header, checked or not. The shipped location must not let a client choose REMOTE_USER.
     */
    @Test
    void theShippedLocationPassesNoRemoteUserAClientSent() throws Exception {
        NginxProcess.assumeInstalled();
        String shipped = Files.readString(Path.of("src/main/nginx/fastcgi-hello.conf"));
        String location = shipped.substring(shipped.indexOf("        location / {"), shipped.indexOf("        }\n") + 10)
                // the two lines of Debian's /etc/nginx/fastcgi_params that the test's own copy leaves out
                .replace("include fastcgi_params;", "fastcgi_param SCRIPT_NAME $fastcgi_script_name;"
                        + " fastcgi_param REMOTE_USER $remote_user; include fastcgi_params;");
        try (FastCgiServer gateway = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (environ, startResponse) -> {
            startResponse.start("200 OK", Headers.of("Content-Type", "text/plain"));
            return Body.of("REMOTE_USER=" + environ.get("REMOTE_USER") + " SCRIPT_NAME=" + environ.scriptName()
                    + " PATH_INFO=" + environ.pathInfo());
        }).start()) {
            String upstream = shipped.substring(shipped.indexOf("    upstream wsgi4j_hello {"), shipped.indexOf("    }\n") + 6)
                    .replace("127.0.0.1:9000", "127.0.0.1:" + gateway.port());
            try (NginxProcess nginx = NginxProcess.start(location, upstream)) {
                String basic = "Basic " + Base64.getEncoder().encodeToString("admin:guess".getBytes(StandardCharsets.UTF_8));
                var r = new HttpWire("127.0.0.1", nginx.port()).send("GET", "/a/b", Map.of("Authorization", basic), null);
                assertEquals(200, r.status(), nginx::log);
                assertEquals("REMOTE_USER=null SCRIPT_NAME= PATH_INFO=/a/b", r.text());
            }
        }
    }
}
