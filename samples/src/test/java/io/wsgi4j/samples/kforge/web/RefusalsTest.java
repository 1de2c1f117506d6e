// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.samples.kforge.access.Decision;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import org.junit.jupiter.api.Test;

class RefusalsTest {

    @Test
    void asksTheGuestToLogInAndComeBack() {
        TestResponse r = TestClient.of(Refusals.page(Decision.LOG_IN, "unused")).get("/projects/p/wiki/A B").send();

        assertEquals(401, r.status());
        assertEquals(Refusals.CHALLENGE, r.header("WWW-Authenticate"));
        assertTrue(r.text().contains("href=\"/login?next=%2Fprojects%2Fp%2Fwiki%2FA%2520B\""), r.text());
    }

    @Test
    void tellsAPersonWhyTheyAreRefused() {
        TestResponse r = TestClient.of(Refusals.page(Decision.FORBID, "you may not <edit>")).get("/x")
                .header("Accept", "application/json").send();

        assertEquals(403, r.status());
        assertEquals("you may not <edit>", r.json().get("error").asText());
    }

    @Test
    void hasNoPageForAllow() {
        assertThrows(IllegalArgumentException.class, () -> Refusals.page(Decision.ALLOW, ""));
    }
}
