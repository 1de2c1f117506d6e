// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.Middleware;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BasicAuthTest {
    static final CredentialChecker USERS = CredentialChecker.of(Map.of("alice", "s3cret", "jürgen", "pässword",
            "łukasz", "hasło"));

    /** Echoes who the middleware says is there: REMOTE_USER holds UTF-8 bytes, one per character (SPEC R2.3). */
    static final Application WHO = (environ, sr) -> {
        sr.start("200 OK", Headers.of("Content-Type", "text/plain; charset=utf-8"));
        String user = environ.remoteUser();
        String name = user == null ? null : new String(user.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        return Body.of(name + " via " + environ.get("AUTH_TYPE"));
    };

    static final Middleware ADMIN = BasicAuth.of("KForge admin", USERS);

    static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static TestResponse send(String authorization) {
        var request = TestClient.of(ADMIN.wrap(WHO)).get("/admin");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.send();
    }

    @Nested
    class Accepting {
        @Test
        void rightCredentialsSetRemoteUserAndAuthType() {
            TestResponse r = send(basic("alice:s3cret"));
            assertEquals(200, r.status());
            assertEquals("alice via Basic", r.text());
        }

        @Test
        void utf8CredentialsAreDecoded() {
            assertEquals("jürgen via Basic", send(basic("jürgen:pässword")).text());
        }

        // a name outside Latin-1 cannot be a CGI variable as text: the validator in the test client
        // refuses such a REMOTE_USER (R2.3), so it holds the name's UTF-8 bytes
        @Test
        void aNameOutsideLatin1ReachesTheApplicationAsUtf8Bytes() {
            Application raw = (environ, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return Body.of(environ.remoteUser().chars().mapToObj(Integer::toHexString)
                        .collect(java.util.stream.Collectors.joining(" ")));
            };
            TestResponse r = TestClient.of(ADMIN.wrap(raw)).get("/").header("Authorization", basic("łukasz:hasło")).send();

            assertEquals(200, r.status(), r::text);
            assertEquals("c5 82 75 6b 61 73 7a", r.text());
            assertEquals("łukasz via Basic", send(basic("łukasz:hasło")).text());
        }

        @Test
        void latin1CredentialsFromOlderClientsAreDecoded() {
            String latin1 = "Basic " + Base64.getEncoder().encodeToString("jürgen:pässword".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(200, send(latin1).status());
        }

        @Test
        void theSchemeIsCaseInsensitiveAndPaddingOptional() {
            String token = Base64.getEncoder().withoutPadding().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, send("bAsIc   " + token).status());
        }

        @Test
        void anEmptyUserIdIsRefusedEvenByACheckerThatWouldTakeIt() {
            // REMOTE_USER names someone when present (SPEC.md section 2), as Authenticate keeps it
            boolean[] asked = {false};
            Middleware m = BasicAuth.of("r", (user, password) -> {
                asked[0] = true;
                return true;
            });
            TestResponse r = TestClient.of(m.wrap(WHO)).get("/").header("Authorization", basic(":pw")).send();
            assertEquals(401, r.status());
            assertFalse(asked[0], "the checker was asked about an empty user-id");
        }

        @Test
        void aPasswordMayContainColons() {
            Middleware m = BasicAuth.of("r", CredentialChecker.of(Map.of("bob", "a:b:c")));
            TestResponse r = TestClient.of(m.wrap(WHO)).get("/").header("Authorization", basic("bob:a:b:c")).send();
            assertEquals(200, r.status());
        }
    }

    @Nested
    class Refusing {
        @Test
        void noHeaderGets401WithTheChallenge() {
            TestResponse r = send(null);
            assertEquals(401, r.status());
            assertEquals("Basic realm=\"KForge admin\", charset=\"UTF-8\"", r.header("WWW-Authenticate"));
        }

        @Test
        void aWrongPasswordGets401() {
            assertEquals(401, send(basic("alice:wrong")).status());
            assertEquals(401, send(basic("mallory:s3cret")).status());
        }

        @Test
        void a401TheApplicationAnswersItselfCarriesTheChallenge() {
            // RFC 9110 section 15.5.2: a 401 MUST carry WWW-Authenticate; an application behind BasicAuth that
            // refuses an authenticated user with a bare 401 must not leave the client without a way to log in again
            Application refuses = (environ, sr) -> {
                sr.start("401 Unauthorized", Headers.of("Content-Type", "text/plain"));
                return Body.of("not you");
            };
            TestResponse r = TestClient.of(ADMIN.wrap(refuses)).get("/admin").header("Authorization", basic("alice:s3cret"))
                    .send();
            assertEquals(401, r.status());
            assertEquals("Basic realm=\"KForge admin\", charset=\"UTF-8\"", r.header("WWW-Authenticate"));
            assertEquals("not you", r.text());
        }

        @Test
        void a401WithItsOwnChallengeIsLeftAsItIs() {
            Application challenges = (environ, sr) -> {
                sr.start("401 Unauthorized", Headers.of("Content-Type", "text/plain", "WWW-Authenticate", "Bearer"));
                return Body.of("token please");
            };
            TestResponse r = TestClient.of(ADMIN.wrap(challenges)).get("/admin").header("Authorization", basic("alice:s3cret"))
                    .send();
            assertEquals(java.util.List.of("Bearer"), r.headers("WWW-Authenticate"));
            assertEquals(null, TestClient.of(ADMIN.wrap(WHO)).get("/admin").header("Authorization", basic("alice:s3cret"))
                    .send().header("WWW-Authenticate"));
        }

        @ParameterizedTest(name = "Authorization: {0}")
        @ValueSource(strings = {
            "", "Basic", "Basic ", "Bearer abc", "Basic !!!not-base64!!!", "Basic YWxpY2U=",
            "Basic YWxpY2U6czNjcmV0,", "Digest username=\"alice\"", "Basic YWxp Y2U6czNjcmV0",
            "BasicYWxpY2U6czNjcmV0", "Basic =====",
        })
        void aMalformedHeaderGets401Not500(String authorization) {
            TestResponse r = send(authorization);
            assertEquals(401, r.status());
            assertTrue(r.header("WWW-Authenticate").startsWith("Basic realm="));
        }

        @Test
        void controlCharactersInCredentialsAreRefused() {
            assertNull(BasicAuth.parse(basic("alice\r\n:s3cret")));
            assertNull(BasicAuth.parse(basic("alice:s3\u0000cret")));
            assertNull(BasicAuth.parse(basic("alice:s3cret") + "\u0000"));
        }

        @Test
        void aCheckerThatFailsIsA500NotA401() {
            Middleware broken = BasicAuth.of("r", (u, p) -> {
                throw new IllegalStateException("user store down");
            });
            TestResponse r = TestClient.of(broken.wrap(WHO)).allowErrors().get("/").header("Authorization",
                    basic("a:b")).send();
            assertEquals(500, r.status());
        }
    }

    @Nested
    class Configuration {
        @Test
        void quotesInTheRealmAreEscaped() {
            assertEquals("Basic realm=\"say \\\"hi\\\" \\\\o/\", charset=\"UTF-8\"", BasicAuth.challenge("say \"hi\" \\o/"));
        }

        @ParameterizedTest(name = "realm {0}")
        @ValueSource(strings = {"", "a\r\nSet-Cookie: x=1", "tab\there", "snow\u2603"})
        void aRealmThatCannotBeSentIsRejected(String realm) {
            assertThrows(IllegalArgumentException.class, () -> BasicAuth.of(realm, USERS));
        }

        @Test
        void toStringReadsLikeTheCodeAndHidesPasswords() {
            assertEquals("BasicAuth.of(\"KForge admin\", CredentialChecker.of(<3 users>))", ADMIN.toString());
            assertTrue(ADMIN.wrap(WHO).toString().startsWith("BasicAuth.of(\"KForge admin\", "));
        }
    }

    @Nested
    class AsAnAuthenticator {
        @Test
        void itComposesWithAuthenticate() {
            Middleware m = Authenticate.of(BasicAuth.authenticator(USERS));
            assertEquals("alice via null",
                    TestClient.of(m.wrap(WHO)).get("/").header("Authorization", basic("alice:s3cret")).send().text());
            assertEquals("null via null", TestClient.of(m.wrap(WHO)).get("/").send().text());
        }
    }
}
