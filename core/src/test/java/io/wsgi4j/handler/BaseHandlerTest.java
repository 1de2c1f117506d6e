// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaseHandlerTest {
    private static Environ get(String protocol) {
        return new EnvironBuilder().method("GET").target("/").protocol(protocol).build();
    }

    @Test
    void knownSizeBodyGetsContentLengthAndKeepAlive() {
        RecordingHandler h = new RecordingHandler(true);
        Application app = (env, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            return Body.of("Hello world!");
        };
        assertEquals(Outcome.KEEP_ALIVE, h.run(app, get("HTTP/1.1")));
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nServer: wsgi4j\r\n\r\n"
                + "Hello world!", h.text());
    }

    @Test
    void streamedBodyIsChunkedOnHttp11AndCloseDelimitedOn10() {
        Application app = (env, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            return () -> List.of("ab".getBytes(), new byte[0], "c".getBytes()).iterator();
        };
        RecordingHandler h11 = new RecordingHandler(true);
        assertEquals(Outcome.KEEP_ALIVE, h11.run(app, get("HTTP/1.1")));
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nServer: wsgi4j\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\nab\r\n1\r\nc\r\n0\r\n\r\n", h11.text());
        RecordingHandler h10 = new RecordingHandler(true);
        assertEquals(Outcome.CLOSE, h10.run(app, get("HTTP/1.0")));
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nServer: wsgi4j\r\nConnection: close\r\n\r\nabc",
                h10.text());
    }

    @Test
    void exceptionBeforeHeadersBecomesA500Page() {
        RecordingHandler h = new RecordingHandler(false);
        Environ env = get("HTTP/1.1");
        env.put(Environ.WSGI_ERRORS, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        Outcome outcome = h.run((e, sr) -> {
            throw new IllegalStateException("boom");
        }, env);
        assertEquals(Outcome.CLOSE, outcome);
        assertEquals("Status: 500 Internal Server Error\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 26\r\n\r\n500 Internal Server Error\n", h.text());
    }
}
