// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.middleware.session.Csrf;
import io.wsgi4j.middleware.session.Sessions;
import io.wsgi4j.middleware.session.SignedCookieStore;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsrfGuardTest {
    private static final byte[] KEY = "csrf-guard-test-key-0123456789ab".getBytes(StandardCharsets.US_ASCII);

    // GET /token hands out a token (as a page with a form would); anything else answers "done"
    private final Application inner = (environ, startResponse) -> {
        String text = environ.pathInfo().equals("/token") ? Csrf.token(environ) : "done";
        startResponse.start("200 OK", Headers.of("Content-Type", "text/plain"));
        return Body.of(text);
    };
    private final TestClient client = TestClient.of(Sessions.builder(SignedCookieStore.of(KEY)).secure(false).build()
            .wrap(CsrfGuard.of().wrap(inner)));

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS"})
    void letsSafeMethodsThrough(String method) {
        assertEquals(200, client.request(method, "/x").send().status());
    }

    @Test
    void refusesAPostWithoutAToken() {
        TestResponse r = client.post("/x").form("name", "value").send();

        assertEquals(403, r.status());
        assertTrue(r.text().contains("CSRF token"), r.text());
    }

    // a browser sends these cross-site only after a CORS preflight, which the site never grants, so
    // they cannot be forged: routing gives them their 405 or 404
    @ParameterizedTest
    @ValueSource(strings = {"PUT", "DELETE", "PATCH", "PROPFIND"})
    void leavesMethodsABrowserCannotSendCrossSiteToTheApplication(String method) {
        assertEquals("done", client.request(method, "/x").send().text());
    }

    // a MethodOverride in front makes a form post (which another site can send) a DELETE: still checked
    @Test
    void checksAFormPostThatAMethodOverrideTurnedIntoAnotherMethod() {
        TestClient overridden = TestClient.of(Sessions.builder(SignedCookieStore.of(KEY)).secure(false).build()
                .wrap(io.wsgi4j.middleware.request.MethodOverride.of().wrap(CsrfGuard.of().wrap(inner))));

        assertEquals(403, overridden.post("/x").form("_method", "DELETE").send().status());
        String token = overridden.get("/token").send().text();
        assertEquals("done", overridden.post("/x").form("_method", "DELETE").form("csrf_token", token).send().text());
    }

    @Test
    void acceptsTheTokenAsFormFieldOrHeader() {
        String token = client.get("/token").send().text();

        assertEquals("done", client.post("/x").form("csrf_token", token).send().text());
        assertEquals("done", client.post("/x").header("X-CSRF-Token", token).send().text());
    }

    // a token is not enough from another site's page (OWASP: check the origin as well), and the page says why
    @Test
    void refusesAFormPostedFromAnotherSiteSayingSo() {
        String token = client.get("/token").send().text();

        TestResponse r = client.post("/x").form("csrf_token", token).header("Origin", "https://evil.example").send();

        assertEquals(403, r.status());
        assertTrue(r.text().contains("https://evil.example"), r.text());
    }

    @Test
    void refusesAForgedToken() {
        client.get("/token").send();

        assertEquals(403, client.post("/x").form("csrf_token", "AAAA").send().status());
    }

    @Test
    void printsAsTheMiddlewareThatBuiltIt() {
        assertEquals("CsrfGuard.of()", CsrfGuard.of().toString());
    }
}
