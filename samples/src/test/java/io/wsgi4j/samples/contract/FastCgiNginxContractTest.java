// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.contract;

import io.wsgi4j.gateway.FastCgiServer;
import io.wsgi4j.gateway.GatewayAddress;
import io.wsgi4j.testing.contract.ContractApp;
import io.wsgi4j.testing.contract.ContractTransport;
import io.wsgi4j.testing.contract.GatewayContract;
import io.wsgi4j.testing.contract.NginxProcess;
import java.util.List;

/**
 * The gateway contract through nginx's {@code fastcgi_pass} over TCP with FCGI_KEEP_CONN on: an
 * upstream keepalive pool, so one FastCGI connection carries many requests. Mounted at the root.
 */
class FastCgiNginxContractTest extends GatewayContract {
    @Override
    protected ContractTransport openTransport() throws Exception {
        NginxProcess.assumeInstalled();
        ContractApp app = new ContractApp();
        FastCgiServer gateway = FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), app).start();
        NginxProcess nginx = NginxProcess.start(""
                + "location / {\n"
                + "  fastcgi_pass wsgi4j;\n"
                + "  fastcgi_keep_conn on;\n"
                + "  fastcgi_request_buffering off;\n"
                + "  include fastcgi_params;\n"
                + "  fastcgi_param SCRIPT_NAME \"\";\n"
                + "  fastcgi_param PATH_INFO $uri;\n"
                + "}\n",
                "upstream wsgi4j { server 127.0.0.1:" + gateway.port() + "; keepalive 8; }\n");
        return new NginxTransport(nginx, "", app, List.of(gateway));
    }
}
