// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import io.wsgi4j.Application;
import java.net.http.HttpClient;

/** The contract on the Jetty adapter over h2c: HTTP/2 without TLS, reached by {@code Upgrade: h2c}. */
class JettyH2cContractTest extends JettyHttp2Contract {
    @Override
    protected JettyServer.Builder server(Application app) {
        return JettyServer.builder(app).host("127.0.0.1").port(0).http2Cleartext();
    }

    @Override
    protected HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    }

    @Override
    protected String base(JettyServer server) {
        return "http://127.0.0.1:" + server.port();
    }
}
