// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.Status;
import io.wsgi4j.UrlMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * A Jetty handler in front of {@link WsgiHandler} decides on the path Jetty routed (normalised, decoded),
 * so the application must be given that path: a dot-segment in the raw target must not carry a request
 * the guard let through as {@code /public/x} into the application's own {@code /admin} mount.
 */
class JettyPathGuardTest {

    /** The targets (under the context, if any) that name /public/x once Jetty resolved their dot-segments. */
    private static final List<String> THROUGH_ADMIN = List.of(
            "/admin/../public/x",
            "/admin/./../public/x",
            "/admin/x/../../public/x",
            "/admin/%2e%2e/public/x",
            "/admin/%2E%2E/public/x",
            "/admin/.%2e/public/x",
            "/admin/%2e./public/x",
            "/admin/..;/public/x");

    /**
     * The targets Jetty routes as one segment {@code admin%2Fx} (it keeps an encoded "/"), which a guard on
     * {@code /admin/} therefore lets through: decoded to {@code /admin/x} they would reach the admin mount.
     */
    private static final List<String> ENCODED_SLASH = List.of("/admin%2Fx", "/admin%2fx", "/admin%2F..%2Fadmin/x");

    /** The guarded application: /admin mounted, everything else answered as public. */
    private static final Application APP = UrlMap.builder()
            .mount("/admin", (environ, startResponse) -> {
                startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                return Body.of("ADMIN " + environ.pathInfo());
            })
            .fallback((environ, startResponse) -> {
                startResponse.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                return Body.of("public " + environ.scriptName() + " " + environ.pathInfo() + " "
                        + environ.get(Environ.RAW_TARGET), StandardCharsets.ISO_8859_1);
            })
            .build();

    /** Answers 403 to every path in context starting with /admin, as Jetty sees the path; else passes on. */
    private static final class AdminGuard extends Handler.Wrapper {
        AdminGuard(Handler next) {
            super(next);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            if (path.equals("/admin") || path.startsWith("/admin/")) {
                response.setStatus(403);
                response.write(true, ByteBuffer.wrap("forbidden".getBytes(StandardCharsets.US_ASCII)), callback);
                return true;
            }
            return super.handle(request, response, callback);
        }
    }

