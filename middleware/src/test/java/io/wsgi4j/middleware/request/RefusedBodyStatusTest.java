// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Middleware;
import io.wsgi4j.server.BodyTimeoutException;
import io.wsgi4j.server.HttpException;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A body the server or gateway refuses while a helper reads it keeps the server's status: a chunked
 * body over {@code maxBodyBytes} (413, as README's limits table says) or one that stalled past
 * {@code bodyTimeout} (408) is no malformed request (400). Reading raises the transport's own
 * {@link HttpException} or {@link BodyTimeoutException}, as the HTTP server's chunked input and the
 * FastCGI gateway's stdin do.
 */
class RefusedBodyStatusTest {

    /** A wsgi.input that fails as the transport's refusal does. */
    private static Middleware inputFailingWith(Supplier<IOException> refusal) {
        return next -> (environ, startResponse) -> {
            environ.put(Environ.WSGI_INPUT, new InputStream() {
                @Override
                public int read() throws IOException {
                    throw refusal.get();
                }
            });
            return next.call(environ, startResponse);
        };
    }

    private static TestResponse send(String reader, Supplier<IOException> refusal) {
        Application read = (environ, startResponse) -> {
            switch (reader) {
                case "json" -> Json.read(environ);
                case "form" -> Forms.parse(environ);
                default -> Forms.parse(environ).field("a");
            }
            startResponse.start("200 OK", List.of());
            return Body.empty();
        };
        String type = switch (reader) {
            case "json" -> "application/json";
            case "form" -> "application/x-www-form-urlencoded";
            default -> "multipart/form-data; boundary=b";
        };
        Application app = RequestScope.of().wrap(inputFailingWith(refusal).wrap(read));
        return TestClient.of(app).post("/").header("Content-Type", type).body(new byte[3]).send();
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "form", "multipart"})
    void aBodyOverTheServersLimitIs413(String reader) {
        TestResponse r = send(reader, () -> new HttpException(413, "chunked request body is over the limit of 1000 bytes"));
        assertEquals(413, r.status(), r.text());
        assertTrue(r.text().contains("over the limit of 1000 bytes"), r.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "form", "multipart"})
    void aBodyThatStalledIs408(String reader) {
        TestResponse r = send(reader, () -> new BodyTimeoutException(30_000));
        assertEquals(408, r.status(), r.text());
    }
}
