// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.cli;

import io.wsgi4j.gateway.GatewayAddress;
import io.wsgi4j.gateway.GatewayConfig;
import io.wsgi4j.net.Workers;
import io.wsgi4j.server.ServerConfig;
import io.wsgi4j.server.ThreadMode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parsed command line of {@link Main}: which application, how to reach it (the embedded HTTP
 * server or a gateway), and the server's options and limits, with environment variables as
 * fallback.
 *
 * <pre>{@code
 * Options o = Options.parse("com.example.Hello::app", "--port", "8080");
 * }</pre>
 *
 * @since 0.1
 */
public final class Options {
    /**
     * The text {@code --help} prints; {@code VERSION} stands for the version of the jar
     * ({@link #usage()} fills it in).
     *
     * @since 0.1
     */
    public static final String USAGE = String.join("\n",
            "usage: java -cp CLASSPATH io.wsgi4j.cli.Main [options] APP",
            "   or: java -jar wsgi4j-core-VERSION.jar [options] --demo",
            "",
            "Serves a wsgi4j application on the embedded HTTP/1.1 server, or behind a web server",
            "through FastCGI, SCGI or CGI. CLASSPATH holds the application, wsgi4j-core-VERSION.jar and",
            "whatever else the application needs; java -jar works on a jar that bundles them all (this",
            "project's samples/target/wsgi4j-samples.jar does).",
            "",
            "  APP               the application: com.example.Hello::app (static field or method)",
            "                    or com.example.SimpleApp::new (constructor); its classes on -cp",
            "  --demo            serve the bundled demo app instead (Hello world! and the environ);",
            "                    it listens on 127.0.0.1 unless --host says otherwise",
            "  --host HOST       address to listen on (default 0.0.0.0, all interfaces)",
            "  --port PORT       port to listen on (default 8000; 0 picks a free one)",
            "  --threads MODE    auto, virtual, platform, or a number N for a pool of N platform",
            "                    threads (default auto: virtual threads on Java 21+)",
            "  --once            serve exactly one request, then exit (wsgiref's handle_request)",
            "  --access-log FILE one Common Log Format line per request, appended to FILE, or to",
            "                    standard output for - (standard error with --cgi, whose standard",
            "                    output is the response); needs wsgi4j-middleware on the class path",
            "  --fastcgi ADDR    serve FastCGI instead of HTTP; ADDR is HOST:PORT, unix:PATH, or",
            "                    inherited (the socket a web server passed as descriptor 0)",
            "  --scgi ADDR       serve SCGI instead of HTTP; ADDR is HOST:PORT or unix:PATH",
            "  --cgi             serve the one CGI request in this process's environment and stdin",
            "  --readiness-path PATH",
            "                    answer GET PATH 200 while serving, 503 once shutting down (probes)",
            "  --allowed-peers IPS",
            "                    FastCGI/SCGI over TCP: only these comma-separated peer addresses may",
            "                    connect (default: FCGI_WEB_SERVER_ADDRS when set, else any)",
            "  --unix-socket-permissions PERMS",
            "                    FastCGI/SCGI on unix:PATH: the socket file's permissions, as ls",
            "                    shows them (rw-rw----); default the umask's",
            "  --debug           500 pages show the stack trace and environ (never in production)",
            "  --help            print this text",
            "",
            "Limits (sizes: 65536, 64K, 16M; times: 500ms, 30s, 2m, or seconds, at most 24 hours); each",
            "applies to the HTTP server and the gateways unless marked [HTTP] (the HTTP server only),",
            "[gateways] (FastCGI and SCGI) or [FastCGI]; the defaults differ between server and gateways",
            "(see ServerConfig and GatewayConfig):",
            limitLines(),
            "",
            "Environment: an option not on the command line is read from WSGI4J_ and its name in",
            "capitals (WSGI4J_HOST, WSGI4J_PORT, WSGI4J_THREADS, WSGI4J_ACCESS_LOG, WSGI4J_MAX_BODY_BYTES,",
            "WSGI4J_READINESS_PATH, ...); PORT is read when WSGI4J_PORT is not set. The command line wins",
            "over both. A variable the chosen transport does not use is ignored; such an option is an",
            "error (--host, --port, --once and --debug are the HTTP server's; --cgi takes none of them,",
            "nor --threads, --readiness-path or a limit).",
            "",
            "example: java -cp app.jar:wsgi4j-core-VERSION.jar io.wsgi4j.cli.Main com.example.Hello::app --port 8080");

