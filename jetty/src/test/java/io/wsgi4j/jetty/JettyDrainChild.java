// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.TermSignal;
import java.time.Duration;
import java.util.Arrays;

/**
 * The child JVM of {@link JettyDrainTest}'s SIGTERM test, speaking {@code SigtermBurst}'s protocol:
 * serves a slow application on the Jetty adapter, prints {@code port N}, then {@code started} as
 * each request enters the application, and drains on SIGTERM.
 */
public final class JettyDrainChild {
    static final int BODY_BYTES = 64 * 1024;

    private JettyDrainChild() {}

    public static void main(String[] args) {
        byte[] body = new byte[BODY_BYTES];
        Arrays.fill(body, (byte) 'x');
        JettyServer server = JettyServer.builder((environ, startResponse) -> {
            synchronized (System.out) {
                System.out.println("started");
                System.out.flush();
            }
            Thread.sleep(400); // long enough that SIGTERM lands while requests are in the application
            startResponse.start(Status.OK, Headers.of("Content-Type", "application/octet-stream"));
            return Body.of(body);
        }).host("127.0.0.1").port(0).readinessPath("/ready").shutdownGrace(Duration.ofSeconds(20)).start();
        TermSignal.onTerm(server::stop);
        System.out.println("port " + server.port());
        System.out.flush();
        server.join();
        System.out.println("drained " + server.readiness());
        System.out.flush();
    }
}
