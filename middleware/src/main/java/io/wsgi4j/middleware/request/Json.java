// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * JSON request and response bodies with Jackson.
 *
 * <pre>{@code
 * Todo todo = Json.read(environ, Todo.class);               // 400 on bad JSON, 415 on another type
 * return Json.respond(startResponse, 201, Map.of("id", id)); // application/json body
 * }</pre>
 *
 * <p>Reading: the Content-Type must be {@code application/json} or end in {@code +json} (else 415);
 * the body at most {@link #DEFAULT_MAX_BYTES} unless told otherwise (else 413); an empty body, malformed
 * JSON, or JSON that does not map to the type is a 400 whose message says what and where. The parsed
 * tree is cached in the environ under {@link #KEY}, so reading twice (as a tree, then as a class) reads
 * the body once.
 *
 * @since 0.1
 */
public final class Json {
    /** The environ key of the cached {@link JsonNode}. @since 0.1 */
    public static final String KEY = "wsgi4j.json";
    /** The default body limit: 1 MiB. @since 0.1 */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /**
     * The body as a JSON tree, at most {@link #DEFAULT_MAX_BYTES}.
     *
     * @throws RequestException 400, 413 or 415 as described on the class
     * @since 0.1
     */
    public static JsonNode read(Environ environ) {
        return read(environ, DEFAULT_MAX_BYTES);
    }

    /**
     * The body as a JSON tree, at most {@code maxBytes}.
     *
     * @throws RequestException 400, 413 or 415 as described on the class
     * @throws IllegalArgumentException if {@code maxBytes} is not positive
     * @since 0.1
     */
    public static JsonNode read(Environ environ, int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        if (environ.get(KEY) instanceof JsonNode cached) {
            return cached;
        }
        String type = HeaderParams.parse(environ.contentType(), true).main();
        if (!type.equals("application/json") && !type.endsWith("+json")) {
            throw RequestException.unsupportedType("expected a JSON body (Content-Type application/json), got "
                    + (type.isEmpty() ? "no Content-Type" : RequestException.quote(type)));
        }
        byte[] body = RequestBody.bytes(environ, maxBytes, "the JSON body");
        if (body.length == 0) {
            throw RequestException.badRequest("the JSON body is empty");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw RequestException.badRequest("the body is not valid JSON: " + describe(e));
        } catch (IOException e) {
            throw RequestException.badRequest("the body is not valid JSON: " + e.getMessage());
        }
        environ.put(KEY, tree);
        return tree;
    }

    /**
     * The body mapped to {@code type}, at most {@link #DEFAULT_MAX_BYTES}.
     *
     * @throws RequestException 400, 413 or 415 as described on the class
     * @since 0.1
     */
    public static <T> T read(Environ environ, Class<T> type) {
        return read(environ, type, DEFAULT_MAX_BYTES);
    }

    /**
     * The body mapped to {@code type}, at most {@code maxBytes}.
     *
     * @throws RequestException 400, 413 or 415 as described on the class
     * @since 0.1
     */
    public static <T> T read(Environ environ, Class<T> type, int maxBytes) {
        Objects.requireNonNull(type, "type");
        JsonNode tree = read(environ, maxBytes);
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw RequestException.badRequest("the JSON body does not fit " + type.getSimpleName() + ": "
                    + describe(e));
        }
    }

    /**
     * {@code value} serialized as UTF-8 JSON.
     *
     * @throws IllegalArgumentException if Jackson cannot serialize it
     * @since 0.1
     */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Answers with {@code status} and {@code value} as an {@code application/json} body.
     *
     * @throws IllegalArgumentException if the status is not 100..599 or the value cannot be serialized
     * @since 0.1
     */
    public static Iterable<byte[]> respond(StartResponse startResponse, int status, Object value) {
        byte[] body = bytes(value);
        startResponse.start(Status.of(status), Headers.of(
                "Content-Type", "application/json",
                "Content-Length", Integer.toString(body.length)));
        return List.of(body);
    }

    private static String describe(JsonProcessingException e) {
        String what = e.getOriginalMessage();
        int nl = what.indexOf('\n');
        what = nl < 0 ? what : what.substring(0, nl);
        JsonLocation at = e.getLocation();
        return at == null ? what : what + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
