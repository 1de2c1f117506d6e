// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.contract;

import io.wsgi4j.UrlMap;
import io.wsgi4j.server.HttpServer;
import io.wsgi4j.testing.contract.ContractApp;
import io.wsgi4j.testing.contract.ContractResponse;
import io.wsgi4j.testing.contract.ContractTransport;
import io.wsgi4j.testing.contract.GatewayContract;
import io.wsgi4j.testing.contract.HttpWire;
import io.wsgi4j.testing.contract.TransportClauses;
import io.wsgi4j.testing.contract.TransportProbes;
import java.util.List;
import java.util.Map;

/**
 * The gateway contract and the clauses of a transport that speaks HTTP itself against the reference HTTP
 * server, spoken to directly over HTTP/1.1: the same clauses the Jetty adapter and the Servlet bridge run.
 */
class HttpServerContractTest extends GatewayContract implements TransportClauses {
    private final TransportProbes probes = new TransportProbes();
    private int port;

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

    @Override
    protected ContractTransport openTransport() {
        ContractApp app = new ContractApp();
        HttpServer server = HttpServer.make("127.0.0.1", 0, UrlMap.builder().mount("/probe", probes).mount("/", app)
                .build()).start();
        port = server.port();
        HttpWire wire = new HttpWire("127.0.0.1", server.port());
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
                server.shutdown();
            }
        };
    }
}
