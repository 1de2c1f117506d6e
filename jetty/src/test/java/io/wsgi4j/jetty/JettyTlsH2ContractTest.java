// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import io.wsgi4j.Application;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;

/** The contract on the Jetty adapter over TLS with h2 chosen by ALPN, with a key store made at test time. */
class JettyTlsH2ContractTest extends JettyHttp2Contract {
    private Path keyStore;

    @Override
    protected JettyServer.Builder server(Application app) throws Exception {
        keyStore = TestKeyStore.create(Files.createTempDirectory("wsgi4j-tls"));
        return JettyServer.builder(app).host("127.0.0.1").noPlainConnector().tls(0, keyStore, TestKeyStore.PASSWORD);
    }

    @Override
    protected HttpClient client() throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .sslContext(TestKeyStore.trusting(keyStore)).build();
    }

    @Override
    protected String base(JettyServer server) {
        return "https://127.0.0.1:" + server.tlsPort();
    }
}
