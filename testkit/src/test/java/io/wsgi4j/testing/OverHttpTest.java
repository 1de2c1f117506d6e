// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.server.HttpServer;
import io.wsgi4j.server.ServerConfig;
import java.net.URI;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TestClient#over} against the reference server: the same request bytes and answers as in-process. */
class OverHttpTest {
    private static HttpServer server;
    private static URI base;

    @BeforeAll
    static void start() {
        server = HttpServer.make("127.0.0.1", 0, TestClientTest.ECHO, ServerConfig.builder().quiet(true).build()).start();
        base = URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zo\u00eb", "a \u2192 b", "caf\u00e9 \u65e5\u672c"})
    void headerValuesArriveAsTheBytesAnInProcessRunSees(String value) {
        String inProcess = TestClientTest.line(TestClient.of(TestClientTest.ECHO).get("/").header("X-Name", value)
                .cookie("c", value).send(), "HTTP_X_NAME");
        TestResponse live = TestClient.over(base).get("/").header("X-Name", value).cookie("c", value).send();
        // before: java.net.http wrote the value as US-ASCII, so the server saw "Zo?"
        assertEquals(inProcess, TestClientTest.line(live, "HTTP_X_NAME"));
        assertEquals("c=" + inProcess, TestClientTest.line(live, "HTTP_COOKIE"));
    }

    @Test
    void httpsIsRefusedOverAPlainHttpBaseInsteadOfIgnored() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TestClient.over(base).get("/").https().send());
        assertTrue(e.getMessage().startsWith("https() marks an in-process request as sent over TLS; TestClient.over("
                + base + ") sends plain HTTP"), e.getMessage());
    }

    @Test
    void optionsAsteriskIsSentInAsteriskForm() {
        TestResponse inProcess = TestClient.of(TestClientTest.ECHO).options("*").send();
        TestResponse live = TestClient.over(base.resolve("/mounted/")).options("*").send();
        assertEquals(inProcess.status(), live.status());
        assertEquals("*", TestClientTest.line(live, "wsgi4j.raw_target"));
        assertEquals(TestClientTest.line(inProcess, "PATH_INFO"), TestClientTest.line(live, "PATH_INFO"));
    }

    @Test
    void requestsShareOneKeptConnection() {
        TestClient client = TestClient.over(base);
        String first = TestClientTest.line(client.get("/one").send(), "REMOTE_PORT");
        String second = TestClientTest.line(client.post("/two").body("x", "text/plain").send(), "REMOTE_PORT");
        assertEquals(first, second);
    }

    @Test
    void aLargeBodyGoesOutWhole() {
        byte[] big = new byte[1 << 20];
        Arrays.fill(big, (byte) 'z');
        TestResponse r = TestClient.over(base).post("/").body(big, "application/octet-stream").send();
        assertEquals("z".repeat(1 << 20), TestClientTest.line(r, "body"));
    }

    @Test
    void aResponseWithoutLengthIsReadToTheEndOfTheConnection() {
        HttpServer chunked = HttpServer.make("127.0.0.1", 0, (env, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            return () -> java.util.List.of("a".getBytes(), "bc".getBytes()).iterator(); // unknown length: chunked
        }, ServerConfig.builder().quiet(true).build()).start();
        try (chunked) {
            TestClient client = TestClient.over(URI.create("http://127.0.0.1:" + chunked.port()));
            assertArrayEquals("abc".getBytes(), client.get("/").send().bytes());
            assertArrayEquals(new byte[0], client.head("/").send().bytes());
            assertEquals("abc", client.get("/").send().text());
        }
    }
}
