// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoAppTest {
    @Test
    void printsHelloWorldABlankLineAndTheEnvironSortedByKey() throws Exception {
        Environ env = new Environ();
        env.put("REQUEST_METHOD", "GET");
        env.put("PATH_INFO", "/x");
        env.put("HTTP_HOST", "localhost");
        env.put("wsgi.url_scheme", "http");
        byte[] body = Body.toBytes(DemoApp.INSTANCE.call(env, (s, h, e) -> null));
        assertEquals("Hello world!\n\nHTTP_HOST=localhost\nPATH_INFO=/x\nREQUEST_METHOD=GET\nwsgi.url_scheme=http\n",
                new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void answersPlainTextThroughTheTestClient() {
        TestResponse r = TestClient.of(DemoApp.INSTANCE).get("/hello").send();
        assertEquals(200, r.status());
        assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
        List<String> lines = r.text().lines().toList();
        assertEquals(List.of("Hello world!", ""), lines.subList(0, 2));
        assertEquals(lines.subList(2, lines.size()).stream().sorted().toList(), lines.subList(2, lines.size()));
    }

    @Test
    void printsItsName() {
        assertEquals("DemoApp", DemoApp.INSTANCE.toString());
    }
}
