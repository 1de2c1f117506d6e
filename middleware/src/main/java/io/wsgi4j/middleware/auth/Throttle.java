// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.auth;

import io.wsgi4j.middleware.internal.BuilderCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Limits failures per key (an account name, a client address): a token bucket per key that allows
 * {@code burst} failures at once and gives one back every {@code refill}; while a key has none left,
 * {@link #retryAfter} says how long to wait (answer 429 with Retry-After).
 *
 * <pre>{@code
 * Throttle perAccount = Throttle.of(5, Duration.ofMinutes(1));
 * Duration wait = perAccount.tryAcquire(name);              // takes a try, or says how long to wait
 * if (!wait.isZero()) { return tooManyRequests(wait); }     // do not even check the password
 * if (passwordMatches) { perAccount.release(name); }        // only failures count
 * }</pre>
 *
 * <p>A try is taken before the password is checked, not counted after: with {@link #retryAfter} before
 * the check and {@link #fail} after it, every request that arrives while the first checks are still
 * running passes, so a guesser who sends a hundred guesses at once has a hundred checked. Use
 * {@link #retryAfter} alone to ask without taking.
 *
 * <p>Keys are compared exactly. Pass an account name as the user store matches it (trimmed, and
 * lower-cased if logins ignore case): else each variant a guesser sends ({@code Alice}, {@code ALICE},
 * {@code " alice"}) that still reaches the same account gets a burst of its own.
 *
 * <p>Memory is bounded: at most {@code maxKeys} keys are tracked (default 100,000), the least recently
 * used dropped first, and a key whose bucket has refilled is forgotten; a key over 64 characters is held
 * as its SHA-256, so a client choosing long user names does not grow it. Dropping a key forgives it, so
 * size the bound above the number of keys an attacker can make fail in one refill period. Thread-safe.
 *
 * @since 0.2
 */
public final class Throttle {
    private final int burst;
    private final Duration refill;
    /** Keys tracked at most unless {@link #withMaxKeys} says otherwise. @since 0.2 */
    public static final int DEFAULT_MAX_KEYS = 100_000;

    private final int maxKeys;
    /** Keys longer than this are tracked by their digest ({@link #stored}). */
    private static final int MAX_KEY_CHARS = 64;
    private final Clock clock;
    private final Map<String, Bucket> buckets;

    private Throttle(int burst, Duration refill, int maxKeys, Clock clock) {
        this.burst = burst;
        this.refill = refill;
        this.maxKeys = maxKeys;
        this.clock = clock;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > Throttle.this.maxKeys;
            }
        };
    }

    /**
     * A throttle allowing {@code burst} failures per key, then one more per {@code refill}.
     *
     * @throws IllegalArgumentException if burst is under 1 or refill under one millisecond
     * @since 0.2
     */
    public static Throttle of(int burst, Duration refill) {
        if (burst < 1 || refill.toMillis() < 1) {
            throw new IllegalArgumentException("a throttle needs a burst of at least 1 and a refill of at least 1 ms,"
                    + " got " + burst + " and " + refill);
        }
        return new Throttle(burst, refill, DEFAULT_MAX_KEYS, Clock.systemUTC());
    }

    /**
     * A copy tracking at most {@code max} keys.
     *
     * @throws IllegalArgumentException if max is under 1
     * @since 0.2
     */
    public Throttle withMaxKeys(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, got " + max);
        }
        return new Throttle(burst, refill, max, clock);
    }

    /** A copy reading time from {@code c} (tests pass one they move). @since 0.2 */
    public Throttle withClock(Clock c) {
        return new Throttle(burst, refill, maxKeys, Objects.requireNonNull(c, "clock"));
    }

    /** Zero when {@code key} may try now, else how long until it may. @since 0.2 */
    public synchronized Duration retryAfter(String key) {
        return waitFor(stored(key));
    }

    private Duration waitFor(String key) {
        Bucket b = refilled(key);
        if (b == null || b.tokens >= 1) {
            return Duration.ZERO;
        }
        return Duration.ofMillis((long) Math.ceil((1 - b.tokens) * refill.toMillis()));
    }

    /** Records one failure of {@code key}. @since 0.2 */
    public synchronized void fail(String key) {
        take(stored(key));
    }

    private void take(String key) {
        Bucket b = refilled(key);
        if (b == null) {
            b = new Bucket(burst, clock.millis());
            buckets.put(key, b);
        }
        b.tokens = Math.max(0, b.tokens - 1);
    }

    /**
     * Takes one try of {@code key}, counted as a failure until {@link #release} gives it back: zero when
     * the key had one (go on and check), else how long until it has, and nothing is taken. The check and
     * the count are one step, so tries that arrive together cannot all pass before any of them counts.
     *
     * @since 0.2
     */
    public synchronized Duration tryAcquire(String key) {
        String k = stored(key);
        Duration wait = waitFor(k);
        if (wait.isZero()) {
            take(k);
        }
        return wait;
    }

    /**
     * Gives back a try {@link #tryAcquire} took, because it succeeded (a right password): only failures
     * count. A key no longer tracked is left alone.
     *
     * @since 0.2
     */
    public synchronized void release(String key) {
        String k = stored(key);
        Bucket b = refilled(k);
        if (b != null) {
            b.tokens = Math.min(burst, b.tokens + 1);
            if (b.tokens >= burst) {
                buckets.remove(k);
            }
        }
    }

    /**
     * The key as tracked: itself up to {@link #MAX_KEY_CHARS} characters, else {@code #} and its SHA-256
     * in hex. A key is often what a client sent (a user name from a form), so held as is, maxKeys keys
     * would bound the count but not the memory; the digest keeps long keys apart in 65 characters, one
     * more than any key held as is, so no short key can stand for a long one.
     */
    private static String stored(String key) {
        if (key == null || key.length() <= MAX_KEY_CHARS) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "#" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    synchronized int trackedKeys() {
        return buckets.size();
    }

    synchronized long trackedChars() {
        return buckets.keySet().stream().mapToLong(String::length).sum();
    }

    /** The key's bucket brought up to now, or null when it has none or it is full again (then forgotten). */
    private Bucket refilled(String key) {
        Bucket b = buckets.get(key);
        if (b == null) {
            return null;
        }
        long now = clock.millis();
        b.tokens = Math.min(burst, b.tokens + (double) Math.max(0, now - b.updated) / refill.toMillis());
        b.updated = now;
        if (b.tokens >= burst) {
            buckets.remove(key);
            return null;
        }
        return b;
    }

    /** Like {@code Throttle.of(5, Duration.ofMinutes(1))}. @since 0.2 */
    @Override
    public String toString() {
        return "Throttle.of(" + burst + ", " + BuilderCode.literal(refill) + ")"
                + (maxKeys != DEFAULT_MAX_KEYS ? ".withMaxKeys(" + maxKeys + ")" : "");
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }
}
