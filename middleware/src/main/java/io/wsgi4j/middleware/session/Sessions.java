// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.handler.HandedOverHeaders;
import io.wsgi4j.middleware.internal.VaryList;
import io.wsgi4j.middleware.request.Cookies;
import io.wsgi4j.middleware.request.SetCookie;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sessions: loads the session the request's cookie names from a {@link SessionStore}, and saves it
 * when the application changed it. The store decides where the data lives: in the cookie itself,
 * HMAC-signed ({@link SignedCookieStore}), or on the server under a random id ({@link MemorySessionStore},
 * {@link FileSessionStore}, a database).
 *
 * <pre>{@code
 * Middleware sessions = Sessions.builder(SignedCookieStore.of(currentKey, previousKey))
 *         .cookieName("kforge_session").maxAge(Duration.ofHours(8))
 *         .build();
 * Middleware serverSide = Sessions.of(FileSessionStore.open(dir, Duration.ofDays(14)));
 * // in the application:
 * Session.of(environ).put("user", "alice");
 * }</pre>
 *
 * <p>Per request: the store reads the cookie's key; a missing, unknown, tampered, expired or
 * wrongly-signed one gives an empty session, never an error. The application finds the
 * {@link Session} under {@link Session#KEY}. At {@code start_response}, a changed session is written
 * to the store and the key it returns set as the cookie ({@code Vary: Cookie} is added when the request
 * carried the cookie or the session was read); an emptied one is deleted from the store and its cookie
 * deleted; an {@linkplain Session#invalidate() invalidated} or {@linkplain Session#renew() renewed} one
 * is deleted from the store and what it holds after goes under a new key; an unchanged one sends nothing. A session read from the store that
 * is no longer there when it is saved (another request with a copy of the cookie logged it out
 * meanwhile) stays ended: its change is dropped and no cookie is sent, not even a deletion, which
 * could arrive after and wipe a newer cookie of the same browser ({@link SessionStore#update}). A session is saved whole: when two requests of one session change it
 * at the same time, the one saved last wins and the other's change is lost, so keep what several
 * requests of one person update at once (a cart, counters) in the application's own records, not in
 * the session. The expiry ({@code maxAge} after the
 * last change) is written inside the data and checked on read, so a store needs no clock. With signed
 * cookies the data is readable by the client (signed, not encrypted): store ids and flags, not secrets.
 * For options and defaults see {@link SessionsBuilder}.
 *
 * <p>Caches: a response that sets or deletes the session cookie carries one user's credential, and a
 * shared cache (a CDN, a proxy) that stored it would give that cookie to the next user (RFC 6265 section
 * 8, RFC 9111 section 3). So such a response always leaves marked {@code Cache-Control: private}: added
 * when the application gave no Cache-Control; when it gave one, {@code public} and {@code s-maxage}
 * (which ask shared caches to store) are replaced by {@code private} and the other directives kept
 * ({@code max-age} still serves the browser's own cache). One with {@code no-store}, or a
 * {@code private} that covers Set-Cookie, is left as it is; {@code no-cache} alone is not enough, since
 * a cache may store the response and serve it again after revalidating it. A response that only read
 * the session (or answered a request that carried the cookie) gets {@code Vary: Cookie} but keeps its
 * Cache-Control: a shared cache that stores it keys it on the Cookie header, so it serves it only to
 * requests with that same cookie. To keep a page cacheable by a CDN, do not change the session there.
 *
 * <p>To end every session of one person (after a password change, say), keep a per-person counter with
 * the person's record, copy it into the session at login, and have the authenticator refuse a session
 * whose copy is older: this works with every store, signed cookies included, and needs no index from
 * persons to sessions. KForge does this.
 *
 * @since 0.1
 */
public final class Sessions implements Application {
    private final Application next;
    private final SessionsBuilder.Config config;

    /** What begins the cookie of a session kept in the visitors' store (see {@link SessionsBuilder#visitorsIn}). */
    static final String VISITOR = "v~";

    Sessions(Application next, SessionsBuilder.Config config) {
        this.next = Objects.requireNonNull(next, "next");
        this.config = config;
    }

    /**
     * Sessions kept in {@code store}, with the defaults of {@link SessionsBuilder}.
     *
     * @throws NullPointerException if {@code store} is null
     * @since 0.2
     */
    public static Middleware of(SessionStore store) {
        return builder(store).build();
    }

    /**
     * A builder for sessions kept in {@code store}.
     *
     * @throws NullPointerException if {@code store} is null
     * @since 0.2
     */
    public static SessionsBuilder builder(SessionStore store) {
        return new SessionsBuilder(Objects.requireNonNull(store, "store"));
    }

    /**
     * A builder for signed-cookie sessions signed with {@code key} and also verified with {@code olderKeys}.
     *
     * @deprecated use {@code Sessions.builder(SignedCookieStore.of(key, olderKeys))}
     * @throws IllegalArgumentException if a key is shorter than {@link SessionCodec#MIN_KEY_BYTES}
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static SessionsBuilder signedCookies(byte[] key, byte[]... olderKeys) {
        return builder(SignedCookieStore.of(key, olderKeys));
    }

    /** The save key of a session whose key its store no longer had (compared by identity). */
    private static final String GONE = new String("(gone)");

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        String cookie = Cookies.get(environ, config.cookieName());
        Session session = parse(cookie == null ? null : storeOf(cookie).read(keyIn(cookie)), config.clock().instant());
        // the key the session is stored under: the cookie's, then the one a save gave it, so that a second
        // start_response (an error page replacing the response) saves to it again rather than to a new key
        String[] key = {session.isNew() ? null : cookie};
        environ.put(Session.KEY, session);
        int[] saved = {-1};
        StartResponse wrapped = (status, headers, excInfo) -> {
            List<Header> out = respond(headers, session, cookie != null, key);
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

    /**
     * The response half: {@code headers} plus the Set-Cookie and Vary that {@code session} needs, after
     * saving it in the store; {@code key[0]} is the store key (as the cookie carries it) the session was
     * loaded from or last saved under, null if none, and is set to the key it is saved under now.
     */
    List<Header> respond(List<Header> headers, Session session, boolean hadCookie, String[] key) {
        // a response may depend on the session whenever one came in, even if it is read only later
        boolean vary = session.accessed() || hadCookie;
        if (!session.isChanged() && !vary) {
            return headers;
        }
        List<Header> out = new HandedOverHeaders(headers.size() + 2); // handed over whole: the server need not copy it
        out.addAll(headers);
        if (vary) {
            out = VaryList.with(out, "Cookie");
        }
        if (session.isChanged() && (!session.isEmpty() || hadCookie)) {
            SetCookie c = save(session, key);
            if (c != null) {
                out.add(c.header());
                // the cookie is this user's credential: no shared cache may store it for the next user
                PrivateResponse.make(out);
            }
        }
        return out;
    }

    /** Saves {@code session}: its cookie, a deletion, or null when nothing is to be sent. */
    private SetCookie save(Session session, String[] saveKey) {
        String key = saveKey[0];
        boolean visitor = config.visitorStore() != null && !session.names().contains(config.memberKey());
        SessionStore store = visitor ? config.visitorStore() : config.store();
        SetCookie c;
        try {
            // a session moving between the visitors' store and the main one starts again under a new key there
            if (key != null && key != GONE && (session.ended() || session.isEmpty() || storeOf(key) != store)) {
                storeOf(key).delete(keyIn(key));
                key = null;
            }
            String stored = null;
            if (!session.isEmpty() && key != GONE) {
                Instant expires = config.clock().instant().plus(config.maxAge());
                // a session read from the store is saved only while it still exists there: a logout
                // that ran meanwhile (another request with a copy of the cookie) ended it for good
                stored = key == null ? store.write(null, payload(session, expires))
                        : store.update(keyIn(key), payload(session, expires));
            }
            // a key its store no longer had stays gone for the rest of the request: a second save (an error
            // page replacing the response) must not bring the session back under a new key either
            boolean gone = stored == null && key != null && !session.isEmpty();
            saveKey[0] = stored != null ? (visitor ? VISITOR + stored : stored) : gone ? GONE : null;
            if (gone) {
                // no cookie at all, not a deletion: the logout already deleted this browser's copy, and the
                // browser may hold a newer cookie by now (a login in another tab) that a late deletion would wipe
                return null;
            }
            c = stored == null ? SetCookie.delete(config.cookieName())
                    : SetCookie.of(config.cookieName(), saveKey[0]).withMaxAge(config.maxAge());
        } catch (IOException e) {
            throw new UncheckedIOException("the session store " + store + " failed; the session was not saved", e);
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
                    + " example an id instead of the data, or keep sessions on the server (Sessions.builder(store))");
        }
        return c;
    }

    /** The store that issued the key a cookie carries: the visitors' for a {@value #VISITOR} key, else the main one. */
    private SessionStore storeOf(String cookie) {
        return config.visitorStore() != null && cookie.startsWith(VISITOR) ? config.visitorStore() : config.store();
    }

    /** The key as its store issued it: without the visitors' prefix. */
    private String keyIn(String cookie) {
        return config.visitorStore() != null && cookie.startsWith(VISITOR) ? cookie.substring(VISITOR.length()) : cookie;
    }

    /**
     * The request half: the session in {@code cookieValue} if one of {@code keys} signed it and it has
     * not expired at {@code now}, else an empty new session.
     *
     * @since 0.1
     */
    public static Session load(String cookieValue, List<byte[]> keys, Instant now) {
        return parse(cookieValue == null ? null : SessionCodec.verify(cookieValue, keys), now);
    }

    /** The session in {@code data} (as {@link #payload} wrote it) unless it expired at {@code now}, else a new one. */
    static Session parse(byte[] data, Instant now) {
        if (data == null) {
            return Session.empty();
        }
        try {
            JsonNode root = Session.MAPPER.readTree(data);
            JsonNode exp = root == null ? null : root.get("e");
            JsonNode values = root == null ? null : root.get("d");
            if (exp == null || !exp.canConvertToLong() || values == null || !values.isObject()
                    || exp.asLong() <= now.getEpochSecond()) {
                return Session.empty();
            }
            Map<String, JsonNode> map = new LinkedHashMap<>();
            values.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
            return new Session(map, true);
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
        return SessionCodec.sign(payload(session, expires), key);
    }

    /** What a store keeps: {@code {"e": expiry in epoch seconds, "d": {values}}} as UTF-8 JSON. */
    static byte[] payload(Session session, Instant expires) {
        ObjectNode root = Session.MAPPER.createObjectNode();
        root.put("e", expires.getEpochSecond());
        root.set("d", session.toJson());
        try {
            return Session.MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("writing the session as JSON failed", e);
        }
    }

    /** Like {@code Sessions.builder(SignedCookieStore.of(<key>)).cookieName("sid").build().wrap(app)}. @since 0.1 */
    @Override
    public String toString() {
        return config + ".wrap(" + next + ")";
    }
}
