// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.testing.contract.ContractResponse;
import io.wsgi4j.testing.contract.ContractTransport;
import io.wsgi4j.testing.contract.GatewayContract;
import io.wsgi4j.testing.contract.HttpWire;
import io.wsgi4j.testing.contract.ContractApp;
import jakarta.servlet.http.HttpServlet;
import java.io.EOFException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The gateway contract on the Servlet bridge, plus the bridge's own clauses (mounting, raw target,
 * abort after headers, close on disconnect). A subclass starts one container with the servlets
 * mapped in context {@value #CONTEXT}: the contract app at {@code /app/*} (so SCRIPT_NAME is
 * {@code /ctx/app}), the probes at {@code /probe/*}, and the contract app again as the default
 * servlet {@code /}.
 */
abstract class ServletBridgeContract extends GatewayContract {
    static final String CONTEXT = "/ctx";

    private final ContractApp app = new ContractApp();
    private final ProbeApp probe = new ProbeApp();
    private int port;

    /** A started container: its port and how to stop it. */
    record Container(int port, AutoCloseable stop) {
    }

    /**
     * Starts the container with {@code servlets} (URL pattern to servlet) in context {@value #CONTEXT},
     * configured to pass an encoded {@code /} through to the servlet.
     */
    protected abstract Container start(Map<String, HttpServlet> servlets) throws Exception;

    @Override
    protected final ContractTransport openTransport() throws Exception {
        Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        servlets.put("/app/*", new WsgiServlet(app));
        servlets.put("/probe/*", new WsgiServlet(probe));
        servlets.put("/", new WsgiServlet(app));
        Container container = start(servlets);
        port = container.port();
        return new WireTransport(port, CONTEXT + "/app", app, container.stop());
    }

    private List<String> env(String target) throws Exception {
        ContractResponse r = new HttpWire("127.0.0.1", port).send("GET", target, Map.of(), null);
        assertEquals(200, r.status(), r::text);
        return List.of(r.text().split("\n"));
    }

    // ---------------------------------------------------------------- mounting and the raw target

    @Test
    public void scriptNameIsContextPlusServletPathAndPathInfoTheRestOfTheRawUri() throws Exception {
        List<String> env = env("/ctx/app/env/a%20b?x=%41");
        assertTrue(env.contains("SCRIPT_NAME=/ctx/app"), env::toString);
        assertTrue(env.contains("PATH_INFO=/env/a b"), env::toString);
        assertTrue(env.contains("QUERY_STRING=x=%41"), env::toString);
        assertTrue(env.contains("wsgi4j.raw_target=/ctx/app/env/a%20b?x=%41"), env::toString);
    }

    @Test
    public void anEncodedSlashSurvivesInTheRawTarget() throws Exception {
        List<String> env = env("/ctx/app/env/a%2Fb");
        assertTrue(env.contains("wsgi4j.raw_target=/ctx/app/env/a%2Fb"), env::toString);
        assertTrue(env.contains("PATH_INFO=/env/a/b"), env::toString);
        assertTrue(env.contains("SCRIPT_NAME=/ctx/app"), env::toString);
    }

    @Test
    public void theDefaultMappingMountsTheAppAtTheContextPath() throws Exception {
        List<String> env = env("/ctx/env/x");
        assertTrue(env.contains("SCRIPT_NAME=/ctx"), env::toString);
        assertTrue(env.contains("PATH_INFO=/env/x"), env::toString);
    }

    // ---------------------------------------------------------------- R5.4 abort after headers

    @Test
    public void anExceptionAfterTheHeadersLeavesAChunkedResponseWithoutItsLastChunk() throws Exception {
        RawExchange r = RawExchange.get(port, CONTEXT + "/probe/abort-chunked");
        assertTrue(r.head().startsWith("HTTP/1.1 200"), r::head);
        assertEquals("chunked", r.header("Transfer-Encoding"), r::head);
        assertTrue(r.text().contains("first\n"), "the chunk sent before the failure arrived: " + r.text());
        assertThrows(EOFException.class, () -> HttpWire.dechunk(r.body()),
                () -> "the connection ended, but the body looks complete: " + r.text());
    }

    @Test
    public void anExceptionAfterTheHeadersLeavesAContentLengthResponseShort() throws Exception {
        RawExchange r = RawExchange.get(port, CONTEXT + "/probe/abort-length");
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
            s.getOutputStream().write(("GET " + CONTEXT + "/probe/forever HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
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
        // a later request runs its own body; the first one must not be closed a second time meanwhile
        assertEquals(200, new HttpWire("127.0.0.1", port).send("GET", CONTEXT + "/app/env", Map.of(), null).status());
        assertEquals(before + 1, probe.foreverClosed.get(), "closed exactly once");
    }
}
