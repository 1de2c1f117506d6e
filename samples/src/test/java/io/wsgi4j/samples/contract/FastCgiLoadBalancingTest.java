// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.testing.contract.ContractResponse;
import io.wsgi4j.testing.contract.HttpWire;
import io.wsgi4j.testing.contract.NginxProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Scaling out: nginx load-balances two FastCGI gateway processes; one is killed mid-run, and every
 * GET still gets its own complete, uncorrupted response from the survivor.
 */
class FastCgiLoadBalancingTest {
    @Test
    void getRequestsFailOverWhenOneOfTwoGatewayProcessesIsKilled() throws Exception {
        NginxProcess.assumeInstalled();
        int portA = NginxProcess.freePort();
        int portB = NginxProcess.freePort();
        List<Process> processes = new ArrayList<>();
        try {
            Process a = launch(portA);
            processes.add(a);
            processes.add(launch(portB));
            try (NginxProcess nginx = NginxProcess.start(""
                    + "location / {\n"
                    + "  fastcgi_pass pair;\n"
                    + "  fastcgi_keep_conn on;\n"
                    + "  fastcgi_next_upstream error timeout;\n"
                    + "  include fastcgi_params;\n"
                    + "  fastcgi_param SCRIPT_NAME \"\";\n"
                    + "  fastcgi_param PATH_INFO $uri;\n"
                    + "}\n",
                    "upstream pair { server 127.0.0.1:" + portA + "; server 127.0.0.1:" + portB + "; keepalive 8; }\n")) {
                HttpWire wire = new HttpWire("127.0.0.1", nginx.port());
                for (int i = 0; i < 60; i++) {
                    if (i == 20) {
                        a.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                        assertFalse(a.isAlive());
                    }
                    int n = 40_000 + i;
                    ContractResponse r = wire.send("GET", "/big?n=" + n, Map.of(), null);
                    assertEquals(200, r.status(), () -> "request " + n + "\n" + nginx.log());
                    byte[] body = r.body();
                    assertEquals(n, body.length, "request " + n + " got a body of another length");
                    for (int j = 0; j < n; j++) {
                        if (body[j] != (byte) (j % 251)) {
                            throw new AssertionError("request " + n + ": byte " + j + " is corrupted");
                        }
                    }
                }
                byte[] upload = "after the failover".getBytes(StandardCharsets.US_ASCII);
                ContractResponse echo = wire.send("POST", "/echo", Map.of(), upload);
                assertEquals(200, echo.status());
                assertEquals("after the failover", echo.text());
                assertTrue(nginx.log().contains("127.0.0.1:" + portA), "nginx noticed the dead gateway:\n" + nginx.log());
            }
        } finally {
            for (Process p : processes) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Process launch(int port) throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(javaBin, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ContractGatewayMain.class.getName(), "127.0.0.1:" + port)
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("ready")) {
            // log lines before the gateway is bound
        }
        if (line == null) {
            throw new IllegalStateException("the gateway process on port " + port + " exited before binding");
        }
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        drain.setDaemon(true);
        drain.start();
        return p;
    }
}
