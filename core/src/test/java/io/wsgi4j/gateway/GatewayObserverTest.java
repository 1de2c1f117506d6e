// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.observe.RequestRecord;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The FastCGI and SCGI gateways tell the configured observer about each request, naming their transport. */
class GatewayObserverTest {
    private static final Application HELLO = (env, sr) -> {
        sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
        return Body.of("hello");
    };

    private final BlockingQueue<RequestRecord> seen = new LinkedBlockingQueue<>();
    private final GatewayConfig config = GatewayConfig.builder().allowedPeers(List.of()).observer(seen::add).build();

    private RequestRecord next() throws InterruptedException {
        RequestRecord r = seen.poll(10, TimeUnit.SECONDS);
        assertNotNull(r, "the observer was not called");
        return r;
    }

    @Test
    void fastCgiRequestsAreObservedAsFastcgi() throws Exception {
        FastCgiServer server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), HELLO, config).start();
        try (FastCgiWire wire = FastCgiWire.connect(server.port())) {
            wire.request(1, false, FastCgiWire.get("/hi"));
            assertTrue(wire.response(1).text().startsWith("Status: 200 OK"));
        } finally {
            server.shutdown();
        }
        RequestRecord r = next();
        assertEquals(new RequestRecord("fastcgi", "GET", "/hi", null, 200, -1, 5, r.durationNanos(), false), r);
    }

    /**
     * FastCGI PARAMS that cannot be decoded are answered 400 by the gateway, no application called: the
     * observer hears of a refusal with the method and path unknown, as for an SCGI header block that
     * cannot be read (not of a GET served in some milliseconds).
     */
    @Test
    void malformedFastCgiParamsAreObservedAsARefusal() throws Exception {
        FastCgiServer server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), HELLO, config).start();
        int bodyLength;
        try (FastCgiWire wire = FastCgiWire.connect(server.port())) {
            wire.begin(1, FastCgiWire.RESPONDER, false).record(FastCgiWire.PARAMS, 1, new byte[] {5, 5, 'a'})
                    .record(FastCgiWire.PARAMS, 1, new byte[0]).endStdin(1);
            String text = wire.response(1).text();
            assertTrue(text.startsWith("Status: 400 Bad Request"), text);
            bodyLength = text.length() - text.indexOf("\r\n\r\n") - 4;
        } finally {
            server.shutdown();
        }
        assertEquals(new RequestRecord("fastcgi", "", "", null, 400, -1, bodyLength, 0, false), next());
    }

    /**
     * CGI variables over maxParamsBytes are answered 431 unread, on both gateways: a refusal with the
     * method and path unknown, as the HTTP server reports a head over its limit, not a GET of "/".
     */
    @Test
    void paramsOverTheLimitAreObservedAsARefusal() throws Exception {
        GatewayConfig small = config.toBuilder().maxParamsBytes(64).build();
        Map<String, String> big = new java.util.HashMap<>(FastCgiWire.get("/big"));
        big.put("HTTP_X_BIG", "x".repeat(100));
        FastCgiServer fastCgi = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), HELLO, small).start();
        String text;
        try (FastCgiWire wire = FastCgiWire.connect(fastCgi.port())) {
            text = wire.request(1, false, big).response(1).text();
        } finally {
            fastCgi.shutdown();
        }
        assertTrue(text.startsWith("Status: 431") && text.contains("limit of 64 bytes"), text);
        int bodyLength = text.length() - text.indexOf("\r\n\r\n") - 4;
        assertEquals(new RequestRecord("fastcgi", "", "", null, 431, -1, bodyLength, 0, false), next());

        ScgiServer scgi = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), HELLO, small).start();
        String pairs = "CONTENT_LENGTH\0" + "0\0SCGI\0" + "1\0REQUEST_METHOD\0GET\0PATH_INFO\0/big\0HTTP_X_BIG\0"
                + "x".repeat(100) + "\0";
        try (Socket s = new Socket("127.0.0.1", scgi.port())) {
            OutputStream out = s.getOutputStream();
            out.write((pairs.length() + ":" + pairs + ",").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            text = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } finally {
            scgi.shutdown();
        }
        assertTrue(text.startsWith("Status: 431") && text.contains("limit of 64 bytes"), text);
        bodyLength = text.length() - text.indexOf("\r\n\r\n") - 4;
        assertEquals(new RequestRecord("scgi", "", "", null, 431, -1, bodyLength, 0, false), next());
    }

    @Test
    void scgiRequestsAreObservedAsScgi() throws Exception {
        ScgiServer server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), HELLO, config).start();
        String pairs = "CONTENT_LENGTH\0" + "2\0SCGI\0" + "1\0REQUEST_METHOD\0POST\0PATH_INFO\0/p\0SCRIPT_NAME\0/app\0";
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write((pairs.length() + ":" + pairs + ",ab").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.getInputStream().readAllBytes();
        } finally {
            server.shutdown();
        }
        RequestRecord r = next();
        assertEquals(new RequestRecord("scgi", "POST", "/app/p", null, 200, 2, 5, r.durationNanos(), false), r);
    }

    /**
     * A FastCGI body that stops arriving is answered 408 by the gateway's connection loop, no
     * application called: the observer hears of it with the request's method, path and declared
     * length, as the HTTP server reports its own 408 for a stalled body.
     */
    @Test
    void aStalledFastCgiBodyIsObservedAsA408WithItsMethodAndPath() throws Exception {
        GatewayConfig quick = config.toBuilder().bodyTimeout(java.time.Duration.ofMillis(200)).build();
        Map<String, String> post = new java.util.HashMap<>(FastCgiWire.get("/stalled"));
        post.put("REQUEST_METHOD", "POST");
        post.put("CONTENT_LENGTH", "500");
        FastCgiServer server = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), HELLO, quick).start();
        String text;
        try (FastCgiWire wire = FastCgiWire.connect(server.port())) {
            text = wire.begin(1, FastCgiWire.RESPONDER, false).params(1, post).response(1).text();
        } finally {
            server.shutdown();
        }
        assertTrue(text.startsWith("Status: 408"), text);
        int bodyLength = text.length() - text.indexOf("\r\n\r\n") - 4;
        assertEquals(new RequestRecord("fastcgi", "POST", "/stalled", null, 408, 500, bodyLength, 0, false), next());
    }

    /**
     * The SCGI gateway's own 408s are observed too: for a body that stops arriving with the method,
     * path and declared length of its header block, for a header block that never completes without
     * them (nothing of it was read).
     */
    @Test
    void scgi408sAreObservedWithWhatTheRequestSaid() throws Exception {
        GatewayConfig quick = config.toBuilder().bodyTimeout(java.time.Duration.ofMillis(200))
                .headerTimeout(java.time.Duration.ofMillis(200)).build();
        ScgiServer server = ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), HELLO, quick).start();
        String pairs = "CONTENT_LENGTH\0" + "9\0SCGI\0" + "1\0REQUEST_METHOD\0PUT\0PATH_INFO\0/p\0SCRIPT_NAME\0/app\0";
        try {
            String stalledBody = scgiExchange(server.port(), pairs.length() + ":" + pairs + ",ab");
            assertTrue(stalledBody.startsWith("Status: 408"), stalledBody);
            assertEquals(new RequestRecord("scgi", "PUT", "/app/p", null, 408, 9, bodyLength(stalledBody), 0, false),
                    next());
            String stalledHead = scgiExchange(server.port(), "70:CONTENT_LENGTH");
            assertTrue(stalledHead.startsWith("Status: 408"), stalledHead);
            assertEquals(new RequestRecord("scgi", "", "", null, 408, -1, bodyLength(stalledHead), 0, false), next());
        } finally {
            server.shutdown();
        }
    }

    /** Sends {@code request} and reads until the gateway closes. */
    private static String scgiExchange(int port, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static int bodyLength(String response) {
        return response.length() - response.indexOf("\r\n\r\n") - 4;
    }

    @Test
    void theObserverIsPartOfTheConfigsPrintedForm() {
        GatewayConfig c = GatewayConfig.builder().observer(io.wsgi4j.observe.RequestObserver.NONE).build();
        assertEquals(GatewayConfig.defaults(), c);
        assertTrue(config.toString().contains(", observer="), config.toString());
    }
}
