// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.contract;

import io.wsgi4j.server.HttpServer;
import io.wsgi4j.testing.contract.ContractApp;
import io.wsgi4j.testing.contract.ContractResponse;
import io.wsgi4j.testing.contract.ContractTransport;
import io.wsgi4j.testing.contract.GatewayContract;
import io.wsgi4j.testing.contract.HttpWire;
import java.util.List;
import java.util.Map;

/** The gateway contract against the reference HTTP server, spoken to directly over HTTP/1.1. */
class HttpServerContractTest extends GatewayContract {
    @Override
    protected ContractTransport openTransport() {
        ContractApp app = new ContractApp();
        HttpServer server = HttpServer.make("127.0.0.1", 0, app).start();
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
