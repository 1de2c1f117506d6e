// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import static io.wsgi4j.samples.kforge.KForgeCluster.backendOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.wsgi4j.samples.kforge.store.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every write {@link KForgeClusterTest}'s clients sent through nginx, acknowledged (303) or not, which
 * backend acknowledged it, and the check that reads them all back.
 */
final class AcknowledgedWrites {
    final Map<Integer, List<String>> ownPages = new ConcurrentHashMap<>();
    final List<String> shared = Collections.synchronizedList(new ArrayList<>());
    final Map<Integer, String> tickets = new ConcurrentHashMap<>();
    final List<String> refused = Collections.synchronizedList(new ArrayList<>());
    final Set<String> backends = ConcurrentHashMap.newKeySet();

    String ownPage(WebUser user, String token, int client, int r) throws IOException, InterruptedException {
        String text = "client " + client + " revision " + r;
        HttpResponse<String> saved = user.post("/projects/web/wiki/Own" + client, token, "text", text);
        if (acknowledged(saved, text)) {
            ownPages.computeIfAbsent(client, k -> Collections.synchronizedList(new ArrayList<>())).add(text);
        }
        return backendOf(saved);
    }

    void sharedPage(WebUser user, String token, int client, int r) throws IOException, InterruptedException {
        String text = "client " + client + " shared revision " + r;
        if (acknowledged(user.post("/projects/web/wiki/Shared", token, "text", text), text)) {
            shared.add(text);
        }
    }

    void ticket(WebUser user, String token, int client, int r) throws IOException, InterruptedException {
        String title = "client " + client + " ticket " + r;
        HttpResponse<String> opened = user.post("/projects/web/tickets/", token, "title", title);
        if (acknowledged(opened, title)) {
            String location = opened.headers().firstValue("Location").orElseThrow();
            String before = tickets.put(Integer.parseInt(location.substring(location.lastIndexOf('/') + 1)), title);
            if (before != null) {
                refused.add("ticket " + location + " acknowledged twice: \"" + before + "\" and \"" + title + "\"");
            }
        }
    }

    private boolean acknowledged(HttpResponse<String> response, String what) {
        if (response.statusCode() != 303) {
            refused.add(what + ": " + response.statusCode() + " from " + response.headers().firstValue("X-Backend")
                    .orElse("nginx"));
            return false;
        }
        backends.add(backendOf(response));
        return true;
    }

    /** Reads every page and the ticket list back through nginx and compares with what was acknowledged. */
    void assertAllReadBack(WebUser user, int clients) throws IOException, InterruptedException {
        for (int c = 0; c < clients; c++) {
            assertEquals(ownPages.getOrDefault(c, List.of()), revisions(user, "Own" + c),
                    "client " + c + "'s own page: its acknowledged revisions, in order");
        }
        List<String> sharedBack = revisions(user, "Shared");
        assertEquals(new TreeMap<>(count(shared)), new TreeMap<>(count(sharedBack)),
                "the shared page: each acknowledged revision exactly once");
        Map<Integer, String> ticketsBack = new TreeMap<>();
        for (JsonNode t : Json.mapper().readTree(user.get("/projects/web/tickets/", "application/json").body())) {
            ticketsBack.put(t.get("id").asInt(), t.get("title").asText());
        }
        assertEquals(new TreeMap<>(tickets), ticketsBack, "the tickets: each acknowledged one under its number");
    }

    private static List<String> revisions(WebUser user, String page) throws IOException, InterruptedException {
        HttpResponse<String> got = user.get("/projects/web/wiki/" + page, "application/json");
        if (got.statusCode() == 404) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode r : Json.mapper().readTree(got.body()).get("revisions")) {
            texts.add(r.get("text").asText());
        }
        return texts;
    }

    private static Map<String, Integer> count(List<String> texts) {
        Map<String, Integer> n = new TreeMap<>();
        synchronized (texts) {
            texts.forEach(t -> n.merge(t, 1, Integer::sum));
        }
        return n;
    }
}
