// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.testing.contract.ContractApp;
import io.wsgi4j.testing.contract.ContractResponse;
import io.wsgi4j.testing.contract.ContractTransport;
import io.wsgi4j.testing.contract.GatewayContract;
import io.wsgi4j.testing.contract.HttpWire;
import io.wsgi4j.testing.contract.TransportClauses;
import io.wsgi4j.testing.contract.TransportProbes;
import jakarta.servlet.http.HttpServlet;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway contract and the abort clauses on the Servlet bridge, plus the bridge's own clauses
 * (mounting, the raw target). A subclass starts one container with the servlets
 * mapped in context {@value #CONTEXT}: the contract app at {@code /app/*} (so SCRIPT_NAME is
 * {@code /ctx/app}), the failure probes at {@code /probe/*}, and the contract app again as the default
 * servlet {@code /}.
 */
abstract class ServletBridgeContract extends GatewayContract implements TransportClauses {
    static final String CONTEXT = "/ctx";

    private final ContractApp app = new ContractApp();
    private final TransportProbes probes = new TransportProbes();
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
        servlets.put("/probe/*", new WsgiServlet(probes));
        servlets.put("/", new WsgiServlet(app));
        Container container = start(servlets);
        port = container.port();
        return new WireTransport(port, CONTEXT + "/app", app, container.stop());
    }

    @Override
    public int probePort() {
        return port;
    }

    @Override
    public String probePrefix() {
        return CONTEXT + "/probe";
    }

    @Override
    public TransportProbes transportProbes() {
        return probes;
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
    public void withoutAHostServerNameAndPortAreTheBoundAddress() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("GET /ctx/app/env HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            List<String> env = List.of(response.substring(response.indexOf("\r\n\r\n") + 4).split("\n"));
            assertTrue(env.contains("SERVER_NAME=127.0.0.1"), response);
            assertTrue(env.contains("SERVER_PORT=" + port), response);
        }
    }

    @Test
    public void theDefaultMappingMountsTheAppAtTheContextPath() throws Exception {
        List<String> env = env("/ctx/env/x");
        assertTrue(env.contains("SCRIPT_NAME=/ctx"), env::toString);
        assertTrue(env.contains("PATH_INFO=/env/x"), env::toString);
    }
}
