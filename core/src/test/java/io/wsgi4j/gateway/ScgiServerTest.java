// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.observe.RequestRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SCGI gateway over a real socket. */
class ScgiServerTest {
    private ScgiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown();
        }
    }

    private static byte[] request(String method, String path, int length, String extra) {
        String pairs = "CONTENT_LENGTH\0" + length + "\0SCGI\0" + "1\0REQUEST_METHOD\0" + method
                + "\0PATH_INFO\0" + path + "\0SCRIPT_NAME\0\0" + extra;
        return (pairs.length() + ":" + pairs + ",").getBytes(StandardCharsets.ISO_8859_1);
    }

    private String exchange(byte[] head, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(head);
            out.write(body);
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void answersWithACgiResponseAndClosesTheConnection() throws IOException {
        Application echo = (env, sr) -> {
            byte[] body = env.input().readAllBytes();
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            return Body.of(env.requestMethod() + " " + env.pathInfo() + " " + new String(body, StandardCharsets.UTF_8)
                    + " " + env.get("HTTP_X_PROBE"));
        };
        server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), echo).start();
        String response = exchange(request("POST", "/echo", 5, "HTTP_X_PROBE\0yes\0"), "hello".getBytes());
        assertEquals("Status: 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 20\r\n\r\nPOST /echo hello yes",
                response);
    }

    @Test
    void aDrainServesEveryRequestSentBeforeItAlsoThoseWaitingForAWorker() throws Exception {
        // 6 requests, 2 workers: 4 wait for a worker when the drain begins; all are answered, and a
        // connection that sent nothing is closed
        CountDownLatch release = new CountDownLatch(1);
        Application app = (env, sr) -> {
            release.await();
            sr.start("200 OK", Headers.of());
            return Body.of("served " + env.pathInfo());
        };
        server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), app, GatewayConfig.builder()
                .workers(2).threadMode(io.wsgi4j.server.ThreadMode.PLATFORM).build()).start();
        List<Socket> sent = new ArrayList<>();
        try (Socket idle = new Socket("127.0.0.1", server.port())) {
            for (int i = 0; i < 6; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                sent.add(s);
                s.getOutputStream().write(request("GET", "/r" + i, 0, ""));
            }
            ScgiServer stopping = server;
            Thread stopper = new Thread(stopping::shutdown);
            stopper.start();
            idle.setSoTimeout(10_000);
            assertEquals(-1, idle.getInputStream().read(), "the drain closes a connection that sent nothing");
            release.countDown();
            for (int i = 0; i < 6; i++) {
                sent.get(i).setSoTimeout(10_000);
                String response = new String(sent.get(i).getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(response.startsWith("Status: 200 OK") && response.endsWith("served /r" + i), response);
            }
            stopper.join(10_000);
            server = null;
        } finally {
            for (Socket s : sent) {
                s.close();
            }
        }
    }

    @Test
    void aShutdownRightAfterStartServesTheRequestsAlreadyInTheBacklog() throws Exception {
        // start() returns before its accepting thread runs; a shutdown in that window must still take
        // the backlog (it once closed the listener under it, resetting every connection in it)
        server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (env, sr) -> {
            sr.start("200 OK", Headers.of());
            return Body.of("served " + env.pathInfo());
        });
        List<Socket> sent = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                sent.add(s);
                s.getOutputStream().write(request("GET", "/b" + i, 0, ""));
            }
            server.start();
            server.shutdown();
            server = null;
            for (int i = 0; i < 3; i++) {
                sent.get(i).setSoTimeout(10_000);
                String response = new String(sent.get(i).getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(response.startsWith("Status: 200 OK") && response.endsWith("served /b" + i), response);
            }
        } finally {
            for (Socket s : sent) {
                s.close();
            }
        }
    }

    /**
     * An application's own stop endpoint: the shutdown it calls cannot wait for the requests in flight,
     * its own among them. With a grace far longer than the client waits, the request is answered and the
     * drain ends only if the shutdown returns at once and the drain goes on without it; before, it
     * waited out the whole grace period.
     */
    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "PLATFORM"})
    void aRequestThatShutsTheGatewayDownIsAnsweredAndTheDrainEnds(String mode) throws Exception {
        java.util.concurrent.atomic.AtomicReference<ScgiServer> self = new java.util.concurrent.atomic.AtomicReference<>();
        CountDownLatch returned = new CountDownLatch(1);
        server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (env, sr) -> {
            self.get().shutdown();
            returned.countDown();
            sr.start("200 OK", Headers.of());
            return Body.of("stopping");
        }, GatewayConfig.builder().shutdownGrace(java.time.Duration.ofSeconds(30))
                .threadMode(io.wsgi4j.server.ThreadMode.valueOf(mode)).build()).start();
        self.set(server);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request("GET", "/quit", 0, ""));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("Status: 200 OK") && response.endsWith("stopping"), response);
        }
        assertTrue(returned.await(10, TimeUnit.SECONDS));
        assertTrue(server.readiness().draining());
        server = null;
    }

    /** As HttpServer: a gateway once shut down says so when asked to serve, rather than returning as if it had served. */
    @Test
    void refusesToServeOnceShutDown() throws IOException {
        server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (env, sr) -> {
            sr.start(io.wsgi4j.Status.OK, Headers.of("Content-Type", "text/plain"));
            return Body.of("never called");
        });
        server.shutdown();
        IllegalStateException e = assertThrows(IllegalStateException.class, server::start);
        assertTrue(e.getMessage().contains("shut down"), e.getMessage());
        assertThrows(IllegalStateException.class, server::serveForever);
    }

    @Test
    void neverLetsTheAppReadPastContentLength() throws IOException {
        Application app = (env, sr) -> {
            sr.start("200 OK", Headers.of());
            return Body.of(new String(env.input().readAllBytes(), StandardCharsets.US_ASCII));
        };
        server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), app).start();
        assertTrue(exchange(request("POST", "/", 3, ""), "abcdef".getBytes()).endsWith("\r\n\r\nabc"));
    }

    @Test
    void answers413WhenTheDeclaredBodyIsTooLarge() throws IOException {
        server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (env, sr) -> {
            throw new AssertionError("the app must not be called");
        }, GatewayConfig.builder().maxBodyBytes(2).build()).start();
        assertTrue(exchange(request("POST", "/", 3, ""), "abc".getBytes()).startsWith("Status: 413"));
    }

    /**
     * CONTENT_LENGTH is read by its value, as the FastCGI and CGI gateways read it: leading zeros are
     * allowed (RFC 9110 section 8.6, 1*DIGIT), and a number past any body is too large (413). Both used
     * to be answered 400 saying CONTENT_LENGTH was not a decimal number, once longer than 18 characters.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"leading zeros", "past any body"})
    void readsContentLengthByItsValueHoweverManyDigitsSpellIt(String how) throws IOException {
        Application echo = (env, sr) -> {
            sr.start("200 OK", Headers.of());
            return Body.of("read " + new String(env.input().readAllBytes(), StandardCharsets.ISO_8859_1));
        };
        server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), echo).start();
        String length = how.equals("leading zeros") ? "0".repeat(30) + "3" : "9".repeat(30);
        String pairs = "CONTENT_LENGTH\0" + length + "\0SCGI\0" + "1\0REQUEST_METHOD\0POST\0PATH_INFO\0/\0";
        String response = exchange((pairs.length() + ":" + pairs + ",").getBytes(StandardCharsets.ISO_8859_1),
                "abc".getBytes(StandardCharsets.ISO_8859_1));
        if (how.equals("leading zeros")) {
            assertTrue(response.startsWith("Status: 200 OK\r\n") && response.endsWith("read abc"), response);
        } else {
            assertTrue(response.startsWith("Status: 413 "), response);
        }
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.api.Timeout(60) // a liveness guard: the header timeout is 10 minutes
    @ValueSource(strings = {"the whole block", "only its length"})
    void answers431AtOnceWhenTheHeaderBlockIsLargerThanTheLimit(String sent) throws IOException {
        // GatewayConfig: maxParamsBytes bounds "the FastCGI PARAMS or the SCGI header block (431)"
        server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (env, sr) -> {
            throw new AssertionError("the app must not be called");
        }, GatewayConfig.builder().maxParamsBytes(100).headerTimeout(java.time.Duration.ofMinutes(10)).build())
                .start();
        byte[] head = sent.equals("the whole block") ? request("GET", "/", 0, "HTTP_X_BIG\0" + "x".repeat(200) + "\0")
                : "101:CONTENT_LENGTH".getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write(head);
            s.getOutputStream().flush();
            s.shutdownOutput(); // sends no more: the answer must not wait for the rest of the block
            String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("Status: 431") && text.contains("limit of 100 bytes"), text);
        }
    }

    @Test
    void answers400NamingAMethodThatIsNotATokenWithoutCallingTheApp() throws IOException {
        server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (env, sr) -> {
            throw new AssertionError("the app must not be called");
        }).start();
        String text = exchange(request("G T", "/", 0, ""), new byte[0]);
        assertTrue(text.startsWith("Status: 400") && text.contains("REQUEST_METHOD \"G T\""), text);
    }

    @Test
    void answers400NamingAPathInfoThatDoesNotStartWithASlashR2_5() throws IOException {
        server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (env, sr) -> {
            throw new AssertionError("the app must not be called");
        }).start();
        String text = exchange(request("GET", "foo", 0, ""), new byte[0]);
        assertTrue(text.startsWith("Status: 400") && text.contains("PATH_INFO \"foo\""), text);
    }

    @Test
    void percentEncodesWhatAQueryStringMustNotHoldR2_7() throws IOException {
        server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (env, sr) -> {
            sr.start("200 OK", Headers.of());
            return Body.of("[" + env.queryString() + "]");
        }).start();
        String text = exchange(request("GET", "/", 0, "QUERY_STRING\0a b#c\0"), new byte[0]);
        assertTrue(text.endsWith("[a%20b%23c]"), text);
    }

    @Test
    void answers400NamingTheProblemOfAMalformedHeaderBlockAndKeepsServing() throws Exception {
        java.util.concurrent.BlockingQueue<RequestRecord> observed = new java.util.concurrent.LinkedBlockingQueue<>();
        server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (env, sr) -> {
            sr.start("200 OK", Headers.of());
            return Body.of("fine");
        }, GatewayConfig.builder().observer(observed::add).build()).start();
        String answer = exchange("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII), new byte[0]);
        assertTrue(answer.startsWith("Status: 400 Bad Request\r\n"), answer);
        assertTrue(answer.contains("netstring length"), answer);
        RequestRecord refusal = observed.poll(10, TimeUnit.SECONDS);
        assertEquals(400, refusal.status());
        assertEquals("scgi", refusal.transport());
        assertTrue(exchange(request("GET", "/", 0, ""), new byte[0]).endsWith("fine"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"leading zero", "no comma", "no SCGI=1", "no NUL"})
    void answers400NamingEachMalformationWithoutCallingTheApp(String malformation) throws IOException {
        server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), (env, sr) -> {
            throw new AssertionError("the app must not be called");
        }).start();
        byte[] valid = request("GET", "/", 0, "");
        String text = new String(valid, StandardCharsets.ISO_8859_1);
        String sent = switch (malformation) {
            // a netstring's length has no leading zeros: "0" begins only the empty string's "0:,"
            case "leading zero" -> "0" + text;
            case "no comma" -> text.substring(0, text.length() - 1) + ";";
            case "no SCGI=1" -> text.replace("SCGI\u00001\u0000", "SCGI\u00002\u0000");
            default -> text.substring(0, text.length() - 2) + "x,";
        };
        String answer = exchange(sent.getBytes(StandardCharsets.ISO_8859_1), new byte[0]);
        assertTrue(answer.startsWith("Status: 400 Bad Request\r\n"), answer);
        assertTrue(answer.contains("400 Bad Request: ") && answer.contains("SCGI"), answer);
    }

    @Test
    void closesTheBodyWhenTheClientDropsMidUpload() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        CountDownLatch reading = new CountDownLatch(1);
        Application app = (env, sr) -> {
            sr.start("200 OK", Headers.of());
            return Body.onClose(() -> {
                reading.countDown();
                try {
                    return java.util.List.of(env.input().readAllBytes()).iterator();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, closed::countDown);
        };
        server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), app).start();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            // the first 8 KiB of a larger body: the application runs, and reads while the rest is due
            s.getOutputStream().write(request("POST", "/", 100_000, ""));
            s.getOutputStream().write(new byte[8192]);
            s.getOutputStream().flush();
            assertTrue(reading.await(10, TimeUnit.SECONDS));
        }
        assertTrue(closed.await(10, TimeUnit.SECONDS), "close() was called after the client went away");
        assertTrue(exchange(request("POST", "/", 2, ""), "ok".getBytes()).endsWith("ok"));
    }
}
