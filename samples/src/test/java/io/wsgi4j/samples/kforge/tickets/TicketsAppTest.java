// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wsgi4j.samples.kforge.ServiceHarness;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TicketsAppTest {
    @TempDir
    Path dir;

    private TestClient client;

    @BeforeEach
    void mountAnywhere() throws IOException {
        client = TestClient.of(ServiceHarness.mount("/bugs", TicketsApp.open(dir), "dave"));
    }

    private JsonNode ticket(int id) {
        return client.get("/bugs/" + id).header("Accept", "application/json").send().json();
    }

    @Nested
    class Lifecycle {
        @Test
        void opensATicketByTheRequestingUser() {
            TestResponse r = client.post("/bugs/").form("title", " Broken ").form("description", "it is").send();

            assertEquals(303, r.status());
            assertEquals("/bugs/1", r.header("Location"));
            JsonNode t = ticket(1);
            assertEquals("Broken", t.get("title").asText());
            assertEquals("dave", t.get("author").asText());
            assertTrue(t.get("open").asBoolean());
        }

        @Test
        void commentsAndClosesWithANote() {
            client.post("/bugs/").form("title", "t").send();

            client.post("/bugs/1/comments").form("text", "me too").send();
            client.post("/bugs/1/close").send();

            JsonNode t = ticket(1);
            assertFalse(t.get("open").asBoolean());
            assertEquals("me too", t.get("comments").get(0).get("text").asText());
            assertEquals("closed", t.get("comments").get(1).get("text").asText());
        }

        @Test
        void closingTwiceChangesNothing() {
            client.post("/bugs/").form("title", "t").send();
            client.post("/bugs/1/close").send();

            client.post("/bugs/1/close").form("text", "again").send();

            assertEquals(1, ticket(1).get("comments").size());
        }

        @Test
        void continuesNumberingAfterAReopen() throws IOException {
            client.post("/bugs/").form("title", "one").send();

            TestClient again = TestClient.of(ServiceHarness.mount("/bugs", TicketsApp.open(dir), null));

            assertEquals("/bugs/2", again.post("/bugs/").form("title", "two").send().header("Location"));
        }
    }

    @Nested
    class BadInput {
        @Test
        void refusesATicketWithoutTitle() {
            assertEquals(400, client.post("/bugs/").form("title", "  ").send().status());
        }

        @Test
        void refusesAnEmptyComment() {
            client.post("/bugs/").form("title", "t").send();

            assertEquals(400, client.post("/bugs/1/comments").form("text", "").send().status());
        }

        @Test
        void answers404ForUnknownTickets() {
            assertEquals(404, client.get("/bugs/9").send().status());
            assertEquals(404, client.post("/bugs/9/close").send().status());
            assertEquals(404, client.get("/bugs/abc").send().status());
        }
    }
}
