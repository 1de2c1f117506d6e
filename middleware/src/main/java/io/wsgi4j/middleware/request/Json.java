// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
 * the body at most {@link #DEFAULT_MAX_BYTES} unless told otherwise (else 413); an empty body (or one of
 * only whitespace), malformed JSON, anything but exactly one JSON value (RFC 8259: no trailing text, no
 * second document), a name twice in one object, a number too large for a double ({@code 1e999}, which
 * would become Infinity), a string with half a surrogate pair (an escape of U+D800 to U+DFFF without its
 * partner, RFC 8259 section 8.2), or JSON that does not map to the type is a 400 whose message says what
 * and where. The parsed tree is cached in the environ under {@link #KEY}, so reading twice (as a tree,
 * then as a class) reads the body once.
 *
 * <p>These 400/413/415 are {@link RequestException}s: {@link RequestScope} or
 * {@code ErrorCatcher} in the pipeline answers each with its status and message; with neither, it
 * reaches the server as any exception does, a 500.
 *
 * @since 0.1
 */
public final class Json {
    /** The environ key of the cached {@link JsonNode}. @since 0.1 */
    public static final String KEY = "wsgi4j.json";
    /** The default body limit: 1 MiB. @since 0.1 */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;

    /**
     * Refuses a name repeated in one object (RFC 8259 section 4 leaves the result to each reader: the
     * first, the last or an error), which Jackson would otherwise settle by dropping all but the last.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** The most characters of a Jackson error message a 400 repeats (see {@link #clip}). */
    private static final int MAX_JACKSON_TEXT = 120;

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
        JsonNode tree = parse(RequestBody.bytes(environ, maxBytes, "the JSON body"));
        environ.put(KEY, tree);
        return tree;
    }

    /**
     * RFC 8259 makes a JSON text exactly one value with optional whitespace around it. Jackson's
     * {@code readTree} stops after the first value (so {@code {..} garbage} and {@code {..}{..}}
     * would pass) and returns a missing node for a body of whitespace, so both are checked here.
     */
    private static JsonNode parse(byte[] body) {
        try (JsonParser parser = MAPPER.createParser(body)) {
            JsonNode tree = MAPPER.readTree(parser);
            if (tree == null || tree.isMissingNode()) {
                throw RequestException.badRequest("the JSON body is empty");
            }
            if (parser.nextToken() != null) {
                throw RequestException.badRequest("the body is not valid JSON: more after the first value"
                        + at(parser.currentTokenLocation()));
            }
            String problem = JsonCheck.problem(tree);
            if (problem != null) {
                throw RequestException.badRequest(problem);
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw RequestException.badRequest("the body is not valid JSON: " + describe(e));
        } catch (IOException e) {
            throw RequestException.badRequest("the body is not valid JSON: " + e.getMessage());
        }
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
        if (e instanceof UnrecognizedPropertyException u) {
            // Jackson's own text names the Java class; the client knows the fields, not the class
            // the path ends with the unknown field itself; it is empty when the field was met at the root
            // by code that did not record where (a custom deserializer throwing it)
            List<JsonMappingException.Reference> refs = u.getPath();
            String in = refs.isEmpty() ? "" : path(refs.subList(0, refs.size() - 1));
            return "unknown field " + RequestException.quote(u.getPropertyName())
                    + (in.isEmpty() ? "" : " in " + in) + "; known fields: " + u.getKnownPropertyIds();
        }
        String what = e.getOriginalMessage();
        int nl = what.indexOf('\n');
        what = clip(nl < 0 ? what : what.substring(0, nl));
        String where = at(e.getLocation());
        if (where.isEmpty() && e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            // a tree mapped to a class has no text positions left; the field path says where instead
            where = " (at " + path(m.getPath()) + ")";
        }
        return what + where;
    }

    /**
     * Jackson's text with control characters escaped and cut to {@value #MAX_JACKSON_TEXT} characters:
     * it quotes up to 256 characters of an unknown token and 500 of a string that does not fit, raw,
     * while a {@link RequestException} echoes only a short, escaped piece of the client's input.
     */
    private static String clip(String jacksonText) {
        StringBuilder b = new StringBuilder(Math.min(jacksonText.length(), MAX_JACKSON_TEXT) + 8);
        for (int i = 0; i < jacksonText.length(); i++) {
            if (b.length() >= MAX_JACKSON_TEXT) {
                return b.append("...").toString();
            }
            char c = jacksonText.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** " (line L, column C)", or nothing when Jackson does not know the position (it then says -1). */
    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** A field path such as {@code items[0].title}, cut and escaped like Jackson's text. */
    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : references) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return clip(b.toString()); // the names may be the client's (the keys of a map)
    }
}
