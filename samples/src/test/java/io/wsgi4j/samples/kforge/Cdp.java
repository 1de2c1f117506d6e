// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgi4j.samples.kforge.store.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal Chrome DevTools Protocol client over java.net.http's WebSocket: send a command and wait
 * for its result, or wait for an event.
 */
final class Cdp implements AutoCloseable {
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

    private Cdp(URI webSocketUrl) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(webSocketUrl, new Listener()).join();
    }

    static Cdp connect(URI webSocketUrl) {
        return new Cdp(webSocketUrl);
    }

    /** Sends a command and returns its result; fails on a protocol error or after 30 seconds. */
    JsonNode call(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = Json.mapper().createObjectNode().put("id", id).put("method", method);
        message.set("params", Json.mapper().valueToTree(params));
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(Json.mapper().writeValueAsString(message), true).join();
        JsonNode answer = reply.get(30, TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new AssertionError(method + " failed: " + answer.get("error"));
        }
        return answer.get("result");
    }

    /** Forgets the events seen so far, before an action whose event the caller will wait for. */
    void clearEvents() {
        events.clear();
    }

    /** Waits for the next event of that name. */
    JsonNode awaitEvent(String method, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            JsonNode e = events.poll(left, TimeUnit.NANOSECONDS);
            if (e != null && method.equals(e.path("method").asText())) {
                return e;
            }
        }
        throw new AssertionError("no " + method + " event within " + timeout);
    }

    /** Evaluates a JavaScript expression in the page and returns its value. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("page script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = Json.mapper().readTree(partial.toString());
                    CompletableFuture<JsonNode> reply = message.has("id")
                            ? pending.remove(message.get("id").asInt()) : null;
                    if (reply != null) {
                        reply.complete(message);
                    } else {
                        events.add(message);
                    }
                } catch (Exception e) {
                    events.add(Json.mapper().createObjectNode().put("method", "unparsable").put("text", e.toString()));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
