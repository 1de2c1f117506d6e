// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HelloServerTest {

    @Test
    void mainServesHelloWorldOnTheGivenPort() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Thread server = new Thread(() -> HelloServer.main(new String[] {Integer.toString(port)}), "hello-server");
        server.setDaemon(true); // serve() runs until the process ends, as in the seed
        server.start();

        HttpResponse<String> response = getWhenListening(port);

        assertEquals(200, response.statusCode());
        assertEquals("Hello world!", response.body());
    }

    private static HttpResponse<String> getWhenListening(int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build();
        for (int attempt = 0; ; attempt++) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.net.ConnectException e) {
                if (attempt == 100) {
                    throw e;
                }
                Thread.sleep(50); // the server thread has not bound yet
            }
        }
    }
}
