// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.UrlMap;
import io.wsgi4j.testing.contract.ContractApp;
import io.wsgi4j.testing.contract.ContractResponse;
import io.wsgi4j.testing.contract.ContractTransport;
import io.wsgi4j.testing.contract.GatewayContract;
import io.wsgi4j.testing.contract.HttpWire;
import io.wsgi4j.testing.contract.TransportClauses;
import io.wsgi4j.testing.contract.TransportProbes;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.junit.jupiter.api.Test;

/**
 * The contract and the abort clauses on the Jetty adapter over HTTP/1.1 (a raw-socket client), plus
 * the adapter's own clauses: the raw target, and a Jetty {@code ContextHandler} as SCRIPT_NAME.
 */
class JettyHttp11ContractTest extends GatewayContract implements TransportClauses {
    private final ContractApp app = new ContractApp();
    private final TransportProbes probes = new TransportProbes();
    private int port;

    @Override
    protected ContractTransport openTransport() {
        JettyServer server = JettyServer.builder(UrlMap.builder().mount("/probe", probes).mount("/", app).build())
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

    @Override
    public int probePort() {
        return port;
    }

    @Override
    public String probePrefix() {
        return "/probe";
    }

    @Override
    public TransportProbes transportProbes() {
        return probes;
    }

    private static List<String> env(int port, String target) throws Exception {
        ContractResponse r = new HttpWire("127.0.0.1", port).send("GET", target, Map.of(), null);
        assertEquals(200, r.status(), r::text);
        return List.of(r.text().split("\n"));
    }

    @Test
    public void anEncodedSlashStaysInPathInfoAsJettyRoutedIt() throws Exception {
        // Jetty routed one segment "a%2Fb" (a handler in front decided on that): decoded, the path would be
        // one no handler saw; the raw target, whose path would decode to "/env/a/b", is left out (R2.16)
        List<String> env = env(port, "/env/a%2Fb?q=%2F");
        assertTrue(env.contains("PATH_INFO=/env/a%2Fb"), env::toString);
        assertTrue(env.stream().noneMatch(e -> e.startsWith("wsgi4j.raw_target=")), env::toString);
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
}
