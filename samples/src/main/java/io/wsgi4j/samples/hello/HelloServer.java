// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.hello;

import io.wsgi4j.server.HttpServer;

/**
 * Serves {@link Hello#application} with the one-line {@code serve(app, host, port)} form, as the first
 * seed does with Paste's {@code httpserver.serve(application, host='', port='8000')}.
 *
 * <p>Run: {@code java -cp samples/target/wsgi4j-samples.jar io.wsgi4j.samples.hello.HelloServer}, then
 * visit {@code http://localhost:8000/}.
 *
 * @since 0.1
 */
public final class HelloServer {
    private HelloServer() {}

    /**
     * Serves on all interfaces, port 8000 (or the port given as the first argument), until killed.
     *
     * @param args optionally the port
     * @since 0.1
     */
    public static void main(String[] args) {
        HttpServer.serve(Hello::application, "", args.length > 0 ? Integer.parseInt(args[0]) : 8000);
    }
}
