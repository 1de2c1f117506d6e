// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.testing.contract.NginxProcess;
import io.wsgi4j.testing.external.SigtermBurst;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The drain lifecycle of the FastCGI and SCGI gateways end to end (core's {@code DrainOnSigtermTest}
 * does it for the HTTP server, which needs no web server in front): a real SIGTERM reaches a gateway
 * child JVM during a burst of requests sent through nginx; every request that entered the
 * application gets its whole response, the others are refused (nginx answers 502 when its only
 * backend refuses), and the child exits 0. Skipped when nginx is not installed.
 */
class GatewayDrainOnSigtermTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fastcgi", "scgi"})
    @DisplayName("SIGTERM to a gateway during a burst through nginx: every accepted request completes, exit 0")
    void sigtermDrainsInFlightRequestsAndExitsZero(String protocol) throws Exception {
        NginxProcess.assumeInstalled();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        SigtermBurst child = SigtermBurst.start(List.of(java, "-cp", System.getProperty("java.class.path"),
                GatewayDrainChild.class.getName(), protocol));
        String location = "location / {\n  " + protocol + "_pass 127.0.0.1:" + child.port() + ";\n  include "
                + protocol + "_params;\n}\n";
        try (NginxProcess nginx = NginxProcess.start(location, "")) {
            SigtermBurst.Result result = child.burst(nginx.port(), 8, GatewayDrainChild.BODY_BYTES);

            result.assertDrained();
            // the child's own line after shutdown() returned; its log (standard error, the same pipe) may come after
            assertTrue(result.output().contains("drained Readiness(draining)"), result.output()::toString);
            assertTrue(result.output().stream().anyMatch(l -> l.endsWith(" gateway: every request in flight finished")),
                    result.output()::toString);
        }
    }
}
