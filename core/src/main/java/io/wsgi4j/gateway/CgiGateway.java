// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.handler.Outcome;
import java.io.FileInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Runs an application once as a CGI program (RFC 3875): the request comes from the process
 * environment and standard input, the response goes to standard output — the Java form of
 * wsgiref's {@code CGIHandler().run(app)}. {@code wsgi.run_once} and {@code wsgi.multiprocess} are
 * true, {@code wsgi.multithread} false; {@code wsgi.errors} is standard error, which the web server
 * logs. While {@link #run(Application)} serves, {@code System.out} writes to standard error too, so
 * that a stray print (or a console logger that looks up {@code System.out} when it writes) never
 * lands in the response; a logger that kept the original standard output from before must be set
 * to standard error (Log4j 2: {@code follow="true"} or {@code target="SYSTEM_ERR"}).
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     System.exit(CgiGateway.run(MyApp::app));
 * }
 * }</pre>
 *
 * <p>A web server can also execute {@code java -cp APP_CLASSPATH io.wsgi4j.cli.Main --cgi
 * CLASS::member} directly; the samples ship a launcher script ({@code wsgi4j.cgi}) that does so.
 *
 * @since 0.1
 */
public final class CgiGateway {
    private CgiGateway() {
    }

    /**
     * Serves the one request this process was started for.
     *
     * @return the exit status: 0 when the response was complete, 1 when it was cut short
     * @since 0.1
     */
    public static int run(Application app) {
        // standard output is the response (RFC 3875 section 6): what the application or a library prints
        // with System.out (a debug line, a console logger) would land in it, ahead of the header section or
        // inside the body, so System.out writes to standard error, which the web server logs; the response
        // goes to the raw descriptor (System.out's PrintStream would also swallow write errors)
        PrintStream systemOut = System.out;
        systemOut.flush();
        System.setOut(System.err);
        try {
            return run(app, processEnvironment(), new FileInputStream(FileDescriptor.in),
                    new FileOutputStream(FileDescriptor.out), System.err);
        } finally {
            System.setOut(systemOut);
        }
    }

    /**
     * Serves one request from explicit CGI variables and streams (tests, or an embedding server).
     *
     * @return 0 when the response was complete, 1 when it was cut short
     * @since 0.1
     */
    public static int run(Application app, Map<String, String> variables, InputStream stdin, OutputStream stdout,
            PrintStream stderr) {
        Objects.requireNonNull(app, "app");
        // RFC 3875 section 4.1.2: no CONTENT_LENGTH, no body
        long declared = Math.max(0, GatewayEnviron.declaredLength(GatewayEnviron.contentLength(variables)));
        String problem = GatewayEnviron.problem(variables);
        BoundedInput input = new BoundedInput(stdin, declared);
        Environ environ = GatewayEnviron.build(variables, input, stderr, true);
        Application target = problem == null ? app : Refusal.badVariable(problem);
        Outcome outcome = new StreamHandler(stdout, "cgi").run(target, environ);
        input.end(); // R1.2, as on every transport (an embedding server's stream may carry more)
        return outcome == Outcome.ABORTED ? 1 : 0;
    }

    /**
     * This process's environment with every value's bytes intact (ISO-8859-1, PEP 3333's rule).
     * {@link System#getenv()} decodes with the platform charset, which under a web server is often
     * ASCII and turns a header's UTF-8 bytes into '?'; on Linux, {@code /proc/self/environ} has the
     * raw bytes. Elsewhere this falls back to {@link System#getenv()}.
     */
    static Map<String, String> processEnvironment() {
        Path environ = Path.of("/proc/self/environ");
        try {
            byte[] raw = Files.readAllBytes(environ);
            Map<String, String> vars = new LinkedHashMap<>();
            int start = 0;
            for (int i = 0; i <= raw.length; i++) {
                if (i == raw.length || raw[i] == 0) {
                    String entry = new String(raw, start, i - start, StandardCharsets.ISO_8859_1);
                    int eq = entry.indexOf('=');
                    if (eq > 0) {
                        vars.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
                    }
                    start = i + 1;
                }
            }
            return vars.isEmpty() ? System.getenv() : vars;
        } catch (IOException | SecurityException e) {
            return System.getenv();
        }
    }
}
