// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import io.wsgi4j.Application;
import io.wsgi4j.gateway.FastCgiServer;
import io.wsgi4j.gateway.GatewayAddress;
import io.wsgi4j.middleware.logging.LogSink;
import io.wsgi4j.server.HttpServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Runs KForge: on the reference HTTP server, or over FastCGI behind nginx.
 *
 * <pre>{@code
 * java -cp samples/target/wsgi4j-samples.jar io.wsgi4j.samples.kforge.KForgeServer
 * java -cp samples/target/wsgi4j-samples.jar io.wsgi4j.samples.kforge.KForgeServer --fastcgi 127.0.0.1:9000
 * }</pre>
 *
 * <p>Options: {@code --host} (default {@code 127.0.0.1}), {@code --port} (default 8080, 0 for a free
 * one), {@code --data} (default {@code kforge-data}), {@code --fastcgi ADDRESS} to serve FastCGI at
 * {@code host:port}, {@code unix:PATH} or {@code inherited} instead of HTTP, and
 * {@code --secure-cookies} when the site is reached over HTTPS. The pipeline is printed at start,
 * then one line {@code KForge ready at ...}.
 *
 * @since 0.1
 */
public final class KForgeServer {
    private static final Set<String> OPTIONS = Set.of("--host", "--port", "--data", "--fastcgi");

    private KForgeServer() {}

    /**
     * Starts KForge and serves until the process is stopped.
     *
     * @param args the options above
     * @throws IOException when the data directory cannot be loaded or the address bound
     * @throws IllegalArgumentException when an option is unknown or lacks its value
     * @since 0.1
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> opts = parse(args);
        Site site = Site.open(Path.of(opts.getOrDefault("--data", "kforge-data")));
        Application app = KForge.pipeline(site, KForge.sessionStore(site.dataDir()),
                opts.containsKey("--secure-cookies"), LogSink.of(System.out));
        System.out.println(app);
        System.out.println(site);
        if (opts.containsKey("--fastcgi")) {
            FastCgiServer fcgi = FastCgiServer.bind(GatewayAddress.parse(opts.get("--fastcgi")), app);
            System.out.println("KForge ready at fastcgi " + fcgi.localAddress());
            fcgi.serveForever();
            return;
        }
        HttpServer http = HttpServer.make(opts.getOrDefault("--host", "127.0.0.1"),
                Integer.parseInt(opts.getOrDefault("--port", "8080")), app);
        System.out.println("KForge ready at http://" + http.host() + ":" + http.port() + "/");
        http.serveForever();
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--secure-cookies")) {
                opts.put(args[i], "true");
            } else if (OPTIONS.contains(args[i]) && i + 1 < args.length) {
                opts.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option or missing value at \"" + args[i] + "\"; options:"
                        + " --host H --port N --data DIR --fastcgi ADDRESS --secure-cookies");
            }
        }
        return opts;
    }
}
