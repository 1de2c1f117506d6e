// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.gateway.FastCgiServer;
import io.wsgi4j.gateway.GatewayAddress;
import io.wsgi4j.middleware.logging.LogSink;
import io.wsgi4j.testing.contract.NginxProcess;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KForge over FastCGI behind a real nginx configured with the location block shipped in
 * {@code samples/src/main/nginx/kforge.conf}. Skipped when nginx is not installed.
 */
class KForgeNginxTest {
    @TempDir
    Path data;

    @Test
    void signsUpCreatesAProjectAndEditsItsWikiThroughNginx() throws Exception {
        NginxProcess.assumeInstalled();
        Site site = Site.open(data);
        var app = KForge.pipeline(site, KForge.sessionStore(data), false, LogSink.of(OutputStream.nullOutputStream()));
        try (FastCgiServer fcgi = FastCgiServer.bind(GatewayAddress.tcp("127.0.0.1", 0), app).start();
                NginxProcess nginx = NginxProcess.start(shippedLocation(),
                        "upstream kforge { server 127.0.0.1:" + fcgi.port() + "; keepalive 16; }")) {
            WebUser erin = new WebUser("http://127.0.0.1:" + nginx.port());

            assertEquals(401, erin.get("/admin/", "text/html").statusCode());
            assertEquals(303, erin.post("/signup", erin.token("/signup"), "name", "erin",
                    "password", "erin-secret").statusCode(), nginx::log);
            String token = erin.token("/projects/");
            assertEquals(303, erin.post("/projects/", token, "name", "web").statusCode());
            HttpResponse<String> saved = erin.post("/projects/web/wiki/Home", token, "text", "= Behind nginx");
            assertEquals(303, saved.statusCode());
            assertEquals("/projects/web/wiki/Home", saved.headers().firstValue("Location").orElseThrow());

            HttpResponse<String> page = erin.get("/projects/web/wiki/Home", "text/html");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<h2>Behind nginx</h2>"), page.body());
            assertEquals(200, erin.get("/admin/", "text/html").statusCode()); // the first person is site admin
        }
    }

    /** The block between the BEGIN and END markers of the shipped config, so the test runs what users run. */
    private static String shippedLocation() throws Exception {
        String conf = Files.readString(Path.of("src", "main", "nginx", "kforge.conf"));
        int begin = conf.indexOf("# BEGIN kforge location");
        int end = conf.indexOf("# END kforge location");
        assertTrue(begin >= 0 && end > begin, "kforge.conf lost its BEGIN/END location markers");
        return conf.substring(conf.indexOf('\n', begin) + 1, end);
    }
}
