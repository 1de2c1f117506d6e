// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import org.junit.jupiter.api.Test;

class FriendlyErrorsTest {
    private static Application answering(String status, String type, String text) {
        return (environ, startResponse) -> {
            startResponse.start(status, Headers.of("Content-Type", type));
            return Body.of(text);
        };
    }

    private static TestResponse get(Application app, String accept) {
        return TestClient.of(FriendlyErrors.of().wrap(app)).get("/no/such").header("Accept", accept).send();
    }

    @Test
    void putsABare404InTheLayoutWithAWayBack() {
        TestResponse r = get(answering("404 Not Found", "text/plain", "Not Found"), "text/html");

        assertEquals(404, r.status());
        assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
        assertTrue(r.text().contains("<h1>Page not found</h1>"), r.text());
        assertTrue(r.text().contains("<code>/no/such</code>"), r.text());
        assertTrue(r.text().contains("<a href=\"/\">the home page</a>"), r.text());
    }

    @Test
    void putsABare403InTheLayout() {
        TestResponse r = get(answering("403 Forbidden", "text/plain", "no"), "text/html");

        assertEquals(403, r.status());
        assertTrue(r.text().contains("<h1>Forbidden</h1>") && r.text().contains("the list of projects"), r.text());
    }

    @Test
    void leavesPagesKForgeRenderedAndOtherStatusesAlone() {
        assertEquals("<p>own</p>", get(answering("404 Not Found", "text/html; charset=utf-8", "<p>own</p>"),
                "text/html").text());
        assertEquals("fine", get(answering("200 OK", "text/plain", "fine"), "text/html").text());
        assertEquals("gone", get(answering("410 Gone", "text/plain", "gone"), "text/html").text());
    }

    @Test
    void answersJsonClientsWithTheApplicationsOwnAnswer() {
        assertEquals("{}", get(answering("404 Not Found", "application/json", "{}"), "application/json").text());
    }

    @Test
    void printsAsTheCodeThatBuildsIt() {
        assertEquals("FriendlyErrors.of()", FriendlyErrors.of().toString());
    }
}
