// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgi4j.Environ;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The current request's session: a small map of names to strings or JSON-able values, kept by
 * {@link Sessions} in the environ under {@link #KEY}.
 *
 * <pre>{@code
 * Session session = Session.of(environ);
 * session.put("user", "alice");
 * session.put("cart", List.of(12, 40));
 * String user = session.get("user");
 * List<?> cart = session.get("cart", List.class);
 * session.invalidate();   // log out: the cookie is deleted
 * }</pre>
 *
 * <p>Values are stored as JSON (Jackson), so what you read back is a copy of what you put: strings,
 * numbers, booleans, lists, maps and beans that Jackson can write. Changes made before
 * {@code start_response} are saved in the {@link SessionStore} (and the response's cookie); nothing is
 * written when the session did not change. One request's session is not meant to be shared between threads.
 *
 * @since 0.1
 */
public final class Session {
    /** The environ key holding the session. @since 0.1 */
    public static final String KEY = "wsgi4j.session";

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, JsonNode> values;
    private final boolean fromCookie;
    private int changes;
    private boolean accessed;
    private boolean ended;

    Session(Map<String, JsonNode> values, boolean fromCookie) {
        this.values = new LinkedHashMap<>(values);
        this.fromCookie = fromCookie;
    }

    /** A new, empty session not tied to a request (for tests of code that takes a session). @since 0.1 */
    public static Session empty() {
        return new Session(Map.of(), false);
    }

    /**
     * The session of the current request.
     *
     * @throws IllegalStateException if no {@link Sessions} middleware runs in front of the application
     * @since 0.1
     */
    public static Session of(Environ environ) {
        if (environ.get(KEY) instanceof Session s) {
            return s;
        }
        throw new IllegalStateException("no session in the environ under \"" + KEY + "\"; wrap the application"
                + " with Sessions.of(SignedCookieStore.of(key))");
    }

    /** The value of {@code name} as a string (JSON text for a non-string value), or null. @since 0.1 */
    public String get(String name) {
        accessed = true;
        JsonNode v = values.get(name);
        return v == null ? null : v.isTextual() ? v.textValue() : v.toString();
    }

    /**
     * The value of {@code name} converted to {@code type}, or null when absent.
     *
     * @throws IllegalArgumentException if the stored value does not convert to {@code type}
     * @since 0.1
     */
    public <T> T get(String name, Class<T> type) {
        accessed = true;
        JsonNode v = values.get(name);
        if (v == null) {
            return null;
        }
        try {
            return MAPPER.treeToValue(v, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("session value " + name + " is not a " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Sets {@code name} to {@code value} (a string, or anything Jackson can write); null removes it.
     *
     * @throws IllegalArgumentException if Jackson cannot write the value
     * @since 0.1
     */
    public Session put(String name, Object value) {
        Objects.requireNonNull(name, "name");
        if (value == null) {
            remove(name);
            return this;
        }
        JsonNode node;
        try {
            node = MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("session value " + name + " must be a string or JSON-able, got a "
                    + value.getClass().getName() + " that Jackson cannot write", e);
        }
        accessed = true;
        if (!node.equals(values.put(name, node))) {
            changes++;
        }
        return this;
    }

    /** Removes {@code name}; returns whether it was there. @since 0.1 */
    public boolean remove(String name) {
        accessed = true;
        boolean had = values.remove(name) != null;
        if (had) {
            changes++;
        }
        return had;
    }

    /** Removes every value. @since 0.1 */
    public void clear() {
        accessed = true;
        if (!values.isEmpty()) {
            values.clear();
            changes++;
        }
    }

    /**
     * Ends the session: removes every value so the cookie is deleted, and a server-side store deletes
     * the data, so no copy of the cookie finds it again. Values put afterwards start a new session
     * under a new id. Call it at logout, and before storing a user at login so that nothing from before
     * login carries over and an id planted before login is worth nothing (session fixation); or
     * {@link #renew()} at login to keep the values.
     *
     * @since 0.1
     */
    public void invalidate() {
        accessed = true;
        values.clear();
        changes++;
        ended = true;
    }

    /**
     * Moves the session to a new id, keeping its values but for the {@link Csrf} secret: the stored session
     * under the old id is deleted, so a copy of the old cookie finds nothing. Call it at login (and on any
     * change of privilege) when what was put before should stay, such as a cart or the page to return to;
     * {@link #invalidate()} when nothing should. Either way an id that an attacker planted in the browser
     * before login is worth nothing after (session fixation), and the CSRF secret, which whoever planted
     * the session may know, is replaced ({@link Csrf#token} makes a new one). With a
     * {@link SignedCookieStore} the old cookie stays valid until it expires, but holds only what it held
     * before the login.
     *
     * @since 0.2
     */
    public void renew() {
        accessed = true;
        values.remove(Csrf.SESSION_KEY);
        changes++;
        ended = true;
    }

    /** The names, in insertion order; unmodifiable. @since 0.1 */
    public Set<String> names() {
        accessed = true;
        return Collections.unmodifiableSet(values.keySet());
    }

    /** True when the session holds nothing. @since 0.1 */
    public boolean isEmpty() {
        accessed = true;
        return values.isEmpty();
    }

    /** True when the request brought no valid session cookie. @since 0.1 */
    public boolean isNew() {
        return !fromCookie;
    }

    /** True when a value was put, removed or cleared since the session was loaded. @since 0.1 */
    public boolean isChanged() {
        return changes > 0;
    }

    /** True after {@link #invalidate()}: the stored session must go, whatever is put afterwards. */
    boolean ended() {
        return ended;
    }

    int changes() {
        return changes;
    }

    boolean accessed() {
        return accessed;
    }

    ObjectNode toJson() {
        ObjectNode data = MAPPER.createObjectNode();
        values.forEach(data::set);
        return data;
    }

    /** The names only: values may be private. @since 0.1 */
    @Override
    public String toString() {
        return "Session" + values.keySet() + (isChanged() ? " (changed)" : "");
    }
}
