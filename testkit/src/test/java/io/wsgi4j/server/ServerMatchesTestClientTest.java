// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.testing.TestClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The reference server and the in-process test client build the same environ for the same request,
 * so a test written against the test client holds for the server. (It lives in the testkit module
 * because core cannot depend on the test client.)
 */
class ServerMatchesTestClientTest {
    /** Answers with the environ keys the test names in the X-Keys header, one "KEY=value" per line. */
    static final Application ENVIRON = (env, sr) -> {
        StringBuilder b = new StringBuilder();
        for (String key : env.header("X-Keys").split(",")) {
            b.append(key).append('=').append(env.get(key)).append('\n');
        }
        sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
        return Body.of(b.toString());
    };

    @Test
    void givesTheSameEnvironAsTheTestClient() throws IOException {
        String keys = "REQUEST_METHOD,SCRIPT_NAME,PATH_INFO,QUERY_STRING,SERVER_NAME,SERVER_PORT,"
                + "SERVER_PROTOCOL,SERVER_SOFTWARE,HTTP_HOST,wsgi.url_scheme,wsgi4j.raw_target";
        HttpServer server = HttpServer.make("127.0.0.1", 0, ENVIRON, ServerConfig.builder().quiet(true).build())
                .start();
        String overSocket;
        try {
            overSocket = bodyOf(server.port(), "GET /x%2Fy?z HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "X-Keys: " + keys + "\r\n\r\n");
        } finally {
            server.shutdown(Duration.ZERO);
        }
        String inProcess = TestClient.of(ENVIRON).get("/x%2Fy?z").header("X-Keys", keys).send().text();
        assertEquals(inProcess, overSocket);
    }

    /** Sends one request on a fresh connection and returns the response body (the server closes after it). */
    private static String bodyOf(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = response.indexOf("\r\n\r\n");
            return response.substring(end + 4);
        }
    }
}
