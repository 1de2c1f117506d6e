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
