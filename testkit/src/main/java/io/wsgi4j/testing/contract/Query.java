// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing.contract;

import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import java.util.HashMap;
import java.util.Map;

/** The contract app's query handling: numbers only, so no decoding is needed. */
final class Query {
    private Query() {
    }

    static Map<String, String> parse(String query) {
        Map<String, String> out = new HashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return out;
    }

    /** The value of {@code name} as a non-negative number, {@code fallback} when absent, -1 when malformed. */
    static long number(Map<String, String> query, String name, long fallback) {
        String v = query.get(name);
        if (v == null) {
            return fallback;
        }
        if (v.isEmpty() || v.length() > 15 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(v);
    }

    static Iterable<byte[]> badRequest(String message, StartResponse startResponse) {
        startResponse.start(Status.of(400), Headers.of("Content-Type", "text/plain"));
        return Body.of("400 Bad Request: " + message + "\n");
    }
}
