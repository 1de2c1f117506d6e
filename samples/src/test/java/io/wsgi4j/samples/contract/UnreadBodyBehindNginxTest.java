// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.gateway.FastCgiServer;
import io.wsgi4j.gateway.GatewayAddress;
import io.wsgi4j.gateway.GatewayServer;
import io.wsgi4j.gateway.ScgiServer;
import io.wsgi4j.testing.contract.ContractApp;
import io.wsgi4j.testing.contract.ContractResponse;
import io.wsgi4j.testing.contract.HttpWire;
import io.wsgi4j.testing.contract.NginxProcess;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.TestInstance;

/**
 * A 1 MiB POST to a route that answers without reading its body, through a real nginx that streams
 * the body (request buffering off): the gateway closes the connection while nginx is still sending,
 * and must close lingering. On 0.1 it closed with the body unread, the kernel sent a reset, and
 * nginx dropped the response and answered 502 ({@code writev() failed (104: Connection reset by
 * peer) while sending request to upstream}) in 4 runs of 5.
 */
class UnreadBodyBehindNginxTest {
    private static final byte[] BODY = new byte[1 << 20];

    abstract static class Behind {
        private GatewayServer gateway;
        private NginxProcess nginx;

        abstract GatewayServer gateway() throws Exception;

        abstract String location(int port);

        String upstream(int port) {
            return "";
        }

        @BeforeAll
        void start() throws Exception {
            NginxProcess.assumeInstalled();
            gateway = gateway();
            nginx = NginxProcess.start(location(gateway.port()), upstream(gateway.port()));
        }

        @AfterAll
        void stop() throws Exception {
            if (nginx != null) {
                nginx.close();
            }
            if (gateway != null) {
                gateway.shutdown();
            }
        }

        @RepeatedTest(20)
        void answers200ToALargePostWhoseBodyTheAppNeverReads() throws Exception {
            ContractResponse r = new HttpWire("127.0.0.1", nginx.port())
                    .send("POST", "/env", Map.of("Content-Type", "application/octet-stream"), BODY);
            assertEquals(200, r.status(), () -> "nginx log:\n" + nginx.log());
            assertTrue(r.text().contains("CONTENT_LENGTH=" + BODY.length), r::text);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class FastCgiWithoutKeepConn extends Behind {
        @Override
        GatewayServer gateway() throws Exception {
            return FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), new ContractApp()).start();
        }

        @Override
        String location(int port) {
            return "location / {\n"
                    + "  fastcgi_pass 127.0.0.1:" + port + ";\n"
                    + "  fastcgi_keep_conn off;\n"
                    + "  fastcgi_request_buffering off;\n"
                    + "  include fastcgi_params;\n"
                    + "  fastcgi_param SCRIPT_NAME \"\";\n"
                    + "  fastcgi_param PATH_INFO $uri;\n"
                    + "}\n";
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class FastCgiWithKeepConn extends Behind {
        @Override
        GatewayServer gateway() throws Exception {
            return FastCgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), new ContractApp()).start();
        }

        @Override
        String location(int port) {
            return "location / {\n"
                    + "  fastcgi_pass wsgi4j;\n"
                    + "  fastcgi_keep_conn on;\n"
                    + "  fastcgi_request_buffering off;\n"
                    + "  include fastcgi_params;\n"
                    + "  fastcgi_param SCRIPT_NAME \"\";\n"
                    + "  fastcgi_param PATH_INFO $uri;\n"
                    + "}\n";
        }

        @Override
        String upstream(int port) {
            return "upstream wsgi4j { server 127.0.0.1:" + port + "; keepalive 8; }\n";
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Scgi extends Behind {
        @Override
        GatewayServer gateway() throws Exception {
            return ScgiServer.bind(GatewayAddress.parse("127.0.0.1:0"), new ContractApp()).start();
        }

        @Override
        String location(int port) {
            return "location / {\n"
                    + "  scgi_pass 127.0.0.1:" + port + ";\n"
                    + "  include scgi_params;\n"
                    + "  scgi_param SCRIPT_NAME \"\";\n"
                    + "  scgi_param PATH_INFO $uri;\n"
                    + "}\n";
        }
    }
}
