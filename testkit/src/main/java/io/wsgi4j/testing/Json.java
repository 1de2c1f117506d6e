// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The one Jackson mapper of the test client; Jackson stays inside io.wsgi4j.testing. */
final class Json {
    // a JSON text is exactly one value (RFC 8259): Jackson otherwise stops after the first and ignores the rest
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private Json() {}

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage() + "; pass a Map, List, record or bean Jackson can serialise", e);
        }
    }

    static JsonNode tree(byte[] body) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (IOException e) {
            throw notJson(body, e);
        }
        if (tree == null || tree.isMissingNode()) { // what readTree returns for no value at all
            throw notJson(body, new IOException("no JSON value in it"));
        }
        return tree;
    }

    static <T> T read(byte[] body, Class<T> type) {
        try {
            return MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw notJson(body, e);
        }
    }

    private static AssertionError notJson(byte[] body, IOException e) {
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
        return new AssertionError("the response body is not the JSON expected (" + e.getMessage().lines().findFirst()
                .orElse("") + "), got \"" + text + (body.length > 200 ? "..." : "") + "\"", e);
    }
}
