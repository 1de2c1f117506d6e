// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.middleware.request.RequestException;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsrfTest {

    private static Environ withSession() {
        Environ environ = new Environ();
        environ.put(Session.KEY, Session.empty());
        return environ;
    }

    @Nested
    class Tokens {
        @Test
        void aTokenVerifiesInItsSession() {
            Environ environ = withSession();
            assertTrue(Csrf.verify(environ, Csrf.token(environ)));
        }

        @Test
        void eachTokenIsDifferentButAllVerify() {
            Environ environ = withSession();
            String a = Csrf.token(environ);
            String b = Csrf.token(environ);
            assertNotEquals(a, b);
            assertTrue(Csrf.verify(environ, a));
            assertTrue(Csrf.verify(environ, b));
        }

        @Test
        void theFirstTokenChangesTheSessionSoItsCookieIsWritten() {
            Environ environ = withSession();
            Csrf.token(environ);
            assertTrue(Session.of(environ).isChanged());
        }

        @Test
        void aTokenFromAnotherSessionFails() {
            Environ mine = withSession();
            Csrf.token(mine);
            assertFalse(Csrf.verify(mine, Csrf.token(withSession())));
        }

        @Test
        void anInvalidatedSessionRejectsOldTokens() {
            Environ environ = withSession();
            String token = Csrf.token(environ);
            Session.of(environ).invalidate();
            assertFalse(Csrf.verify(environ, token));
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"", "abc", "!!!!", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
        void malformedTokensFail(String submitted) {
            Environ environ = withSession();
            Csrf.token(environ);
            assertFalse(Csrf.verify(environ, submitted));
        }

        @Test
        void nullOrASessionWithoutSecretFails() {
            Environ environ = withSession();
            assertFalse(Csrf.verify(environ, "whatever"));
            Csrf.token(environ);
            assertFalse(Csrf.verify(environ, null));
        }

        @Test
        void withoutSessionsItSaysHowToInstallThem() {
            assertThrows(IllegalStateException.class, () -> Csrf.token(new Environ()));
        }
    }

    /**
     * OWASP's CSRF cheat sheet, Fetch metadata and RFC 6454: an unsafe request that a browser says came
     * from another origin is refused even with a token (one leaked, or planted with the session).
     */
    @Nested
    class Origins {
        /** A POST to http://app.example carrying a valid token and the request headers given, name then value. */
        private Environ post(String... headers) {
            return request("POST", headers);
        }

        private Environ request(String method, String... headers) {
            Environ environ = withSession();
            environ.put("REQUEST_METHOD", method);
            environ.put("wsgi.url_scheme", "http");
            environ.put("HTTP_HOST", "app.example");
            environ.put("SERVER_NAME", "app.example");
            environ.put("SERVER_PORT", "80");
            environ.put(Environ.headerKey(Csrf.HEADER), Csrf.token(environ));
            for (int i = 0; i < headers.length; i += 2) {
                environ.put(Environ.headerKey(headers[i]), headers[i + 1]);
            }
            return environ;
        }

        @Test
        void aPostFromAnotherOriginIsRefusedAndTheMessageNamesBoth() {
            Environ environ = post("Origin", "https://evil.example");
            assertFalse(Csrf.verify(environ));
            RequestException e = assertThrows(RequestException.class, () -> Csrf.check(environ));
            assertEquals(403, e.status());
            assertTrue(e.getMessage().contains("https://evil.example") && e.getMessage().contains("http://app.example"),
                    e.getMessage());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"PUT", "PATCH", "DELETE"})
        void everyUnsafeMethodIsChecked(String method) {
            assertFalse(Csrf.verify(request(method, "Origin", "https://evil.example")));
        }

        @Test
        void aFormPostOverriddenToAnotherMethodIsChecked() {
            Environ environ = request("DELETE", "Origin", "https://evil.example");
            environ.put(io.wsgi4j.middleware.request.MethodOverride.ORIGINAL_METHOD, "POST");
            assertFalse(Csrf.verify(environ));
        }

        @Test
        void aPostFromThisOriginPasses() {
            assertTrue(Csrf.verify(post("Origin", "http://app.example")));
            assertTrue(Csrf.verify(post("Origin", "HTTP://App.Example:80")), "case and the default port do not matter");
            Environ explicitPort = post("Origin", "http://app.example");
            explicitPort.put("HTTP_HOST", "app.example:80");
            assertTrue(Csrf.verify(explicitPort));
        }

        @Test
        void aHostNameWithAnUnderscoreIsThisOriginToo() {
            // the URL standard allows "_" and "~" in a host name (a container's name, "my_app"), and a browser
            // sends it in Origin as it is: a page served from there posts to its own origin
            Environ environ = post("Origin", "http://my_app:8000");
            environ.put("HTTP_HOST", "my_app:8000");
            assertTrue(Csrf.verify(environ));
            Csrf.check(post("Origin", "http://web~1.internal", "Sec-Fetch-Site", "same-site"), "http://web~1.internal");
        }

        @Test
        void withoutAHostTheServerNameAndPortAreThisOrigin() {
            Environ environ = post("Origin", "http://app.example:8080");
            environ.remove("HTTP_HOST");
            environ.put("SERVER_PORT", "8080");
            assertTrue(Csrf.verify(environ));
            environ.put("SERVER_PORT", "80");
            assertFalse(Csrf.verify(environ));
        }

        @Test
        void anotherPortOrSchemeIsAnotherOrigin() {
            assertFalse(Csrf.verify(post("Origin", "http://app.example:8080")));
            assertFalse(Csrf.verify(post("Origin", "https://app.example")));
            assertFalse(Csrf.verify(post("Origin", "http://sub.app.example")));
        }

        @Test
        void anOpaqueOriginIsRefused() {
            assertFalse(Csrf.verify(post("Origin", "null")));
        }

        @Test
        void theBrowsersSecFetchSiteDecidesWhenPresent() {
            assertTrue(Csrf.verify(post("Sec-Fetch-Site", "same-origin")));
            assertTrue(Csrf.verify(post("Sec-Fetch-Site", "none")));
            assertFalse(Csrf.verify(post("Sec-Fetch-Site", "cross-site")));
            assertFalse(Csrf.verify(post("Sec-Fetch-Site", "same-site", "Origin", "https://other.app.example")));
            // behind a TLS proxy without ProxyFix the environ says http; the browser knows the page and this are one origin
            assertTrue(Csrf.verify(post("Sec-Fetch-Site", "same-origin", "Origin", "https://app.example")));
        }

        @Test
        void aRequestWithNeitherHeaderIsLeftToTheToken() {
            assertTrue(Csrf.verify(post()));
            Environ noToken = post();
            noToken.remove(Environ.headerKey(Csrf.HEADER));
            RequestException e = assertThrows(RequestException.class, () -> Csrf.check(noToken));
            assertEquals(403, e.status());
            assertTrue(e.getMessage().contains("token"), e.getMessage());
        }

        @Test
        void aSafeMethodIsNotCheckedForItsOrigin() {
            assertTrue(Csrf.verify(request("GET", "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")));
        }

        @Test
        void trustedOriginsPass() {
            String[] trusted = {"https://www.app.example", "http://localhost:8080"};
            Csrf.check(post("Origin", "https://www.app.example", "Sec-Fetch-Site", "same-site"), trusted);
            Csrf.check(post("Origin", "HTTP://LOCALHOST:8080", "Sec-Fetch-Site", "cross-site"), trusted);
            Csrf.check(post("Origin", "http://app.example"), trusted);
            assertThrows(RequestException.class, () -> Csrf.check(post("Origin", "https://evil.example"), trusted));
            assertThrows(RequestException.class, () -> Csrf.check(post("Sec-Fetch-Site", "cross-site"), trusted),
                    "cross-site without an Origin names no trusted origin");
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"https://app.example/", "app.example", "https://app.example/path", "ftp://app.example",
            "null", "*", ""})
        void aTrustedOriginThatIsNoOriginIsRejected(String origin) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csrf.check(post(), origin));
            assertTrue(e.getMessage().contains("scheme://host"), e.getMessage());
        }
    }

    @Nested
    class ThroughTheMiddleware {
        /** GET renders a token; POST answers 403 unless the form or header carries a valid one. */
        private final Application app = Sessions.builder(SignedCookieStore.of(SessionsTest.KEY)).build().wrap((environ, sr) -> {
            if (environ.requestMethod().equals("GET")) {
                String token = Csrf.token(environ);
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return Body.of(token);
            }
            boolean ok = Csrf.verify(environ);
            sr.start(ok ? "200 OK" : "403 Forbidden", Headers.of("Content-Type", "text/plain"));
            return Body.of(ok ? "saved" : "forbidden");
        });

        @Test
        void aFormWithTheTokenPassesAndOneWithoutIsForbidden() {
            TestResponse page = TestClient.of(app).get("/form").send();
            String cookie = SessionsTest.cookieOf(page);
            String form = Csrf.FIELD + "=" + page.text();
            assertEquals(200, post(cookie, form, null).status());
            assertEquals(403, post(cookie, "title=x", null).status());
            assertEquals(403, post(null, form, null).status(), "a token without its session fails");
        }

        @Test
        void aFormPostedFromAnotherSiteIsForbiddenEvenWithTheToken() {
            TestResponse page = TestClient.of(app).get("/form").send();
            String cookie = SessionsTest.cookieOf(page);
            TestResponse r = TestClient.of(app).post("/save")
                    .body((Csrf.FIELD + "=" + page.text()).getBytes(StandardCharsets.US_ASCII))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Cookie", cookie).header("Origin", "https://evil.example").send();
            assertEquals(403, r.status());
        }

        @Test
        void theHeaderIsReadBeforeTheForm() {
            TestResponse page = TestClient.of(app).get("/form").send();
            String cookie = SessionsTest.cookieOf(page);
            assertEquals(200, post(cookie, "", page.text()).status());
        }

        private TestResponse post(String cookie, String form, String header) {
            var request = TestClient.of(app).post("/save")
                    .body(form.getBytes(StandardCharsets.US_ASCII))
                    .header("Content-Type", "application/x-www-form-urlencoded");
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            if (header != null) {
                request.header(Csrf.HEADER, header);
            }
            return request.send();
        }
    }
}
