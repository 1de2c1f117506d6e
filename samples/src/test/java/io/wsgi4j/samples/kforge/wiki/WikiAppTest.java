// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.wiki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.samples.kforge.ServiceHarness;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WikiAppTest {
    @TempDir
    Path dir;

    private TestClient client;

    @BeforeEach
    void mountAnywhere() throws IOException {
        client = TestClient.of(ServiceHarness.mount("/team/docs", WikiApp.open(dir), "carol"));
    }

    private TestResponse save(String page, String text) {
        return client.post("/team/docs/" + page).form("text", text).form("comment", "c-" + text).send();
    }

    @Nested
    class MountedAnywhere {
        @Test
        void savesAPageAndRedirectsToItUnderItsMountPoint() {
            TestResponse r = save("Home", "hello");

            assertEquals(303, r.status());
            assertEquals("/team/docs/Home", r.header("Location"));
            assertTrue(client.get("/team/docs/Home").send().text().contains("<p>hello</p>"));
        }

        @Test
        void redirectsItsBareMountPointToTheIndex() {
            TestResponse r = client.get("/team/docs").send();

            assertEquals(303, r.status());
            assertEquals("/team/docs/", r.header("Location"));
        }

        // a browser drops the one newline right after <textarea>; the page's own form must not lose
        // the text's first line break to it
        @Test
        void anEditSubmittedUnchangedKeepsALeadingNewline() {
            save("Home", "\nindented start");

            client.get("/team/docs/Home/edit").send().form().submit();

            TestResponse history = client.get("/team/docs/Home/history").header("Accept", "application/json").send();
            assertEquals(2, history.json().size());
            assertEquals("\nindented start", history.json().get(1).get("text").asText());
        }

        @Test
        void linksPagesUnderItsMountPoint() {
            save("Home", "see [[Other]]");

            assertTrue(client.get("/team/docs/Home").send().text()
                    .contains("<a href=\"/team/docs/Other\">Other</a>"));
        }
    }

    @Nested
    class History {
        @Test
        void keepsEveryRevisionWithItsAuthor() {
            save("Home", "one");
            save("Home", "two");

            TestResponse history = client.get("/team/docs/Home/history").header("Accept", "application/json").send();
            assertEquals(2, history.json().size());
            assertEquals("carol", history.json().get(1).get("author").asText());
            assertTrue(client.get("/team/docs/Home/history/1").send().text().contains("<p>one</p>"));
            assertEquals(404, client.get("/team/docs/Home/history/3").send().status());
        }

        @org.junit.jupiter.params.ParameterizedTest(name = "revision {0}")
        @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "99999999999", "999999999999999999", "2147483648"})
        void answers404ForARevisionNumberThatDoesNotExistEvenPastTheRangeOfAnInt(String n) {
            save("Home", "one");

            TestResponse r = client.get("/team/docs/Home/history/" + n).send();

            assertEquals(404, r.status(), r::text);
        }

        @Test
        void survivesReopeningTheDirectory() throws IOException {
            save("Home", "kept");

            TestClient again = TestClient.of(ServiceHarness.mount("/w", WikiApp.open(dir), null));

            assertTrue(again.get("/w/Home").send().text().contains("<p>kept</p>"));
        }
    }

    @Nested
    class BadInput {
        @ParameterizedTest
        @ValueSource(strings = {"bad.name", "-dash", "%2E%2E"})
        void answers404ForPageNamesThatCannotBeStored(String name) {
            assertEquals(404, client.get("/team/docs/" + name).send().status());
            assertEquals(404, save(name, "x").status());
        }

        @Test
        void answers400WithoutText() {
            assertEquals(400, client.post("/team/docs/Home").form("comment", "no text").send().status());
        }

        @Test
        void offersToCreateAMissingPage() {
            TestResponse r = client.get("/team/docs/Nope").send();

            assertEquals(404, r.status());
            assertTrue(r.text().contains("/team/docs/Nope/edit"));
        }
    }
}
