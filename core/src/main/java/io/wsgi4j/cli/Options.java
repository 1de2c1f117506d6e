// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.cli;

import io.wsgi4j.server.ThreadMode;
import java.util.Locale;

/**
 * The parsed command line of {@link Main}: which application, how to reach it (the transport, HTTP
 * for now; gateways add theirs here), and the server options.
 *
 * <pre>{@code
 * Options o = Options.parse("com.example.Hello::app", "--port", "8080");
 * }</pre>
 *
 * @since 0.1
 */
public final class Options {
    /** The text {@code --help} prints. @since 0.1 */
    public static final String USAGE = String.join("\n",
            "usage: java -jar wsgi4j-core.jar [options] APP",
            "",
            "Serves a wsgi4j application on the embedded HTTP/1.1 server.",
            "",
            "  APP               the application: com.example.Hello::app (static field or method)",
            "                    or com.example.SimpleApp::new (constructor); its classes on -cp",
            "  --demo            serve the bundled demo app instead (Hello world! and the environ)",
            "  --host HOST       address to listen on (default 0.0.0.0, all interfaces)",
            "  --port PORT       port to listen on (default 8000; 0 picks a free one)",
            "  --threads MODE    auto, virtual, platform, or a number N for a pool of N platform",
            "                    threads (default auto: virtual threads on Java 21+)",
            "  --once            serve exactly one request, then exit (wsgiref's handle_request)",
            "  --debug           500 pages show the stack trace and environ (never in production)",
            "  --help            print this text",
            "",
            "example: java -cp app.jar:wsgi4j-core.jar io.wsgi4j.cli.Main com.example.Hello::app --port 8080");

    private String app;
    private boolean demo;
    private String host = "0.0.0.0";
    private int port = 8000;
    private ThreadMode threadMode = ThreadMode.AUTO;
    private int workers = -1;
    private boolean debug;
    private boolean once;
    private boolean help;
    private String transport = "http";

    private Options() {}

    /**
     * Parses the arguments; {@code --name value} and {@code --name=value} both work.
     *
     * @throws IllegalArgumentException for an unknown option, a missing or bad value, or no application
     * @since 0.1
     */
    public static Options parse(String... args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--help", "-h" -> o.help = true;
                case "--demo" -> o.demo = true;
                case "--debug" -> o.debug = true;
                case "--once" -> o.once = true;
                case "--host" -> o.host = value != null ? value : next(args, ++i, arg);
                case "--port" -> o.port = port(value != null ? value : next(args, ++i, arg));
                case "--threads" -> o.threads(value != null ? value : next(args, ++i, arg));
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option \"" + arg + "\"; see --help");
                    }
                    if (o.app != null) {
                        throw new IllegalArgumentException("one application expected, got \"" + o.app + "\" and \""
                                + arg + "\"");
                    }
                    o.app = arg;
                }
            }
        }
        if (!o.help && o.app == null && !o.demo) {
            throw new IllegalArgumentException("no application given; name one (com.example.Hello::app) or use"
                    + " --demo");
        }
        if (o.app != null && o.demo) {
            throw new IllegalArgumentException("give an application or --demo, not both (got \"" + o.app + "\")");
        }
        return o;
    }

    private static String next(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value; see --help");
        }
        return args[i];
    }

    private static int port(String v) {
        try {
            int p = Integer.parseInt(v);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--port must be a number 0..65535, got \"" + v + "\"");
    }

    private void threads(String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "auto" -> threadMode = ThreadMode.AUTO;
            case "virtual" -> threadMode = ThreadMode.VIRTUAL;
            case "platform" -> threadMode = ThreadMode.PLATFORM;
            default -> {
                try {
                    workers = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    workers = 0;
                }
                if (workers < 1) {
                    throw new IllegalArgumentException("--threads must be auto, virtual, platform or a pool size"
                            + " of at least 1, got \"" + v + "\"");
                }
                threadMode = ThreadMode.PLATFORM;
            }
        }
    }

    /** The application spec, or null with {@code --demo}. @since 0.1 */
    public String app() {
        return app;
    }

    /** Whether {@code --demo} was given. @since 0.1 */
    public boolean demo() {
        return demo;
    }

    /** The address to listen on; default {@code 0.0.0.0}. @since 0.1 */
    public String host() {
        return host;
    }

    /** The port; default 8000. @since 0.1 */
    public int port() {
        return port;
    }

    /** The thread mode; default {@link ThreadMode#AUTO}. @since 0.1 */
    public ThreadMode threadMode() {
        return threadMode;
    }

    /** The platform pool size from {@code --threads N}, or -1 for the default. @since 0.1 */
    public int workers() {
        return workers;
    }

    /** Whether {@code --debug} was given. @since 0.1 */
    public boolean debug() {
        return debug;
    }

    /** Whether {@code --once} was given: serve one request, then exit. @since 0.1 */
    public boolean once() {
        return once;
    }

    /** Whether {@code --help} was given. @since 0.1 */
    public boolean help() {
        return help;
    }

    /** The transport that serves the application; {@code http} (the embedded server). @since 0.1 */
    public String transport() {
        return transport;
    }
}
