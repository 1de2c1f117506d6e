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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest
    @ValueSource(ints = {204, 205, 304})
    void aStatusWithoutContentCarriesTheSameContentLengthAsOnTheServer(int code) throws IOException {
        // RFC 9110 section 8.6: the server sends no Content-Length on a 204, its own 0 on a 205, and a 304's as given
        Application app = (env, sr) -> {
            sr.start(Status.of(code), Headers.of("Content-Length", "5", "X-Code", Integer.toString(code)));
            return Body.empty();
        };
        HttpServer server = HttpServer.make("127.0.0.1", 0, app, ServerConfig.builder().quiet(true).build()).start();
        String overSocket;
        try {
            overSocket = responseOf(server.port(), "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        } finally {
            server.shutdown(Duration.ZERO);
        }
        List<String> onTheWire = new ArrayList<>();
        for (String line : overSocket.substring(0, overSocket.indexOf("\r\n\r\n")).split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                onTheWire.add(line.substring(15).trim());
            }
        }
        List<String> inProcess = TestClient.unvalidated(app).get("/").send().headers("Content-Length");
        assertEquals(onTheWire, inProcess);
    }

    /** Sends one request on a fresh connection and returns the response body (the server closes after it). */
    private static String bodyOf(int port, String request) throws IOException {
        String response = responseOf(port, request);
        int end = response.indexOf("\r\n\r\n");
        return response.substring(end + 4);
    }

    /** Sends one request on a fresh connection and returns the whole response (the server closes after it). */
    private static String responseOf(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
