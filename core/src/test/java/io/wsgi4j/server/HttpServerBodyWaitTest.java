// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request whose body is still arriving waits in the reactor, holding no thread, until the body or its
 * first 8 KiB is here: clients trickling bodies on many connections cannot take every thread (on Java 17,
 * every thread of the bounded pool) from the clients that send whole requests.
 */
class HttpServerBodyWaitTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown(Duration.ZERO);
        }
    }

    @Test
    void aRequestWhoseBodyIsStillArrivingTakesNoPlaceFromAWholeRequest() throws Exception {
        // one place for requests: before, the trickling request took it to wait for its body, and the whole
        // request behind it waited until that body came or timed out (a minute here)
        ServerConfig config = ServerConfig.builder().quiet(true).workers(1).bodyTimeout(Duration.ofSeconds(60)).build();
        server = HttpServer.make("127.0.0.1", 0, HttpServerTest.ECHO, config).start();
        try (RawClient trickling = new RawClient(server.port()); RawClient whole = new RawClient(server.port())) {
            trickling.send("POST /a HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nhello");
            assertEquals("GET /b ", whole.send(HttpServerTest.get("/b")).read().text());
            // the rest of the body, and a pipelined request behind it in the same write
            trickling.send("world" + HttpServerTest.get("/c"));
            assertEquals("POST /a helloworld", trickling.read().text());
            assertEquals("GET /c ", trickling.read().text());
        }
    }

    @Test
    void aPipelinedRequestWhoseBodyIsStillArrivingTakesNoPlaceEither() throws Exception {
        // the same request behind a GET in the same write: its head is complete in the buffer when the GET is
        // done, and before, it was served there and then, its thread waiting for the body as if it had no wait
        ServerConfig config = ServerConfig.builder().quiet(true).workers(1).bodyTimeout(Duration.ofSeconds(60)).build();
        server = HttpServer.make("127.0.0.1", 0, HttpServerTest.ECHO, config).start();
        try (RawClient trickling = new RawClient(server.port()); RawClient whole = new RawClient(server.port())) {
            trickling.send(HttpServerTest.get("/first") + "POST /a HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nhello");
            assertEquals("GET /first ", trickling.read().text());
            assertEquals("GET /b ", whole.send(HttpServerTest.get("/b")).read().text());
            trickling.send("world" + HttpServerTest.get("/c"));
            assertEquals("POST /a helloworld", trickling.read().text());
            assertEquals("GET /c ", trickling.read().text());
        }
    }

    @Test
    void aLargeBodyAlsoTakesNoPlaceUntilItsFirst8KiBAreHere() throws Exception {
        ServerConfig config = ServerConfig.builder().quiet(true).workers(1).bodyTimeout(Duration.ofSeconds(60)).build();
        server = HttpServer.make("127.0.0.1", 0, (env, sr) -> {
            byte[] first = env.input().readNBytes(5); // what is there when it runs: the rest may still be coming
            sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return Body.of(env.pathInfo() + " " + new String(first, StandardCharsets.US_ASCII));
        }, config).start();
        try (RawClient trickling = new RawClient(server.port()); RawClient whole = new RawClient(server.port())) {
            trickling.send("POST /large HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(8000));
            assertEquals("/b ", whole.send("POST /b HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello").read()
                    .text().substring(0, 3));
            trickling.send("x".repeat(192)); // 8 KiB of the 100,000 bytes: served, the rest read as it comes
            assertEquals("/large xxxxx", trickling.read().text());
        }
    }

    @Test
    void aBodyThatStopsArrivingIsAnswered408AsAStalledReadIs() throws Exception {
        ServerConfig config = ServerConfig.builder().quiet(true).bodyTimeout(Duration.ofMillis(300)).build();
        server = HttpServer.make("127.0.0.1", 0, HttpServerTest.ECHO, config).start();
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.send("POST /a HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nhel").read();
            assertEquals(408, r.status(), r.toString());
            assertTrue(r.text().contains("the request body stalled for longer than 300 ms"), r.text());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void aHeadRequestWhoseBodyStopsArrivingGets408WithoutContent() throws Exception {
        // RFC 9110 section 9.3.2: no content in a response to HEAD, also in the reactor's 408 for the body
        ServerConfig config = ServerConfig.builder().quiet(true).bodyTimeout(Duration.ofMillis(300)).build();
        server = HttpServer.make("127.0.0.1", 0, HttpServerTest.ECHO, config).start();
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.send("HEAD /a HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nhel").readHead();
            assertEquals(408, r.status(), r.toString());
            assertTrue(c.closedByServer(), "no content after the head of the 408");
        }
    }

    @Test
    void aClientThatEndsItsSideInTheMiddleOfTheBodyIsAnswered400() throws Exception {
        server = HttpServer.make("127.0.0.1", 0, HttpServerTest.ECHO, HttpServerTest.QUIET).start();
        try (RawClient c = new RawClient(server.port())) {
            c.send("POST /a HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nhel");
            c.socket.shutdownOutput();
            RawClient.Response r = c.read();
            assertEquals(400, r.status(), r.toString());
            assertTrue(r.text().contains("after 3 of 10"), r.text());
        }
    }

    @Test
    void aHundredContinueBodyIsStillSentForAndReadAsItComes() throws Exception {
        server = HttpServer.make("127.0.0.1", 0, HttpServerTest.ECHO, HttpServerTest.QUIET).start();
        try (RawClient c = new RawClient(server.port())) {
            c.send("POST /a HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertEquals(100, c.read().status());
            assertEquals("POST /a hello", c.send("hello").read().text());
        }
    }

    @Test
    void aHeadWhoseContentLengthIsMalformedIsStill400() throws Exception {
        // the head is parsed in the reactor now when it names a Content-Length: its refusal is the same
        server = HttpServer.make("127.0.0.1", 0, HttpServerTest.ECHO, HttpServerTest.QUIET).start();
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response r = c.send("POST /a HTTP/1.1\r\nHost: t\r\nContent-Length: 1x\r\n\r\n").read();
            assertEquals(400, r.status(), r.toString());
            assertTrue(r.text().contains("Content-Length"), r.text());
        }
    }
}
