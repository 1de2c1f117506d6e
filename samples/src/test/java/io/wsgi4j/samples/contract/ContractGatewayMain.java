// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.contract;

import io.wsgi4j.gateway.FastCgiServer;
import io.wsgi4j.gateway.GatewayAddress;
import io.wsgi4j.testing.contract.ContractApp;
import java.io.IOException;

/** Serves ContractApp over FastCGI at {@code args[0]} in a process of its own, for the load-balancing test. */
final class ContractGatewayMain {
    private ContractGatewayMain() {
    }

    public static void main(String[] args) throws IOException {
        FastCgiServer server = FastCgiServer.bind(GatewayAddress.parse(args[0]), new ContractApp());
        System.out.println("ready " + server.localAddress());
        System.out.flush();
        server.serveForever();
    }
}
