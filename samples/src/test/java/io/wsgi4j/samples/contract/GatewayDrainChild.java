// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.contract;

import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.TermSignal;
import io.wsgi4j.gateway.FastCgiServer;
import io.wsgi4j.gateway.GatewayAddress;
import io.wsgi4j.gateway.GatewayServer;
import io.wsgi4j.gateway.ScgiServer;
import java.util.Arrays;

/**
 * The child JVM of {@link GatewayDrainOnSigtermTest}, speaking {@code SigtermBurst}'s protocol:
 * serves a slow application on the FastCGI or SCGI gateway ({@code fastcgi|scgi} as its argument),
 * prints {@code port N}, then {@code started} as each request enters the application, and drains
 * on SIGTERM.
 */
public final class GatewayDrainChild {
    static final int BODY_BYTES = 64 * 1024;

    private GatewayDrainChild() {}

    public static void main(String[] args) throws Exception {
        byte[] body = new byte[BODY_BYTES];
        Arrays.fill(body, (byte) 'x');
        io.wsgi4j.Application slow = (environ, startResponse) -> {
            synchronized (System.out) {
                System.out.println("started");
                System.out.flush();
            }
            Thread.sleep(400); // long enough that SIGTERM lands while requests are in the application
            startResponse.start(Status.OK, Headers.of("Content-Type", "application/octet-stream"));
            return Body.of(body);
        };
        GatewayAddress address = GatewayAddress.tcp("127.0.0.1", 0);
        GatewayServer server = args[0].equals("scgi") ? ScgiServer.bind(address, slow)
                : FastCgiServer.bind(address, slow);
        TermSignal.onTerm(server::shutdown);
        System.out.println("port " + server.port());
        System.out.flush();
        server.serveForever();
        System.out.println("drained " + server.readiness());
        System.out.flush();
    }
}
