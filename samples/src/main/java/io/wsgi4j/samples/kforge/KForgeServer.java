// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import io.wsgi4j.Application;
import io.wsgi4j.TermSignal;
import io.wsgi4j.gateway.FastCgiServer;
import io.wsgi4j.gateway.GatewayAddress;
import io.wsgi4j.middleware.logging.LogSink;
import io.wsgi4j.middleware.proxy.ProxyFix;
import io.wsgi4j.middleware.session.SessionStore;
import io.wsgi4j.server.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

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
 * {@code --secure-cookies} when the site is reached over HTTPS, {@code --sessions JDBC_URL} to keep sessions
 * in PostgreSQL (shared by several KForge processes) instead of the data directory, {@code --help}.
 * SIGTERM drains (requests in flight finish) and the process exits 0. The pipeline is
 * printed at start, then one line {@code KForge ready at ...}.
 *
 * @since 0.1
 */
public final class KForgeServer {
    private static final Set<String> OPTIONS = Set.of("--host", "--port", "--data", "--fastcgi", "--sessions",
            "--trusted-proxies");

    /** What {@code --help} prints, and what follows a wrong option. */
    static final String USAGE = """
            Usage: java -cp wsgi4j-samples.jar io.wsgi4j.samples.kforge.KForgeServer [options]
              --host HOST        address to listen on (default 127.0.0.1)
              --port N           port to listen on, 0 for any free one (default 8080)
              --data DIR         where KForge keeps its data (default kforge-data)
              --fastcgi ADDRESS  serve FastCGI at host:port, unix:PATH or inherited instead of HTTP
              --sessions URL     keep sessions in PostgreSQL (jdbc:postgresql://...) instead of DIR/sessions
              --secure-cookies   mark the session cookie Secure (when the site is reached over HTTPS)
              --trusted-proxies N  HTTP only: trust the last N proxies' X-Forwarded-For and -Proto
                                 (1 behind one nginx; default 0: the peer's address is the client's)
              --help             print this and exit
            """;

    private KForgeServer() {}

    /**
     * Starts KForge and serves until the process is stopped. A wrong option or a failed start (the
     * port in use, an unreadable data directory) prints one clear message, no stack trace, removes the
     * data directory if this start created it, and exits with status 2 (usage) or 1 (start).
     *
     * @param args the options above
     * @since 0.1
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs as {@link #main} does and returns the exit status instead of exiting (0 after serving). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> opts;
        try {
            opts = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("kforge: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (opts.containsKey("--help")) {
            out.print(USAGE);
            return 0;
        }
        Path dataDir = Path.of(opts.getOrDefault("--data", "kforge-data"));
        boolean existed = Files.exists(dataDir);
        String where = opts.containsKey("--fastcgi") ? "fastcgi " + opts.get("--fastcgi")
                : opts.getOrDefault("--host", "127.0.0.1") + ":" + opts.getOrDefault("--port", "8080");
        Server server;
        try {
            server = start(opts, dataDir, out);
        } catch (BindException e) {
            removeIfCreated(dataDir, existed, err);
            String other = opts.containsKey("--fastcgi") ? "another address with --fastcgi HOST:PORT"
                    : "another port with --port N (0 picks a free one)";
            err.println("kforge: cannot listen on " + where + ": " + e.getMessage() + ". Another server may be"
                    + " using it: stop it, or choose " + other + ".");
            return 1;
        } catch (IOException | RuntimeException e) {
            removeIfCreated(dataDir, existed, err);
            err.println("kforge: cannot start on " + where + " with data in " + dataDir + ": " + e);
            return 1;
        }
        TermSignal.onTerm(server::shutdown);
        try {
            server.serveForever();
        } catch (IOException e) {
            err.println("kforge: stopped serving on " + where + ": " + e.getMessage());
            return 1;
        }
        return 0;
    }

    /** The bound server, not yet serving. */
    private interface Server {
        void serveForever() throws IOException;

        void shutdown();
    }

    private static Server start(Map<String, String> opts, Path dataDir, PrintStream out) throws IOException {
        Site site = Site.open(dataDir);
        SessionStore sessions = opts.containsKey("--sessions") ? KForge.sessionStore(opts.get("--sessions"))
                : KForge.sessionStore(site.dataDir());
        Application app = KForge.pipeline(site, sessions,
                opts.containsKey("--secure-cookies"), LogSink.of(System.out));
        if (opts.containsKey("--fastcgi")) {
            FastCgiServer fcgi = FastCgiServer.bind(GatewayAddress.parse(opts.get("--fastcgi")), app);
            out.println(app);
            out.println(site);
            out.println("KForge ready at fastcgi " + fcgi.localAddress());
            return new Server() {
                @Override
                public void serveForever() throws IOException {
                    fcgi.serveForever();
                }

                @Override
                public void shutdown() {
                    fcgi.shutdown();
                }
            };
        }
        int proxies = Integer.parseInt(opts.getOrDefault("--trusted-proxies", "0"));
        if (proxies > 0) {
            // outermost, so the access log and the login throttle see the client, not the proxy
            app = ProxyFix.builder().trustedHops(proxies).build().wrap(app);
        }
        HttpServer http;
        try {
            http = HttpServer.make(opts.getOrDefault("--host", "127.0.0.1"),
                    Integer.parseInt(opts.getOrDefault("--port", "8080")), app);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BindException bind) {
                throw bind; // its message says "Address already in use"
            }
            throw e;
        }
        out.println(app);
        out.println(site);
        out.println("KForge ready at http://" + http.host() + ":" + http.port() + "/");
        return new Server() {
            @Override
            public void serveForever() {
                http.serveForever();
            }

            @Override
            public void shutdown() {
                http.shutdown();
            }
        };
    }

    /** A failed first start leaves no empty data directory behind (an existing one is never touched). */
    private static void removeIfCreated(Path dataDir, boolean existed, PrintStream err) {
        if (existed || !Files.exists(dataDir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dataDir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            err.println("kforge: could not remove " + dataDir + " after the failed start: " + e.getMessage());
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--secure-cookies") || args[i].equals("--help") || args[i].equals("-h")) {
                opts.put(args[i].equals("-h") ? "--help" : args[i], "true");
            } else if (OPTIONS.contains(args[i]) && i + 1 < args.length) {
                opts.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException(OPTIONS.contains(args[i])
                        ? args[i] + " needs a value" : "unknown option \"" + args[i] + "\"");
            }
        }
        String port = opts.getOrDefault("--port", "8080");
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("--port needs a number from 0 to 65535, got \"" + port + "\"");
        }
        String proxies = opts.getOrDefault("--trusted-proxies", "0");
        if (!proxies.matches("\\d")) {
            throw new IllegalArgumentException("--trusted-proxies needs a number from 0 to 9, got \"" + proxies + "\"");
        }
        if (opts.containsKey("--fastcgi") && !proxies.equals("0")) {
            throw new IllegalArgumentException("--trusted-proxies is for HTTP: behind FastCGI the web server passes"
                    + " the client's address itself (REMOTE_ADDR)");
        }
        return opts;
    }
}
