// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.peers;

import io.wsgi4j.Application;
import io.wsgi4j.benchmarks.apps.HelloApp;
import io.wsgi4j.benchmarks.apps.MiddlewareStack;
import io.wsgi4j.benchmarks.apps.PassThrough;
import io.wsgi4j.gateway.FastCgiServer;
import io.wsgi4j.gateway.GatewayAddress;
import io.wsgi4j.gateway.ScgiServer;
import io.wsgi4j.server.HttpServer;
import io.wsgi4j.server.ServerConfig;
import io.wsgi4j.server.ThreadMode;
import java.time.Duration;
import java.util.Map;

/**
 * The wsgi4j servers of the load runs, all serving {@link HelloApp} with the full environ built for
 * every request:
 * <ul>
 *   <li>{@code wsgi4j}: the reference server, default configuration (threads chosen automatically);
 *   <li>{@code wsgi4j-platform}: the same on a platform-thread pool, to compare on Java 21+;
 *   <li>{@code wsgi4j-10}: ten pass-through layers around the app;
 *   <li>{@code wsgi4j-mw10}: ten real middleware layers that leave a hello-world response unchanged
 *       ({@link MiddlewareStack});
 *   <li>{@code wsgi4j-routed}: the hello app behind a router ({@code /plaintext}, {@code /items/{id:int}}),
 *       so that request events and metrics carry a route template (BENCHMARKS.md, "A load run recorded with JFR");
 *   <li>{@code wsgi4j-fastcgi}: the FastCGI gateway (no HTTP: reached through nginx by gateways.sh);
 *   <li>{@code wsgi4j-scgi}: the SCGI gateway (no HTTP: {@code SilentFlood} speaks SCGI to it).
 * </ul>
 * The one setting changed from the defaults: no cap on requests per connection, because no peer
 * has one and the cap would add reconnects to a run of a million requests.
 */
final class Wsgi4jPeers {
    private Wsgi4jPeers() {}

    static void register(Map<String, PeerMain.Peer> peers) {
        peers.put("wsgi4j", (h, p) -> http(h, p, HelloApp.INSTANCE, ThreadMode.AUTO));
        peers.put("wsgi4j-platform", (h, p) -> http(h, p, HelloApp.INSTANCE, ThreadMode.PLATFORM));
        peers.put("wsgi4j-10", (h, p) -> http(h, p, PassThrough.layers(10, HelloApp.INSTANCE), ThreadMode.AUTO));
        peers.put("wsgi4j-mw10", (h, p) -> http(h, p, MiddlewareStack.tenLayers(HelloApp.INSTANCE), ThreadMode.AUTO));
        peers.put("wsgi4j-routed", (h, p) -> http(h, p, io.wsgi4j.middleware.routing.Router.builder()
                .get("plaintext", "/plaintext", HelloApp.INSTANCE)
                .get("item", "/items/{id:int}", (env, sr) -> {
                    sr.start(io.wsgi4j.Status.OK, io.wsgi4j.Headers.of("Content-Type", "text/plain"));
                    return io.wsgi4j.Body.of("item " + io.wsgi4j.middleware.routing.Router.args(env).get("id"));
                })
                .build(), ThreadMode.AUTO));
        peers.put("wsgi4j-fastcgi", Wsgi4jPeers::fastCgi);
        peers.put("wsgi4j-scgi", Wsgi4jPeers::scgi);
    }

    private static String http(String host, int port, Application app, ThreadMode mode) throws Exception {
        ServerConfig config = ServerConfig.builder()
                .quiet(true)
                .threadMode(mode)
                .maxRequestsPerConnection(0)
                .shutdownGrace(Duration.ofSeconds(1))
                .build();
        HttpServer server = HttpServer.make(host, port, app, config).start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
        return "app=" + app + " config=" + config;
    }

    private static String scgi(String host, int port) throws Exception {
        ScgiServer server = ScgiServer.bind(GatewayAddress.tcp(host, port), HelloApp.INSTANCE).start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
        return "scgi=" + server;
    }

    private static String fastCgi(String host, int port) throws Exception {
        FastCgiServer server = FastCgiServer.bind(GatewayAddress.tcp(host, port), HelloApp.INSTANCE).start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
        return "fastcgi=" + server;
    }
}
