// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.gateway.FastCgiServer;
import io.wsgi4j.gateway.GatewayAddress;
import io.wsgi4j.gateway.GatewayConfig;
import io.wsgi4j.server.HttpServer;
import io.wsgi4j.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReadinessTest {
    private static final Application HELLO = (environ, startResponse) -> {
        startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
        return Body.of("hello");
    };

    @Test
    @DisplayName("the readiness path answers 200 while serving and 503 once draining; other paths reach the app")
    void probeAnswersFromTheServersReadiness() throws Exception {
        try (HttpServer server = HttpServer.make("127.0.0.1", 0, HELLO,
                ServerConfig.builder().readinessPath("/ready").quiet(true).build()).start()) {
            URI ready = URI.create("http://127.0.0.1:" + server.port() + "/ready");
            assertEquals("200 ready\n", get(ready));
            server.readiness().drain();
            assertEquals("503 draining\n", get(ready));
            assertEquals("200 hello", get(ready.resolve("/other")));
        }
    }

    @Test
    @DisplayName("shutdown() turns readiness to draining first, on the HTTP server and the gateways")
    void shutdownDrainsReadiness() throws Exception {
        HttpServer http = HttpServer.make("127.0.0.1", 0, HELLO, ServerConfig.builder().quiet(true).build()).start();
        assertTrue(!http.readiness().draining());
        http.shutdown();
        assertTrue(http.readiness().draining());
        FastCgiServer fcgi = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), HELLO,
                GatewayConfig.builder().readinessPath("/ready").build()).start();
        assertTrue(!fcgi.readiness().draining());
        fcgi.shutdown();
        assertTrue(fcgi.readiness().draining());
    }

    /** "status body" of a GET. */
    private static String get(URI uri) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            return status + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    @DisplayName("a readiness path without a leading slash is refused, naming the value")
    void badPathIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.builder().readinessPath("ready"));
        assertTrue(e.getMessage().contains("\"ready\""), e.getMessage());
    }
}