    private String app;
    private boolean demo;
    private String host;
    private int port = 8000;
    private ThreadMode threadMode = ThreadMode.AUTO;
    /** Where {@code virtual} came from ({@code --threads} or {@code WSGI4J_THREADS}), for the message. */
    private String threadsSource;
    private int workers = -1;
    private boolean debug;
    private boolean once;
    private boolean help;
    private String transport = "http";
    private GatewayAddress gatewayAddress;
    private String accessLog;
    private final ServerConfig.Builder limits = ServerConfig.builder();
    private final GatewayConfig.Builder gatewayLimits = GatewayConfig.builder();
    /** Options given on the command line that not every transport has, checked against the transport at the end. */
    private final Set<String> given = new LinkedHashSet<>();

    private Options() {}

    /**
     * Parses the arguments, with the process environment as fallback (see {@link #USAGE});
     * {@code --name value} and {@code --name=value} both work.
     *
     * @throws IllegalArgumentException for an unknown option, a missing or bad value, or no application
     * @since 0.1
     */
    public static Options parse(String... args) {
        return parse(System.getenv(), args);
    }

    /**
     * Parses the arguments, reading options the command line leaves out from {@code environment}:
     * {@code WSGI4J_HOST}, {@code WSGI4J_PORT} (else {@code PORT}), {@code WSGI4J_THREADS},
     * {@code WSGI4J_ACCESS_LOG} and {@code WSGI4J_} plus each limit's name ({@code WSGI4J_MAX_BODY_BYTES}).
     *
     * @throws IllegalArgumentException for an unknown option, a missing or bad value (naming the
     *     option or variable it came from), or no application
     * @since 0.2
     */
    public static Options parse(Map<String, String> environment, String... args) {
        Options o = new Options();
        Map<String, IllegalArgumentException> badVariables = o.readEnvironment(environment);
        Set<String> named = new java.util.HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            named.add(arg);
            switch (arg) {
                case "--help", "-h" -> o.help = true;
                case "--demo" -> o.demo = true;
                case "--debug" -> {
                    o.debug = true;
                    o.given.add(arg);
                }
                case "--once" -> {
                    o.once = true;
                    o.given.add(arg);
                }
                case "--host" -> {
                    o.host = value != null ? value : next(args, ++i, arg);
                    o.given.add(arg);
                }
                case "--port" -> {
                    o.port = port(arg, value != null ? value : next(args, ++i, arg));
                    o.given.add(arg);
                }
                case "--threads" -> {
                    o.threads(arg, value != null ? value : next(args, ++i, arg));
                    o.given.add(arg);
                }
                case "--access-log" -> o.accessLog = accessLog(arg, value != null ? value : next(args, ++i, arg));
                case "--fastcgi", "--scgi" -> o.gateway(arg, value != null ? value : next(args, ++i, arg));
                case "--cgi" -> o.gateway(arg, null);
                case "--readiness-path" -> {
                    o.readinessPath(arg, value != null ? value : next(args, ++i, arg));
                    o.given.add(arg);
                }
                case "--allowed-peers" -> {
                    o.allowedPeers(arg, value != null ? value : next(args, ++i, arg));
                    o.given.add(arg);
                }
                case "--unix-socket-permissions" -> {
                    o.socketPermissions(arg, value != null ? value : next(args, ++i, arg));
                    o.given.add(arg);
                }
                default -> {
                    Limit limit = Limit.forOption(arg);
                    if (limit != null) {
                        limit.apply(o.limits, o.gatewayLimits, arg, value != null ? value : next(args, ++i, arg));
                        o.given.add(arg);
                        continue;
                    }
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
        o.checkGivenFitTheTransport();
        for (Map.Entry<String, IllegalArgumentException> bad : badVariables.entrySet()) {
            // the command line wins over the variable, and one the transport does not use is ignored
            if (!named.contains(bad.getKey()) && o.uses(bad.getKey())) {
                throw bad.getValue();
            }
        }
        o.checkVirtualThreadsExist();
        if (o.host == null) {
            // the demo echoes the whole environ (headers, cookies): only this machine sees it unless asked
            o.host = o.demo ? "127.0.0.1" : "0.0.0.0";
        }
        return o;
    }

    /**
     * Applies the variables that are set; a bad value is kept, under the option it stands for, to be
     * refused only if the command line does not give that option and the transport uses it.
     */
    private Map<String, IllegalArgumentException> readEnvironment(Map<String, String> env) {
        Map<String, IllegalArgumentException> bad = new java.util.LinkedHashMap<>();
        String h = env.get("WSGI4J_HOST");
        if (h != null && !h.isBlank()) {
            host = h.trim();
        }
        if (env.get("WSGI4J_PORT") != null) {
            read(bad, "--port", () -> port = port("WSGI4J_PORT", env.get("WSGI4J_PORT").trim()));
        } else if (env.get("PORT") != null) {
            read(bad, "--port", () -> port = port("PORT", env.get("PORT").trim()));
        }
        if (env.get("WSGI4J_THREADS") != null) {
            read(bad, "--threads", () -> threads("WSGI4J_THREADS", env.get("WSGI4J_THREADS").trim()));
        }
        if (env.get("WSGI4J_ACCESS_LOG") != null) {
            read(bad, "--access-log", () -> accessLog = accessLog("WSGI4J_ACCESS_LOG",
                    env.get("WSGI4J_ACCESS_LOG").trim()));
        }
        for (Limit l : Limit.values()) {
            String v = env.get(l.variable());
            if (v != null) {
                read(bad, l.option(), () -> l.apply(limits, gatewayLimits, l.variable(), v));
            }
        }
        if (env.get("WSGI4J_READINESS_PATH") != null) {
            read(bad, "--readiness-path", () -> readinessPath("WSGI4J_READINESS_PATH",
                    env.get("WSGI4J_READINESS_PATH").trim()));
        }
        if (env.get("WSGI4J_ALLOWED_PEERS") != null) {
            read(bad, "--allowed-peers", () -> allowedPeers("WSGI4J_ALLOWED_PEERS", env.get("WSGI4J_ALLOWED_PEERS")));
        }
        if (env.get("WSGI4J_UNIX_SOCKET_PERMISSIONS") != null) {
            read(bad, "--unix-socket-permissions", () -> socketPermissions("WSGI4J_UNIX_SOCKET_PERMISSIONS",
                    env.get("WSGI4J_UNIX_SOCKET_PERMISSIONS").trim()));
        }
        return bad;
    }

    private static void read(Map<String, IllegalArgumentException> bad, String option, Runnable apply) {
        try {
            apply.run();
        } catch (IllegalArgumentException e) {
            bad.putIfAbsent(option, e);
        }
    }

    /** Whether the chosen transport has any use for {@code option} (given as option or variable). */
    private boolean uses(String option) {
        if (option.equals("--access-log")) {
            return true;
        }
        if (transport.equals("cgi")) {
            return false;
        }
        Limit l = Limit.forOption(option);
        if (l != null) {
            return transport.equals("http") ? l.forServer()
                    : l.forGateways() && !(transport.equals("scgi") && l.fastCgiOnly());
        }
        return switch (option) {
            case "--host", "--port" -> transport.equals("http");
            case "--allowed-peers", "--unix-socket-permissions" -> !transport.equals("http");
            default -> true; // --threads, --readiness-path
        };
    }

    private void readinessPath(String source, String path) {
        try {
            limits.readinessPath(path);
            gatewayLimits.readinessPath(path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
    }

    /**
     * The gateway compares a connecting peer's address with each entry as written (IPv6 parsed), so a
     * host name, a port, a range or a zero-padded IPv4 address matches no connection: the gateway would
     * start and then refuse every request. Refused here instead, naming the entry.
     */
    private void allowedPeers(String source, String list) {
        List<String> peers = GatewayConfig.parsePeers(list);
        for (String peer : peers) {
            if (!isIpAddress(peer)) {
                throw new IllegalArgumentException(source + " takes IP addresses, comma-separated (10.0.0.1,::1),"
                        + " without host names, ports or ranges; got \"" + peer + "\"");
            }
        }
        gatewayLimits.allowedPeers(peers);
    }

    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[0-9A-Za-z_.-]+)?");

    /** An IPv4 address in its one dotted form, or an IPv6 literal (with or without a %scope). */
    private static boolean isIpAddress(String peer) {
        if (IPV4.matcher(peer).matches()) {
            return true;
        }
        if (!IPV6_LITERAL.matcher(peer).matches()) {
            return false;
        }
        int scope = peer.indexOf('%');
        try {
            // a string with a colon is parsed as an IPv6 literal (::ffff:10.0.0.1 included), never looked up
            InetAddress.getByName(scope < 0 ? peer : peer.substring(0, scope));
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void socketPermissions(String source, String permissions) {
        try {
            gatewayLimits.unixSocketPermissions(permissions);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
    }

    /**
     * An option the chosen transport has no use for is a mistake worth saying (a variable is not:
     * the environment may serve several processes).
     */
    private void checkGivenFitTheTransport() {
        for (String option : given) {
            Limit l = Limit.forOption(option);
            String problem = null;
            if (transport.equals("cgi")) {
                problem = "does nothing with --cgi, which serves the one request in its environment";
            } else if (HTTP_ONLY.contains(option)) {
                problem = transport.equals("http") ? null : httpOnly(option);
            } else if (option.equals("--threads") || option.equals("--readiness-path")) {
                problem = null; // the HTTP server and both gateways have them
            } else if (transport.equals("http") && (l == null || !l.forServer())) {
                problem = "is for the FastCGI and SCGI gateways; add --fastcgi ADDR or --scgi ADDR, or leave it out";
            } else if (!transport.equals("http") && l != null && !l.forGateways()) {
                problem = "is a limit of the HTTP server; behind --" + transport + " the web server in front reads"
                        + " the HTTP request, so set that limit there";
            } else if (transport.equals("scgi") && (l != null && l.fastCgiOnly())) {
                problem = "is a FastCGI limit; SCGI carries one request per connection with one header block";
            }
            if (problem != null) {
                throw new IllegalArgumentException(option + " " + problem);
            }
        }
    }

    /**
     * Said here, in the option's words, and as a usage error: the server would refuse it later, naming
     * ThreadMode constants. CGI has no threads, so there the variable stays ignored.
     */
    private void checkVirtualThreadsExist() {
        if (threadMode == ThreadMode.VIRTUAL && !transport.equals("cgi") && !Workers.virtualAvailable()) {
            throw new IllegalArgumentException(threadsSource + (threadsSource.startsWith("--") ? " " : "=")
                    + "virtual needs Java 21 or later, this is Java " + Runtime.version().feature()
                    + "; use auto (virtual threads where there are any) or platform");
        }
    }

    /** Options only the embedded HTTP server has. */
    private static final Set<String> HTTP_ONLY = Set.of("--host", "--port", "--once", "--debug");

    private String httpOnly(String option) {
        return switch (option) {
            case "--host", "--port" -> "is for the HTTP server; --" + transport + " listens on the address given"
                    + " to it (--" + transport + " HOST:PORT)";
            case "--once" -> "is for the HTTP server; --" + transport + " serves until it is stopped";
            default -> "is for the HTTP server's 500 pages; behind --" + transport + " they show no details";
        };
    }

    private static String limitLines() {
        StringBuilder b = new StringBuilder();
        for (Limit l : Limit.values()) {
            String left = "  " + l.option() + (l.kind == Limit.Kind.TIME ? " TIME" : " N");
            String scope = l.fastCgiOnly() ? " [FastCGI]" : !l.forGateways() ? " [HTTP]"
                    : !l.forServer() ? " [gateways]" : "";
            b.append(left).append(" ".repeat(Math.max(1, 38 - left.length()))).append(l.help).append(scope)
                    .append('\n');
        }
        b.setLength(b.length() - 1);
        return b.toString();
    }

    /**
     * {@link #USAGE} with {@code VERSION} replaced by this jar's version (from its manifest), or by
     * {@code <version>} when run from classes rather than a jar.
     *
     * @since 0.2
     */
    public static String usage() {
        String v = Options.class.getPackage().getImplementationVersion();
        return USAGE.replace("VERSION", v != null ? v : "<version>");
    }

    private void gateway(String option, String address) {
        String name = option.substring(2);
        if (!transport.equals("http")) {
            throw new IllegalArgumentException("one transport expected, got --" + transport + " and " + option);
        }
        if (address != null) {
            try {
                gatewayAddress = GatewayAddress.parse(address);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + ": " + e.getMessage());
            }
            if (name.equals("scgi") && gatewayAddress.kind() == GatewayAddress.Kind.INHERITED) {
                throw new IllegalArgumentException("--scgi takes HOST:PORT or unix:PATH, got \"" + address + "\"");
            }
        }
        transport = name;
    }

    private static String next(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value; see --help");
        }
        return args[i];
    }

    private static int port(String source, String v) {
        try {
            int p = Integer.parseInt(v);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(source + " must be a number 0..65535, got \"" + v + "\"");
    }

    private static String accessLog(String source, String v) {
        if (v.isEmpty()) {
            throw new IllegalArgumentException(source + " needs a file name, or - for standard output");
        }
        return v;
    }

    private void threads(String source, String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "auto" -> threadMode = ThreadMode.AUTO;
            case "virtual" -> {
                threadMode = ThreadMode.VIRTUAL;
                threadsSource = source;
            }
            case "platform" -> threadMode = ThreadMode.PLATFORM;
            default -> {
                int n;
                try {
                    n = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    n = 0;
                }
                if (n < 1) {
                    throw new IllegalArgumentException(source + " must be auto, virtual, platform or a pool size"
                            + " of at least 1, got \"" + v + "\"");
                }
                try {
                    // the builders own the upper bound; checked now so a too large pool is a usage error,
                    // not an exception when the server is made
                    limits.workers(n);
                    gatewayLimits.workers(n);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ": " + e.getMessage() + " (from \"" + v + "\")");
                }
                workers = n;
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

    /**
     * The address to listen on; default {@code 0.0.0.0}, or {@code 127.0.0.1} with {@code --demo}.
     *
     * @since 0.1
     */
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

    /**
     * The transport that serves the application: {@code http} (the embedded server, the default),
     * {@code fastcgi}, {@code scgi} or {@code cgi}.
     *
     * @since 0.1
     */
    public String transport() {
        return transport;
    }

    /** The address given to {@code --fastcgi} or {@code --scgi}, or null. @since 0.1 */
    public GatewayAddress gatewayAddress() {
        return gatewayAddress;
    }

    /**
     * Where {@code --access-log} sends one line per request: a file name, {@code -} for standard
     * output (standard error under {@code --cgi}, where standard output is the response), or null for
     * no access log.
     *
     * @since 0.2
     */
    public String accessLog() {
        return accessLog;
    }

    /**
     * The HTTP server's configuration: the limits given as options or environment variables, the
     * thread mode, the pool size and {@code --debug}; everything else is the default.
     *
     * @since 0.2
     */
    public ServerConfig serverConfig() {
        ServerConfig.Builder b = limits.build().toBuilder().threadMode(threadMode).debug(debug);
        if (workers > 0) {
            b.workers(workers);
        }
        return b.build();
    }

    /**
     * The FastCGI and SCGI gateways' configuration: the limits they share with the HTTP server and
     * their own ones ({@code --max-params-bytes}, ...), given as options or environment variables,
     * {@code --readiness-path}, {@code --allowed-peers}, {@code --unix-socket-permissions}, the
     * thread mode and the pool size; everything else is the default.
     *
     * @since 0.2
     */
    public GatewayConfig gatewayConfig() {
        GatewayConfig.Builder b = gatewayLimits.build().toBuilder().threadMode(threadMode);
        if (workers > 0) {
            b.workers(workers);
        }
        return b.build();
    }
}
