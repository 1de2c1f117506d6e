// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.Middleware;
import io.wsgi4j.middleware.session.Session;
import io.wsgi4j.middleware.session.Sessions;
import io.wsgi4j.middleware.session.SignedCookieStore;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AuthenticateTest {
    private static final Authenticator FROM_HEADER = Authenticator.named("fromHeader", env -> env.header("X-User"));

    private static TestResponse send(Middleware m, String user) {
        var request = TestClient.of(m.wrap(BasicAuthTest.WHO)).get("/");
        if (user != null) {
            request.header("X-User", user);
        }
        return request.send();
    }

    @Nested
    class Optional {
        @Test
        void aFoundUserBecomesRemoteUser() {
            assertEquals("alice via null", send(Authenticate.of(FROM_HEADER), "alice").text());
        }

        @Test
        void anonymousRequestsGoOn() {
            assertEquals(200, send(Authenticate.of(FROM_HEADER), null).status());
            assertEquals("null via null", send(Authenticate.of(FROM_HEADER), "").text());
        }

        private String remoteUserSeenUnder(Authenticator authenticator, String fromGateway) throws Exception {
            Application app = Authenticate.of(authenticator).wrap((environ, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return Body.of(String.valueOf(environ.remoteUser()));
            });
            Environ environ = new Environ();
            environ.put(Environ.REMOTE_USER, fromGateway);
            Iterable<byte[]> body = app.call(environ, (status, headers, exc) -> null);
            return new String(Body.toBytes(body), StandardCharsets.UTF_8);
        }

        @Test
        void aRemoteUserFromTheServerIsRemovedWhenNobodyIsFound() throws Exception {
            // nginx's stock fastcgi_params pass the client's unchecked Basic user name as REMOTE_USER
            assertEquals("null", remoteUserSeenUnder(FROM_HEADER, "claimed-by-the-client"));
        }

        @Test
        void theServerUserAuthenticatorKeepsTheServersRemoteUser() throws Exception {
            assertEquals("checked-by-nginx", remoteUserSeenUnder(Authenticator.serverUser(), "checked-by-nginx"));
            assertEquals("Authenticator.serverUser()", Authenticator.serverUser().toString());
        }

        @Test
        void aServersUtf8RemoteUserKeepsItsBytes() throws Exception {
            String lukasz = new String("łukasz".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

            assertEquals(lukasz, remoteUserSeenUnder(Authenticator.serverUser(), lukasz));
        }

        @Test
        void aNameOutsideLatin1BecomesItsUtf8Bytes() {
            TestResponse r = send(Authenticate.of(Authenticator.named("lukasz", env -> "łukasz")), null);

            assertEquals(200, r.status(), r::text);
            assertEquals("łukasz via null", r.text());
        }
    }

    @Nested
    class Required {
        @Test
        void anonymousRequestsGet401WithTheChallenge() {
            TestResponse r = send(Authenticate.builder(FROM_HEADER).onDenied(Authenticate.unauthorized("Bearer realm=\"api\"")).build(), null);
            assertEquals(401, r.status());
            assertEquals("Bearer realm=\"api\"", r.header("WWW-Authenticate"));
        }

        @Test
        void anonymousRequestsCanBeRedirectedToALoginPage() {
            Application toLogin = (environ, sr) -> {
                sr.start("303 See Other", Headers.of("Location", "/login"));
                return Body.empty();
            };
            TestResponse r = send(Authenticate.builder(FROM_HEADER).onDenied(toLogin).build(), null);
            assertEquals(303, r.status());
            assertEquals("/login", r.header("Location"));
        }

        @Test
        void knownUsersGoOn() {
            assertEquals("bob via null", send(Authenticate.builder(FROM_HEADER).onDenied(Authenticate.unauthorized("Bearer")).build(), "bob").text());
        }

        @Test
        void aChallengeWithoutAnAuthSchemeIsRejectedNamingIt() {
            // RFC 9110 section 11.6.1: a 401's WWW-Authenticate holds at least one challenge, and a challenge
            // starts with its auth-scheme, a token; an empty or blank value would be a 401 nobody can answer
            for (String bad : new String[] {"", " ", " Bearer", "realm=\"api\"", "\"Bearer\""}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Authenticate.unauthorized(bad), "challenge " + bad);
                assertTrue(e.getMessage().contains("auth-scheme"), e.getMessage());
            }
            Authenticate.unauthorized("Bearer realm=\"api\", error=\"invalid_token\"");
            Authenticate.unauthorized("Basic realm=\"a\", Bearer");
            Authenticate.unauthorized("Negotiate");
        }

        @Test
        void aChallengeThatCouldSplitTheHeaderIsRejected() {
            assertThrows(IllegalArgumentException.class,
                    () -> Authenticate.builder(FROM_HEADER).onDenied(Authenticate.unauthorized("Bearer\r\nSet-Cookie: x=1")).build());
        }
    }

    @Nested
    class WithSessions {
        /** POST /login logs in as the form's user (no password, this is about the hook); GET / says who. */
        private final Application site = Sessions.builder(SignedCookieStore.of("k".repeat(32).getBytes(StandardCharsets.US_ASCII)))
                .build().wrap((environ, sr) -> {
                    if (environ.pathInfo().equals("/login")) {
                        Session s = Session.of(environ);
                        s.invalidate();
                        s.put("user", "carol");
                        sr.start("303 See Other", Headers.of("Location", "/"));
                        return Body.empty();
                    }
                    return Authenticate.builder(Authenticator.sessionAttribute("user")).onDenied(Authenticate.unauthorized("Session")).build()
                            .wrap(BasicAuthTest.WHO).call(environ, sr);
                });

        @Test
        void aLoggedInSessionAuthenticatesLaterRequests() {
            TestClient browser = TestClient.of(site);
            assertEquals(401, browser.get("/").send().status());
            browser.post("/login").send();
            assertEquals("carol via null", browser.get("/").send().text());
        }
    }

    @Test
    void anAuthenticatorThatFailsIsA500() {
        Middleware m = Authenticate.builder(env -> {
            throw new IllegalStateException("directory down");
        }).onDenied(Authenticate.unauthorized("Basic realm=\"x\"")).build();
        assertEquals(500, TestClient.of(m.wrap(BasicAuthTest.WHO)).allowErrors().get("/").send().status());
    }

    @Test
    void toStringReadsLikeTheCode() {
        assertEquals("Authenticate.of(Authenticator.sessionAttribute(\"user\"))",
                Authenticate.of(Authenticator.sessionAttribute("user")).toString());
        assertEquals("Authenticate.builder(fromHeader).onDenied(Authenticate.unauthorized(\"Bearer\")).build()",
                Authenticate.builder(FROM_HEADER).onDenied(Authenticate.unauthorized("Bearer")).build().toString());
    }
}
