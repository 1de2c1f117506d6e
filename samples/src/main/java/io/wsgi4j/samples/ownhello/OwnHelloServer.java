// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.ownhello;

import io.wsgi4j.Application;
import io.wsgi4j.server.HttpServer;

/**
 * Serves "My Own Hello World" on the reference server: the function form by default, the class form
 * when asked, exactly as the second seed swaps {@code simple_app} for {@code SimpleApp}.
 *
 * <p>Run: {@code java -cp samples/target/wsgi4j-samples.jar io.wsgi4j.samples.ownhello.OwnHelloServer}
 * (function) or with the argument {@code class} (class), then visit {@code http://localhost:8000/}.
 *
 * @since 0.1
 */
public final class OwnHelloServer {
    private OwnHelloServer() {}

    /**
     * Returns the application the command line asks for.
     *
     * @param args {@code class} for {@link SimpleApp}, anything else (or nothing) for {@link SimpleAppFunction}
     * @return {@code SimpleApp::new} or {@code SimpleAppFunction::app}
     * @since 0.1
     */
    public static Application choose(String... args) {
        // httpd = make_server('', 8000, simple_app); the same but using a class: SimpleApp
        return args.length > 0 && args[0].equals("class") ? SimpleApp::new : SimpleAppFunction::app;
    }

    /**
     * Serves the chosen form on all interfaces, port 8000, until killed.
     *
     * @param args {@code class} to serve the class form
     * @since 0.1
     */
    public static void main(String[] args) {
        // the server prints "Serving HTTP on 0.0.0.0 port 8000 ..." as it starts
        HttpServer.make("", 8000, choose(args)).serveForever();
    }
}
