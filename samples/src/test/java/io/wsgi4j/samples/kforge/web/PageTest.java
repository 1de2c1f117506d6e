// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PageTest {
    private final TestClient client = TestClient.of((environ, startResponse) ->
            Page.of(environ, "A <title>", "<p>body</p>").data(Map.of("n", 1)).status(201)
                    .header("X-Extra", "yes").send(startResponse));

    @ParameterizedTest(name = "Accept: {0} -> {1}")
    @CsvSource({
        "'',                                      text/html; charset=utf-8",
        "text/html,                               text/html; charset=utf-8",
        "application/json,                        application/json",
        "'application/json, text/html;q=0.5',     application/json",
        "'text/html, application/json;q=0.5',     text/html; charset=utf-8",
        "*/*,                                     text/html; charset=utf-8",
    })
    void answersJsonOnlyWhenTheClientPrefersIt(String accept, String type) {
        var request = client.get("/");
        if (!accept.isEmpty()) {
            request.header("Accept", accept);
        }
        TestResponse r = request.send();

        assertEquals(type, r.header("Content-Type"));
        assertEquals(201, r.status());
        assertEquals("yes", r.header("X-Extra"));
        assertEquals("Accept", r.header("Vary"));
    }

    @Test
    void escapesTheTitleAndShowsTheLoginLinksToAGuest() {
        String html = client.get("/").send().text();

        assertTrue(html.contains("<h1>A &lt;title&gt;</h1>\n<p>body</p>"), html);
        assertTrue(html.contains("<a href=\"/login\">Log in</a>"), html);
    }

    @Test
    void givesJsonClientsTheData() {
        assertEquals(1, client.get("/").header("Accept", "application/json").send().json().get("n").asInt());
    }

    @Test
    void redirectsWith303() {
        TestResponse r = TestClient.of((environ, startResponse) -> Page.redirect(startResponse, "/x?y=%2F"))
                .get("/").send();

        assertEquals(303, r.status());
        assertEquals("/x?y=%2F", r.header("Location"));
    }

    @Test
    void laysOutEveryPageWithLandmarksTheStylesheetAndNavigation() {
        String html = client.get("/").send().text();

        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), html);
        assertTrue(html.contains("<link rel=\"stylesheet\" href=\"/static/kforge.css\">"), html);
        assertTrue(html.contains("<header class=\"site\">") && html.contains("<nav aria-label=\"Site\">")
                && html.contains("<main id=\"main\">") && html.contains("<footer class=\"site\">"), html);
        assertTrue(html.contains("<a aria-current=\"page\" href=\"/\">Home</a>"), html);
        assertTrue(html.contains("<a href=\"/projects/\">Projects</a>"), html);
    }

    @Test
    void linksAServicePageBackToItsProjectAndService() {
        String html = client.get("/projects/demo/wiki/Home").send().text();

        assertTrue(html.contains("<a href=\"/projects/demo/\">Project demo</a>"), html);
        assertTrue(html.contains("<a href=\"/projects/demo/wiki/\">Wiki</a>"), html);
    }

    @Test
    void showsAPersonTheirOwnPageAndLogOut() {
        TestClient signedIn = TestClient.of((environ, startResponse) -> {
            environ.put(io.wsgi4j.Environ.REMOTE_USER, "ann");
            return Page.of(environ, "T", "").send(startResponse);
        });
        String html = signedIn.get("/").send().text();

        assertTrue(html.contains("<a href=\"/persons/ann/\">ann</a>"), html);
        assertTrue(html.contains("<a href=\"/logout\">Log out</a>"), html);
    }
}
