// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.fastcgi;

import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.gateway.FastCgiServer;
import io.wsgi4j.gateway.GatewayAddress;
import java.io.IOException;

/**
 * The second seed's last example: serve an unchanged application over FastCGI behind a "proper"
 * web server. In Python that was {@code WSGIServer(app).run()} (flup); in Java it is one line of
 * {@link #main}. {@code samples/src/main/nginx/fastcgi-hello.conf} is the nginx side.
 *
 * <pre>{@code
 * java -cp wsgi4j-samples.jar io.wsgi4j.samples.fastcgi.FastCgiHello 127.0.0.1:9000
 * java -cp wsgi4j-samples.jar io.wsgi4j.samples.fastcgi.FastCgiHello unix:/run/hello.sock
 * spawn-fcgi -p 9000 -- java -cp wsgi4j-samples.jar io.wsgi4j.samples.fastcgi.FastCgiHello inherited
 * }</pre>
 *
 * @since 0.1
 */
public final class FastCgiHello {
    private FastCgiHello() {
    }

    /** The application: any application would do; this is the seed's hello world. @since 0.1 */
    public static Iterable<byte[]> app(Environ environ, StartResponse startResponse) {
        startResponse.start("200 OK", Headers.of("Content-Type", "text/plain"));
        return Body.of("Hello world!\n");
    }

    /**
     * Serves {@link #app} over FastCGI at the address in {@code args[0]} (default {@code 127.0.0.1:9000};
     * {@code unix:PATH} and {@code inherited} work too) until the process is stopped.
     *
     * @since 0.1
     */
    public static void main(String[] args) throws IOException {
        String where = args.length > 0 ? args[0] : "127.0.0.1:9000";
        FastCgiServer.bind(GatewayAddress.parse(where), FastCgiHello::app).serveForever();
    }
}
