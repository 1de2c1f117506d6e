// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.simpletest;

import io.wsgi4j.DemoApp;
import io.wsgi4j.server.HttpServer;

/**
 * The second seed's {@code simpletest.py}: the reference server with the bundled demo application,
 * serving until the process is killed, or serving exactly one request and exiting.
 *
 * <p>Run: {@code java -cp samples/target/wsgi4j-samples.jar io.wsgi4j.samples.simpletest.SimpleTest}
 * (forever), or with the argument {@code once} (one request, then exit). Visit
 * {@code http://localhost:8000/} to see {@code Hello world!} followed by the request's environ.
 *
 * @since 0.1
 */
public final class SimpleTest {
    private SimpleTest() {}

    /**
     * Makes the server: the demo application on all interfaces.
     *
     * @param port the port, 0 for a free one
     * @return the bound server, not yet serving
     * @since 0.1
     */
    public static HttpServer make(int port) {
        return HttpServer.make("", port, DemoApp.INSTANCE);
    }

    /**
     * Serves on port 8000: forever, or for one request when the first argument is {@code once}.
     *
     * @param args {@code once} to answer one request and exit
     * @since 0.1
     */
    public static void main(String[] args) {
        HttpServer httpd = make(8000);
        if (args.length > 0 && args[0].equals("once")) {
            System.out.println("Serving one HTTP request on port " + httpd.port() + "...");
            // Alternative: serve one request, then exit
            httpd.handleRequest();
            httpd.close();
        } else {
            // Respond to requests until process is killed (the server prints its start line)
            httpd.serveForever();
        }
    }
}
