// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.wsgi4j.middleware.internal.BuilderCode;
import java.time.Duration;

/**
 * Keeps sessions in this process's memory under random ids: logging out ends a session for every copy
 * of its cookie, and a restart ends them all (use {@link FileSessionStore} to keep them).
 *
 * <pre>{@code
 * Sessions.builder(MemorySessionStore.of(Duration.ofDays(14), 100_000)).build()
 * }</pre>
 *
 * <p>Bounded: a session not written for {@code retention} is dropped, and beyond {@code maxSessions}
 * the least recently used ones are (so a flood of new visitors costs old sessions, never the heap).
 * One process only: behind a load balancer with several processes, use a shared store.
 *
 * @since 0.2
 */
public final class MemorySessionStore implements SessionStore {
    private final Cache<String, byte[]> sessions;
    private final String description;

    private MemorySessionStore(Duration retention, long maxSessions) {
        this.sessions = CacheBuilder.newBuilder().expireAfterWrite(retention).maximumSize(maxSessions).build();
        this.description = "MemorySessionStore.of(" + BuilderCode.literal(retention) + ", " + maxSessions + ")";
    }

    /**
     * A store keeping each session for {@code retention} after its last write, at most {@code maxSessions}.
     *
     * @throws IllegalArgumentException if retention is under one second or maxSessions under 1
     * @since 0.2
     */
    public static MemorySessionStore of(Duration retention, long maxSessions) {
        if (retention.getSeconds() < 1 || maxSessions < 1) {
            throw new IllegalArgumentException("a memory session store needs a retention of at least one second and"
                    + " room for one session, got " + retention + " and " + maxSessions);
        }
        return new MemorySessionStore(retention, maxSessions);
    }

    /** @since 0.2 */
    @Override
    public byte[] read(String key) {
        byte[] data = SessionIds.isWellFormed(key) ? sessions.getIfPresent(key) : null;
        return data == null ? null : data.clone();
    }

    /** @since 0.2 */
    @Override
    public String write(String key, byte[] data) {
        if (key != null && update(key, data) != null) {
            return key;
        }
        String id = SessionIds.next();
        sessions.put(id, data.clone());
        return id;
    }

    /** @since 0.2 */
    @Override
    public String update(String key, byte[] data) {
        byte[] copy = data.clone();
        return SessionIds.isWellFormed(key) && sessions.asMap().computeIfPresent(key, (k, old) -> copy) != null
                ? key : null;
    }

    /** @since 0.2 */
    @Override
    public void delete(String key) {
        if (key != null) {
            sessions.invalidate(key);
        }
    }

    /** The factory call that made it. @since 0.2 */
    @Override
    public String toString() {
        return description;
    }
}