    /** Sends {@code target} over a raw socket (so no client normalises it) and returns status line and body. */
    private static String[] get(int port, String target) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int headEnd = response.indexOf("\r\n\r\n");
            assertTrue(headEnd > 0, target + ": no complete response head: " + response);
            return new String[] {response.substring(0, response.indexOf("\r\n")), response.substring(headEnd + 4)};
        }
    }

    private static void assertGuarded(JettyServer server, String prefix) throws IOException {
        // the guard itself works on plain paths
        assertTrue(get(server.port(), prefix + "/admin/x")[0].contains(" 403 "), "plain /admin/x");
        String[] pub = get(server.port(), prefix + "/public/x");
        assertEquals("public " + prefix + " /public/x " + prefix + "/public/x", pub[1], "plain /public/x");
        for (String t : THROUGH_ADMIN) {
            String target = prefix + t;
            String[] answer = get(server.port(), target);
            // 403 (the guard), 400 (Jetty's URI compliance) or the public answer: anything but the admin app
            assertFalse(answer[1].startsWith("ADMIN"), target + " reached the guarded /admin app: " + answer[0]
                    + " " + answer[1]);
            if (answer[0].contains(" 200 ")) {
                // R2.16: the raw target no longer decodes to SCRIPT_NAME + PATH_INFO, so it is left out
                assertEquals("public " + prefix + " /public/x null", answer[1], target);
            } else {
                assertTrue(answer[0].contains(" 400 ") || answer[0].contains(" 403 "), target + ": " + answer[0]);
            }
        }
        for (String t : ENCODED_SLASH) {
            String target = prefix + t;
            String[] answer = get(server.port(), target);
            assertFalse(answer[1].startsWith("ADMIN"), target + " reached the guarded /admin app: " + answer[0]
                    + " " + answer[1]);
            if (answer[0].contains(" 200 ")) {
                // the path as Jetty routed it and the guard saw it, "%2F" and all (Jetty writes it upper-case);
                // no raw target (R2.16)
                assertEquals("public " + prefix + " " + t.replace("%2f", "%2F") + " null", answer[1], target);
            } else {
                assertTrue(answer[0].contains(" 400 "), target + ": " + answer[0]); // compliance without %2F
            }
        }
    }

    private static HttpConfiguration permissive() {
        // lets %2e%2e and "..;" through to the handlers, so the adapter, not Jetty's 400, has to get them right
        HttpConfiguration config = new HttpConfiguration();
        config.setUriCompliance(UriCompliance.UNSAFE);
        return config;
    }

    @Test
    void aDotSegmentDoesNotCarryARequestPastAGuardIntoTheAppsAdminMount() throws Exception {
        try (JettyServer server = JettyServer.builder(APP).host("127.0.0.1").port(0).build()) {
            server.jetty().setHandler(new AdminGuard(new WsgiHandler(APP)));
            server.start();
            assertGuarded(server, "");
            // with the adapter's default URI compliance Jetty resolves a literal ".." and refuses an encoded one
            assertEquals("public  /public/x null", get(server.port(), "/admin/../public/x")[1]);
            assertTrue(get(server.port(), "/admin/%2e%2e/public/x")[0].contains(" 400 "));
        }
    }

    @Test
    void anEncodedDotSegmentJettyLetsThroughIsResolvedForTheAppAsForTheGuard() throws Exception {
        try (JettyServer server = JettyServer.builder(APP).host("127.0.0.1").port(0)
                .httpConfiguration(permissive()).build()) {
            server.jetty().setHandler(new AdminGuard(new WsgiHandler(APP)));
            server.start();
            assertGuarded(server, "");
            assertEquals("public  /public/x null", get(server.port(), "/admin/%2e%2e/public/x")[1]);
        }
    }

    @Test
    void insideAContextADotSegmentDoesNotReachTheAppsAdminMountEither() throws Exception {
        for (HttpConfiguration config : List.of(new HttpConfiguration(), permissive())) {
            try (JettyServer server = JettyServer.builder(APP).host("127.0.0.1").port(0)
                    .httpConfiguration(config).build()) {
                server.jetty().setHandler(new ContextHandler(new AdminGuard(new WsgiHandler(APP)), "/app"));
                server.start();
                assertGuarded(server, "/app");
            }
        }
    }

    @Test
    void aPathJettyLeftAsReceivedKeepsItsRawTarget() throws Exception {
        try (JettyServer server = JettyServer.builder(APP).host("127.0.0.1").port(0).start()) {
            // nothing to resolve: wsgi4j splits the raw target, which stays
            assertEquals("public  /p/x /p/%78", get(server.port(), "/p/%78")[1]);
            assertEquals("public  /p/\u00c3\u00a9 /p/%C3%A9", get(server.port(), "/p/%C3%A9")[1]);
        }
    }

    @Test
    void anEncodedSlashReachesTheAppAsJettyRoutedItNotDecoded() throws Exception {
        try (JettyServer server = JettyServer.builder(APP).host("127.0.0.1").port(0).start()) {
            // Jetty routed one segment "a%2Fb": PATH_INFO keeps the "%2F", and the raw target, whose path would
            // decode to "/p/a/b", is left out (R2.16)
            assertEquals("public  /p/a%2Fb null", get(server.port(), "/p/a%2Fb")[1]);
            // a dot-segment behind an encoded "/" is not one to Jetty, nor to the application
            assertEquals("public  /p%2F..%2Fadmin/x null", get(server.port(), "/p%2F..%2Fadmin/x")[1]);
        }
    }
}
