// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import java.io.IOException;

/**
 * Where {@link Sessions} keeps session data: three operations on the key the cookie carries, so the
 * data can live in the cookie itself, in memory, in files or in a database.
 *
 * <pre>{@code
 * Middleware sessions = Sessions.builder(FileSessionStore.open(Path.of("sessions"), Duration.ofDays(14)))
 *         .build();
 * }</pre>
 *
 * <p>The data is a session as UTF-8 JSON bytes (an object with its expiry and values); a store keeps
 * it as it is and never parses it. The key is what the cookie carries: a random, unguessable id for a
 * server-side store, the signed data itself for {@link SignedCookieStore}. Keys come from clients, so
 * a store must answer "nothing" for any string it did not issue, never fail on one, and never build a
 * path or query from it unchecked.
 *
 * <p>Expiry: the middleware writes each session's expiry inside the data and ignores expired data on
 * read, so a store is correct without a clock. A server-side store should still delete data it has
 * not written for longer than the session lifetime, so that it does not grow without bound.
 *
 * <p>A database implements it with one table (key primary key, data, written-at): {@code read} selects,
 * {@code write} with a null key inserts a new random key, {@code write} with a key updates that row and,
 * when no row was updated (it was deleted meanwhile), inserts under a new key; {@code update} updates
 * the row and returns null when there was none; {@code delete} deletes;
 * a periodic job deletes rows older than the lifetime. Implementations must be safe for concurrent use.
 *
 * @since 0.2
 */
public interface SessionStore {
    /**
     * The data stored under {@code key}, or null for nothing: a null key, a key this store never
     * issued (malformed, forged, or signed with no known key), a deleted one, or one purged for age.
     *
     * @throws IOException if the store cannot be read (the request then fails; nothing is lost)
     * @since 0.2
     */
    byte[] read(String key) throws IOException;

    /**
     * Stores {@code data} and returns the key the cookie carries from now on. A null {@code key} starts
     * a new session under a new key; a key that no longer exists (deleted by a logout that ran
     * meanwhile) is not revived: the data goes under a new key, too.
     *
     * @throws IOException if the data cannot be stored; the response then fails rather than lose a change
     * @since 0.2
     */
    String write(String key, byte[] data) throws IOException;

    /**
     * Stores {@code data} under {@code key} only if that key still exists, and returns the key the
     * cookie carries from now on; returns null, storing nothing, when the key is gone (a logout or a
     * purge ran since the session was read). {@link Sessions} saves a session it read with this, so a
     * request that was in flight while its session was logged out cannot bring the session back under
     * a new key for a copy of the cookie.
     *
     * <p>The default calls {@link #write}, for a store that cannot tell (such as {@link SignedCookieStore},
     * whose key is the data itself and whose cookies no logout can revoke); a server-side store should
     * override it.
     *
     * @throws IOException if the data cannot be stored; the response then fails rather than lose a change
     * @since 0.2
     */
    default String update(String key, byte[] data) throws IOException {
        return write(key, data);
    }

    /**
     * Forgets the data under {@code key}, so a copy of the cookie no longer finds it; nothing happens for
     * a null, unknown or malformed key.
     *
     * @throws IOException if the store cannot be changed
     * @since 0.2
     */
    void delete(String key) throws IOException;
}
