// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.request.Cookies;
import io.wsgi4j.middleware.request.SetCookie;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sessions kept in an HMAC-signed cookie: the session data travels with the client, signed so it
 * cannot be altered, with its expiry inside the signed payload.
 *
 * <pre>{@code
 * Middleware sessions = Sessions.signedCookies(currentKey, previousKey)
 *         .cookieName("kforge_session").maxAge(Duration.ofHours(8))
 *         .build();
 * // in the application:
 * Session.of(environ).put("user", "alice");
 * }</pre>
 *
 * <p>Per request: the cookie is verified with every key (constant-time compare); a missing, tampered,
 * truncated, expired or wrongly-signed cookie gives an empty session, never an error. The application
 * finds the {@link Session} under {@link Session#KEY}. At {@code start_response}, a changed session is
 * signed with the first key and set as a cookie ({@code Vary: Cookie} is added when the request
 * carried the cookie or the session was read); an emptied one deletes the cookie; an unchanged one sends nothing. The data is readable by
 * the client (signed, not encrypted): store ids and flags, not secrets. For options and defaults see
 * {@link SessionsBuilder}.
 *
 * @since 0.1
 */
public final class Sessions implements Application {
    private final Application next;
    private final SessionsBuilder config;

    Sessions(Application next, SessionsBuilder config) {
        this.next = Objects.requireNonNull(next, "next");
        this.config = config;
    }

    /**
     * A builder for signed-cookie sessions signed with {@code key} and also verified with {@code olderKeys}.
     *
     * @throws IllegalArgumentException if a key is shorter than {@link SessionCodec#MIN_KEY_BYTES}
     * @since 0.1
     */
    public static SessionsBuilder signedCookies(byte[] key, byte[]... olderKeys) {
        return new SessionsBuilder(key, olderKeys);
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        String cookie = Cookies.get(environ, config.cookieName());
        Session session = load(cookie, config.keys(), config.clock().instant());
        environ.put(Session.KEY, session);
        int[] saved = {-1};
        StartResponse wrapped = (status, headers, excInfo) -> {
            List<Header> out = respond(headers, session, cookie != null);
            saved[0] = session.changes();
            return startResponse.start(status, out, excInfo);
        };
        Iterable<byte[]> body = next.call(environ, wrapped);
        return Body.onClose(body, () -> {
            if (saved[0] >= 0 && session.changes() != saved[0]) {
                environ.errors().println("Sessions: the session changed after start_response; that change was not"
                        + " saved (change the session before calling start_response)");
            }
        });
    }

    /** The response half: {@code headers} plus the Set-Cookie and Vary that {@code session} needs. */
    List<Header> respond(List<Header> headers, Session session, boolean hadCookie) {
        // a response may depend on the session whenever one came in, even if it is read only later
        boolean vary = session.accessed() || hadCookie;
        if (!session.isChanged() && !vary) {
            return headers;
        }
        List<Header> out = new ArrayList<>(headers);
        if (vary) {
            out = addVaryCookie(out);
        }
        if (session.isChanged() && (!session.isEmpty() || hadCookie)) {
            out.add(setCookie(session).header());
        }
        return out;
    }

    private SetCookie setCookie(Session session) {
        SetCookie c;
        if (session.isEmpty()) {
            c = SetCookie.delete(config.cookieName());
        } else {
            Instant expires = config.clock().instant().plus(config.maxAge());
            c = SetCookie.of(config.cookieName(), store(session, config.keys().get(0), expires))
                    .withMaxAge(config.maxAge());
        }
        c = c.withPath(config.path()).withHttpOnly(config.httpOnly()).withSecure(config.secure())
                .withSameSite(config.sameSite());
        if (config.domain() != null) {
            c = c.withDomain(config.domain());
        }
        int size = c.headerValue().length();
        if (size > config.maxCookieBytes()) {
            throw new IllegalStateException("the session cookie would be " + size + " bytes, more than the limit of "
                    + config.maxCookieBytes() + " (browsers drop larger cookies); store less in the session, for"
                    + " example an id instead of the data");
        }
        return c;
    }

    private static List<Header> addVaryCookie(List<Header> headers) {
        String vary = Headers.get(headers, "Vary");
        if (vary == null) {
            headers.add(Header.of("Vary", "Cookie"));
            return headers;
        }
        for (String v : vary.split(",")) {
            if (v.trim().equals("*") || v.trim().equalsIgnoreCase("Cookie")) {
                return headers;
            }
        }
        return Headers.with(headers, "Vary", vary + ", Cookie");
    }

    /**
     * The request half: the session in {@code cookieValue} if one of {@code keys} signed it and it has
     * not expired at {@code now}, else an empty new session.
     *
     * @since 0.1
     */
    public static Session load(String cookieValue, List<byte[]> keys, Instant now) {
        byte[] payload = cookieValue == null ? null : SessionCodec.verify(cookieValue, keys);
        if (payload == null) {
            return Session.empty();
        }
        try {
            JsonNode root = Session.MAPPER.readTree(payload);
            JsonNode exp = root.get("e");
            JsonNode data = root.get("d");
            if (exp == null || !exp.canConvertToLong() || data == null || !data.isObject()
                    || exp.asLong() <= now.getEpochSecond()) {
                return Session.empty();
            }
            Map<String, JsonNode> values = new LinkedHashMap<>();
            data.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
            return new Session(values, true);
        } catch (IOException e) {
            return Session.empty();
        }
    }

    /**
     * The response half: {@code session} signed with {@code key}, valid until {@code expires}.
     *
     * @throws IllegalArgumentException if the key is shorter than {@link SessionCodec#MIN_KEY_BYTES}
     * @since 0.1
     */
    public static String store(Session session, byte[] key, Instant expires) {
        ObjectNode root = Session.MAPPER.createObjectNode();
        root.put("e", expires.getEpochSecond());
        root.set("d", session.toJson());
        try {
            return SessionCodec.sign(Session.MAPPER.writeValueAsBytes(root), key);
        } catch (IOException e) {
            throw new IllegalStateException("writing the session as JSON failed", e);
        }
    }

    /** Like {@code Sessions.signedCookies(<2 keys>).cookieName("sid").build().wrap(app)}. @since 0.1 */
    @Override
    public String toString() {
        return config + ".wrap(" + next + ")";
    }
}
