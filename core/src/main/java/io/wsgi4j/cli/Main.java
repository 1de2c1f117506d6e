// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.cli;

import io.wsgi4j.Application;
import io.wsgi4j.DemoApp;
import io.wsgi4j.TermSignal;
import io.wsgi4j.gateway.CgiGateway;
import io.wsgi4j.gateway.FastCgiServer;
import io.wsgi4j.gateway.GatewayServer;
import io.wsgi4j.gateway.ScgiServer;
import io.wsgi4j.server.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * The command line: serves any application by name, the Java form of {@code gunicorn module:app}.
 *
 * <pre>{@code
 * java -jar core/target/wsgi4j-core-0.1.0-SNAPSHOT.jar --demo --port 8000
 * java -cp myapp.jar:wsgi4j-core-0.1.0-SNAPSHOT.jar io.wsgi4j.cli.Main com.example.Hello::app --port 8080
 * }</pre>
 *
 * <p>Exit status: 0 after {@code --help}, 2 for a bad command line or application, 1 when the server
 * cannot start (e.g. the port is taken). See {@link Options#USAGE} for the options.
 *
 * @since 0.1
 */
public final class Main {
    /** Serves an application over one transport until it stops; returns the exit status. */
    @FunctionalInterface
    interface Transport {
        int serve(Application app, Options options, PrintStream err) throws IOException;
    }

    private Main() {}

    /**
     * Runs the command line and exits with its status when it returns.
     *
     * @since 0.1
     */
    public static void main(String[] args) {
        oneLineLogRecords();
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * The server, the gateways and {@code wsgi.errors} log through System.Logger, which is
     * java.util.logging unless a bridge is installed; its default format spends two lines on each
     * record (a stack trace line included). Unless the user configured java.util.logging, records
     * are one line each: time, level, logger, message.
     */
    private static void oneLineLogRecords() {
        if (System.getProperty("java.util.logging.config.file") == null
                && System.getProperty("java.util.logging.config.class") == null
                && System.getProperty(JUL_FORMAT) == null) {
            System.setProperty(JUL_FORMAT, "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        }
    }

    static final String JUL_FORMAT = "java.util.logging.SimpleFormatter.format";

    /**
     * Runs the command line: parses {@code args}, loads the application, serves it until the
     * server stops. Returns the exit status instead of exiting, so it can be tested.
     *
     * @since 0.1
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            return usageError(e, err);
        }
        if (options.help()) {
            out.println(Options.usage());
            return 0;
        }
        if (!options.transport().equals("cgi")) {
            return loadAndServe(options, out, err);
        }
        // under CGI standard output is the response from its first byte (RFC 3875 section 6), and the process
        // serves one request: what the application prints while it loads (a static initializer, a factory)
        // would precede the header section of every response, so System.out writes to standard error from
        // here on, as CgiGateway.run(app) has it while it serves
        PrintStream systemOut = System.out;
        systemOut.flush();
        System.setOut(err);
        try {
            return loadAndServe(options, out, err);
        } finally {
            System.setOut(systemOut);
        }
    }

    private static int usageError(IllegalArgumentException e, PrintStream err) {
        err.println("wsgi4j: " + e.getMessage());
        err.println("try --help");
        return 2;
    }

    /** Loads the application the options name and serves it; returns the exit status. */
    private static int loadAndServe(Options options, PrintStream out, PrintStream err) {
        Application app;
        try {
            app = options.demo() ? DemoApp.INSTANCE : AppSpec.load(options.app());
            if (options.accessLog() != null) {
                // under CGI standard output is the response (RFC 3875 section 6): a log line there would
                // precede its header section, so "-" means standard error, which the web server logs
                app = AccessLogOption.wrap(app, options.accessLog(), options.transport().equals("cgi") ? err : out);
            }
        } catch (ApplicationStartFailure e) {
            // the application's own code threw: where it did matters more than the options
            err.println("wsgi4j: " + e.getMessage());
            e.getCause().printStackTrace(err);
            return 2;
        } catch (IllegalArgumentException e) {
            return usageError(e, err);
        }
        try {
            return transport(options.transport()).serve(app, options, err);
        } catch (IOException e) {
            err.println("wsgi4j: cannot serve: " + e.getMessage());
            return 1;
        } catch (UncheckedIOException | IllegalStateException e) {
            err.println("wsgi4j: " + e.getMessage());
            return 1;
        }
    }

    private static Transport transport(String name) {
        return switch (name) {
            case "http" -> Main::serveHttp;
            case "fastcgi", "scgi" -> (app, o, err) -> serveUntilStopped(bindGateway(app, o));
            case "cgi" -> (app, o, err) -> CgiGateway.run(app);
            default -> throw new IllegalArgumentException("unknown transport \"" + name + "\"");
        };
    }

    /**
     * The FastCGI or SCGI gateway the options ask for, bound and not yet serving.
     *
     * @throws UncheckedIOException naming the address when it cannot be bound (the gateway's own
     *     message, which puts the address before the JDK's)
     */
    static GatewayServer bindGateway(Application app, Options o) {
        try {
            return o.transport().equals("scgi") ? ScgiServer.bind(o.gatewayAddress(), app, o.gatewayConfig())
                    : FastCgiServer.bind(o.gatewayAddress(), app, o.gatewayConfig());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e); // the gateway's message names the address
        }
    }

    private static int serveUntilStopped(GatewayServer server) throws IOException {
        TermSignal.onTerm(server::shutdown);
        server.serveForever();
        return 0;
    }

    private static int serveHttp(Application app, Options options, PrintStream err) {
        HttpServer server = HttpServer.make(options.host(), options.port(), app, options.serverConfig());
        if (options.once()) {
            err.println("Serving one request on " + server.host() + " port " + server.port() + " ...");
            try (server) {
                server.handleRequest();
            }
            return 0;
        }
        TermSignal.onTerm(server::shutdown);
        server.serveForever();
        return 0;
    }
}
