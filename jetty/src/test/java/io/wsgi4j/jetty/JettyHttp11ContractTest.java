// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.UrlMap;
import io.wsgi4j.testing.contract.ContractResponse;
import io.wsgi4j.testing.contract.ContractTransport;
import io.wsgi4j.testing.contract.GatewayContract;
import io.wsgi4j.testing.contract.HttpWire;
import io.wsgi4j.testing.contract.ContractApp;
import java.io.EOFException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.junit.jupiter.api.Test;

/**
 * The contract on the Jetty adapter over HTTP/1.1 (a raw-socket client), plus the adapter's own
 * clauses: the raw target, a Jetty {@code ContextHandler} as SCRIPT_NAME, abort after headers, and
 * close on disconnect.
 */
class JettyHttp11ContractTest extends GatewayContract {
    private final ContractApp app = new ContractApp();
    private final ProbeApp probe = new ProbeApp();
    private int port;

    @Override
    protected ContractTransport openTransport() {
        JettyServer server = JettyServer.builder(UrlMap.builder().mount("/probe", probe).mount("/", app).build())
                .host("127.0.0.1").port(0).start();
        port = server.port();
        HttpWire wire = new HttpWire("127.0.0.1", port);
        return new ContractTransport() {
            @Override
            public ContractResponse send(String method, String target, Map<String, String> headers, byte[] body)
                    throws Exception {
                return wire.send(method, target, headers, body);
            }

            @Override
            public List<byte[]> arrivals(String target) throws Exception {
                return wire.arrivals(target);
            }

            @Override
            public void abandonUpload(String target, long declaredLength, int sentBytes) throws Exception {
                wire.abandonUpload(target, declaredLength, sentBytes);
            }

            @Override
            public long echoesCutShort() {
                return app.echoesCutShort();
            }

            @Override
            public void close() {
                server.stop();
            }
        };
    }

    private static List<String> env(int port, String target) throws Exception {
        ContractResponse r = new HttpWire("127.0.0.1", port).send("GET", target, Map.of(), null);
        assertEquals(200, r.status(), r::text);
        return List.of(r.text().split("\n"));
    }

    @Test
    public void anEncodedSlashSurvivesInTheRawTarget() throws Exception {
        List<String> env = env(port, "/env/a%2Fb?q=%2F");
        assertTrue(env.contains("wsgi4j.raw_target=/env/a%2Fb?q=%2F"), env::toString);
        assertTrue(env.contains("PATH_INFO=/env/a/b"), env::toString);
        assertTrue(env.contains("QUERY_STRING=q=%2F"), env::toString);
    }

    @Test
    public void aJettyContextHandlerAroundTheHandlerIsTheScriptName() throws Exception {
        JettyServer server = JettyServer.builder(app).host("127.0.0.1").port(0).build();
        server.jetty().setHandler(new ContextHandler(new WsgiHandler(app), "/shop"));
        server.start();
        try {
            List<String> env = env(server.port(), "/shop/env/a%20b");
            assertTrue(env.contains("SCRIPT_NAME=/shop"), env::toString);
            assertTrue(env.contains("PATH_INFO=/env/a b"), env::toString);
            assertTrue(env.contains("wsgi4j.raw_target=/shop/env/a%20b"), env::toString);
        } finally {
            server.stop();
        }
    }

    // ---------------------------------------------------------------- R5.4 abort after headers

    @Test
    public void anExceptionAfterTheHeadersLeavesAChunkedResponseWithoutItsLastChunk() throws Exception {
        RawExchange r = RawExchange.get(port, "/probe/abort-chunked");
        assertTrue(r.head().startsWith("HTTP/1.1 200"), r::head);
        assertEquals("chunked", r.header("Transfer-Encoding"), r::head);
        assertTrue(r.text().contains("first\n"), "the chunk sent before the failure arrived: " + r.text());
        assertThrows(EOFException.class, () -> HttpWire.dechunk(r.body()),
                () -> "the connection ended, but the body looks complete: " + r.text());
    }

    @Test
    public void anExceptionAfterTheHeadersLeavesAContentLengthResponseShort() throws Exception {
        RawExchange r = RawExchange.get(port, "/probe/abort-length");
        assertTrue(r.head().startsWith("HTTP/1.1 200"), r::head);
        assertEquals("1000", r.header("Content-Length"), r::head);
        assertEquals("0123456789", r.text(), "the bytes before the failure arrived, and nothing after them");
    }

    // ---------------------------------------------------------------- R4.4 close exactly once

    @Test
    public void theBodyIsClosedOnceWhenTheClientDisconnects() throws Exception {
        int before = probe.foreverClosed.get();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(30_000);
            s.getOutputStream().write("GET /probe/forever HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            StringBuilder seen = new StringBuilder();
            byte[] b = new byte[1024];
            while (!seen.toString().contains("tick")) {
                int n = in.read(b);
                assertTrue(n > 0, "the stream ended before its first tick: " + seen);
                seen.append(new String(b, 0, n, StandardCharsets.ISO_8859_1));
            }
            s.setSoLinger(true, 0); // leave with a reset, as a crashed client does
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (probe.foreverClosed.get() == before && System.nanoTime() < deadline) {
            Thread.sleep(10); // waiting for an event, not measuring time
        }
        assertEquals(before + 1, probe.foreverClosed.get(), "the endless body was closed after the client left");
        assertEquals(200, new HttpWire("127.0.0.1", port).send("GET", "/env", Map.of(), null).status());
        assertEquals(before + 1, probe.foreverClosed.get(), "closed exactly once");
    }
}
