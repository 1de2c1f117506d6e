// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.NotFound;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecisionTest {

    @Test
    void allowsWithoutAResponseOfItsOwn() {
        assertTrue(Decision.allow().allowed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Decision.allow().response());
        assertTrue(e.getMessage().contains("check allowed() first"), e.getMessage());
    }

    @Test
    void answersForbiddenWithTheReasonAsText() {
        Decision d = Decision.forbidden("members only");
        assertFalse(d.allowed());
        TestResponse r = TestClient.of(d.response()).get("/").send();
        assertEquals(403, r.status());
        assertEquals("403 Forbidden: members only\n", r.text());
    }

    @Test
    void answersUnauthorizedWithTheChallenge() {
        TestResponse r = TestClient.of(Decision.unauthorized("Bearer realm=\"api\"").response()).get("/").send();
        assertEquals(401, r.status());
        assertEquals("Bearer realm=\"api\"", r.header("WWW-Authenticate"));
    }

    @Test
    void redirectsWithSeeOther() {
        TestResponse r = TestClient.of(Decision.redirect("/login?next=%2Fx").response()).get("/").send();
        assertEquals(303, r.status());
        assertEquals("/login?next=%2Fx", r.header("Location"));
    }

    @Test
    void respondsWithAnyApplication() {
        assertEquals(404, TestClient.of(Decision.respond(NotFound.INSTANCE).response()).get("/").send().status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "Basic\r\nSet-Cookie: a=1", "Basic\u0000"})
    void rejectsChallengesThatAreEmptyOrBreakTheHeader(String challenge) {
        assertThrows(IllegalArgumentException.class, () -> Decision.unauthorized(challenge));
    }

    /** RFC 9110 section 11.6.1: a challenge starts with its auth-scheme; without one no client can answer the 401. */
    @ParameterizedTest
    @ValueSource(strings = {"realm=\"site\"", " Basic realm=\"site\"", "\"Basic\"", "Basic/2 realm=\"x\""})
    void rejectsAChallengeThatDoesNotStartWithAnAuthScheme(String challenge) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Decision.unauthorized(challenge));
        assertTrue(e.getMessage().contains("auth-scheme"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/a\nb", "/a\rb"})
    void rejectsLocationsThatAreEmptyOrBreakTheHeader(String location) {
        assertThrows(IllegalArgumentException.class, () -> Decision.redirect(location));
    }

    @Test
    void printsLikeTheCodeThatMadeIt() {
        assertEquals("Decision.allow()", Decision.allow().toString());
        assertEquals("Decision.forbidden(\"no\")", Decision.forbidden("no").toString());
        assertEquals("Decision.redirect(\"/login\")", Decision.redirect("/login").toString());
        assertEquals("Decision.respond(NotFound)", Decision.respond(NotFound.INSTANCE).toString());
    }
}
