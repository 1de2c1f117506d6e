// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.contract;

import io.wsgi4j.gateway.FastCgiServer;
import io.wsgi4j.gateway.GatewayAddress;
import io.wsgi4j.gateway.GatewayConfig;
import io.wsgi4j.testing.contract.ContractApp;
import io.wsgi4j.testing.contract.ContractTransport;
import io.wsgi4j.testing.contract.GatewayContract;
import io.wsgi4j.testing.contract.NginxProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The gateway contract through nginx's {@code fastcgi_pass} to a Unix domain socket with
 * FCGI_KEEP_CONN off (a connection per request), the app mounted under {@code /app} with
 * {@code fastcgi_split_path_info} supplying both SCRIPT_NAME and PATH_INFO.
 */
class FastCgiUnixSocketNginxContractTest extends GatewayContract {
    @Override
    protected ContractTransport openTransport() throws Exception {
        NginxProcess.assumeInstalled();
        ContractApp app = new ContractApp();
        Path socket = Files.createTempDirectory("wsgi4j-fcgi-").resolve("gateway.sock");
        FastCgiServer gateway = FastCgiServer.bind(GatewayAddress.unix(socket), app,
                GatewayConfig.builder().unixSocketPermissions("rw-rw----").build()).start();
        NginxProcess nginx = NginxProcess.start(""
                + "location /app/ {\n"
                + "  fastcgi_pass unix:" + socket + ";\n"
                + "  fastcgi_keep_conn off;\n"
                + "  fastcgi_request_buffering off;\n"
                + "  fastcgi_split_path_info ^(/app)(/.*)$;\n"
                + "  include fastcgi_params;\n"
                + "  fastcgi_param SCRIPT_NAME $fastcgi_script_name;\n"
                + "  fastcgi_param PATH_INFO $fastcgi_path_info;\n"
                + "}\n", "");
        return new NginxTransport(nginx, "/app", app, List.of(gateway));
    }
}
