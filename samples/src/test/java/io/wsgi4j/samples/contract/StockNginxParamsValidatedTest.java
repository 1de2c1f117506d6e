// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.gateway.FastCgiServer;
import io.wsgi4j.gateway.GatewayAddress;
import io.wsgi4j.gateway.GatewayServer;
import io.wsgi4j.gateway.ScgiServer;
import io.wsgi4j.testing.Validator;
import io.wsgi4j.testing.contract.ContractResponse;
import io.wsgi4j.testing.contract.HttpWire;
import io.wsgi4j.testing.contract.NginxProcess;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An application under the validator behind nginx configured the way most configurations start: the
 * stock {@code fastcgi_params} / {@code scgi_params}, {@code PATH_INFO $fastcgi_path_info} with no
 * path split, a server block without {@code server_name}, and a rewrite. nginx then sends an empty
 * SERVER_NAME and PATH_INFO, HTTP_CONTENT_TYPE and HTTP_CONTENT_LENGTH beside the CGI names, and a
 * REQUEST_URI that is not the rewritten path; the gateway must still hand the application an environ
 * the contract allows (a validator failure would answer 500).
 */
class StockNginxParamsValidatedTest {
    private static final Application ECHO = Validator.DEFAULT.wrap((env, sr) -> {
        byte[] body = env.input().readAllBytes();
        sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
        return Body.of(env.requestMethod() + " " + env.scriptName() + "|" + env.pathInfo() + " " + env.serverName()
                + " " + env.get("CONTENT_TYPE") + " " + new String(body, StandardCharsets.ISO_8859_1));
    });

    @ParameterizedTest
    @ValueSource(strings = {"fastcgi", "scgi"})
    void servesEveryRequestWithAValidEnviron(String protocol) throws Exception {
        NginxProcess.assumeInstalled();
        GatewayAddress any = GatewayAddress.parse("127.0.0.1:0");
        try (GatewayServer gateway = (protocol.equals("fastcgi") ? FastCgiServer.bind(any, ECHO)
                : ScgiServer.bind(any, ECHO)).start()) {
            String pass = protocol + "_pass 127.0.0.1:" + gateway.port() + ";\n  include " + protocol + "_params;\n"
                    + "  " + protocol + "_param PATH_INFO $fastcgi_path_info;\n";
            try (NginxProcess nginx = NginxProcess.start("location /old/ {\n  rewrite ^/old/(.*)$ /$1 last;\n}\n"
                    + "location / {\n  " + pass + "}\n", "")) {
                HttpWire wire = new HttpWire("127.0.0.1", nginx.port());
                ContractResponse post = wire.send("POST", "/echo", Map.of("Content-Type", "text/plain"),
                        "hello".getBytes(StandardCharsets.US_ASCII));
                assertEquals(200, post.status(), () -> post.text() + nginx.log());
                assertEquals("POST |/echo 127.0.0.1 text/plain hello", post.text());
                ContractResponse rewritten = wire.send("GET", "/old/env?x=1", Map.of(), null);
                assertEquals(200, rewritten.status(), () -> rewritten.text() + nginx.log());
                assertEquals("GET |/env 127.0.0.1  ", rewritten.text()); // nginx sends CONTENT_TYPE "" for a GET
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fastcgi", "scgi"})
    void aParameterOverriddenAfterTheStockOnesReachesTheApplicationAsOverridden(String protocol) throws Exception {
        // nginx sends an included parameter and its override both, in order; the override is the one meant
        NginxProcess.assumeInstalled();
        Application query = Validator.DEFAULT.wrap((env, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            return Body.of("query=" + env.queryString());
        });
        GatewayAddress any = GatewayAddress.parse("127.0.0.1:0");
        try (GatewayServer gateway = (protocol.equals("fastcgi") ? FastCgiServer.bind(any, query)
                : ScgiServer.bind(any, query)).start()) {
            String pass = protocol + "_pass 127.0.0.1:" + gateway.port() + ";\n  include " + protocol + "_params;\n"
                    + "  " + protocol + "_param QUERY_STRING \"over=1&$args\";\n";
            try (NginxProcess nginx = NginxProcess.start("location / {\n  " + pass + "}\n", "")) {
                ContractResponse r = new HttpWire("127.0.0.1", nginx.port()).send("GET", "/q?x=2", Map.of(), null);
                assertEquals(200, r.status(), () -> r.text() + nginx.log());
                assertEquals("query=over=1&x=2", r.text());
            }
        }
    }
}
