// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.server;

import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.TermSignal;
import java.time.Duration;

/**
 * The child JVM of {@link DrainOnSigtermTest}: serves a slow application on a free port, prints
 * {@code port N}, then {@code started} as each request enters the application, and drains on SIGTERM.
 */
public final class DrainChild {
    /** How many bytes each response carries, so a cut-off response is visible to the parent. */
    static final int BODY_BYTES = 64 * 1024;

    private DrainChild() {}

    public static void main(String[] args) {
        byte[] body = new byte[BODY_BYTES];
        java.util.Arrays.fill(body, (byte) 'x');
        ServerConfig config = ServerConfig.builder().readinessPath("/ready").quiet(true)
                .shutdownGrace(Duration.ofSeconds(20)).build();
        HttpServer server = HttpServer.make("127.0.0.1", 0, (environ, startResponse) -> {
            synchronized (System.out) {
                System.out.println("started");
                System.out.flush();
            }
            Thread.sleep(400); // long enough that SIGTERM lands while requests are in the application
            startResponse.start(Status.OK, Headers.of("Content-Type", "application/octet-stream"));
            return Body.of(body);
        }, config);
        TermSignal.onTerm(server::shutdown);
        System.out.println("port " + server.port());
        System.out.flush();
        server.serveForever();
        System.out.println("drained " + server.readiness());
        System.out.flush();
    }
}
