// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.cli;

import io.wsgi4j.Application;
import io.wsgi4j.DemoApp;
import io.wsgi4j.server.HttpServer;
import io.wsgi4j.server.ServerConfig;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * The command line: serves any application by name, the Java form of {@code gunicorn module:app}.
 *
 * <pre>{@code
 * java -jar core/target/wsgi4j-core-0.1.0-SNAPSHOT.jar --demo --port 8000
 * java -cp myapp.jar:wsgi4j-core.jar io.wsgi4j.cli.Main com.example.Hello::app --port 8080
 * }</pre>
 *
 * <p>Exit status: 0 after {@code --help}, 2 for a bad command line or application, 1 when the server
 * cannot start (e.g. the port is taken). See {@link Options#USAGE} for the options.
 *
 * @since 0.1
 */
public final class Main {
    /** Serves an application over one transport (HTTP here; FastCGI, SCGI, CGI plug in the same way). */
    @FunctionalInterface
    interface Transport {
        void serve(Application app, Options options, PrintStream err);
    }

    private Main() {}

    /**
     * Runs the command line and exits with its status when it returns.
     *
     * @since 0.1
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the command line: parses {@code args}, loads the application, serves it until the
     * server stops. Returns the exit status instead of exiting, so it can be tested.
     *
     * @since 0.1
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        Application app;
        try {
            options = Options.parse(args);
            if (options.help()) {
                out.println(Options.USAGE);
                return 0;
            }
            app = options.demo() ? DemoApp.INSTANCE : AppSpec.load(options.app());
        } catch (IllegalArgumentException e) {
            err.println("wsgi4j: " + e.getMessage());
            err.println("try --help");
            return 2;
        }
        try {
            transport(options.transport()).serve(app, options, err);
            return 0;
        } catch (UncheckedIOException | IllegalStateException e) {
            err.println("wsgi4j: " + e.getMessage());
            return 1;
        }
    }

    private static Transport transport(String name) {
        return switch (name) {
            case "http" -> Main::serveHttp;
            default -> throw new IllegalArgumentException("unknown transport \"" + name + "\"");
        };
    }

    private static void serveHttp(Application app, Options options, PrintStream err) {
        ServerConfig.Builder config = ServerConfig.builder()
                .threadMode(options.threadMode())
                .debug(options.debug());
        if (options.workers() > 0) {
            config.workers(options.workers());
        }
        HttpServer server = HttpServer.make(options.host(), options.port(), app, config.build());
        if (options.once()) {
            err.println("Serving one request on " + server.host() + " port " + server.port() + " ...");
            try (server) {
                server.handleRequest();
            }
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.shutdown(), "wsgi4j-shutdown"));
        server.serveForever();
    }
}
