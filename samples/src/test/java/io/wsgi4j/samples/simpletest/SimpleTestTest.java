// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.simpletest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.DemoApp;
import io.wsgi4j.server.HttpServer;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SimpleTestTest {

    @Test
    void demoAppSaysHelloWorldFollowedByTheEnviron() {
        TestResponse response = TestClient.of(DemoApp.INSTANCE).get("/some/where?x=1").send();

        assertEquals(200, response.status());
        assertTrue(response.text().startsWith("Hello world!\n"), response.text());
        assertTrue(response.text().contains("PATH_INFO=/some/where\n"), response.text());
        assertTrue(response.text().contains("QUERY_STRING=x=1\n"), response.text());
    }

    @Nested
    class OverTheReferenceServer {
        private final HttpClient http = HttpClient.newHttpClient();

        @Test
        void servesExactlyOneRequestThenReturns() throws Exception {
            HttpServer httpd = SimpleTest.make(0);
            Thread once = new Thread(httpd::handleRequest, "handle-one-request");
            once.start();

            HttpResponse<String> response = get(httpd.port(), "/first");
            once.join();

            assertEquals(200, response.statusCode());
            assertTrue(response.body().startsWith("Hello world!"));
            assertFalse(once.isAlive());
            httpd.close();
            assertThrows(IOException.class, () -> get(httpd.port(), "/second"));
        }

        @Test
        void servesForeverUntilShutDown() throws Exception {
            HttpServer httpd = SimpleTest.make(0);
            Thread forever = new Thread(httpd::serveForever, "serve-forever");
            forever.start();
            try {
                for (int i = 0; i < 3; i++) {
                    assertEquals(200, get(httpd.port(), "/" + i).statusCode());
                }
            } finally {
                httpd.shutdown();
                forever.join();
            }
        }

        private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
