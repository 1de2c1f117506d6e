// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.caching;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.response.ContentLength;
import io.wsgi4j.middleware.response.HeldResponse;
import io.wsgi4j.middleware.response.ResponseStart;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;

/**
 * Gives 200 responses to GET without an ETag a strong one: a SHA-256 digest of the body. Only bodies
 * already held in memory (a list of chunks, as {@code Body.of} returns) of at most {@code maxSize}
 * bytes are hashed; a streaming body is never read ahead to be hashed, so it gets no ETag.
 *
 * <pre>{@code
 * Pipeline.builder().use(ConditionalGet.middleware()).use(ETags.middleware()).run(app);
 * }</pre>
 *
 * <p>Put it inside {@link ConditionalGet}, which then answers 304 when the tag matches. Left alone:
 * other methods and statuses, responses with an ETag or {@code Cache-Control: no-store}, and
 * applications that start their response while their body is iterated.
 *
 * @since 0.1
 */
public final class ETags implements Application {
    private static final int DEFAULT_MAX = 64 * 1024;

    private final Application next;
    private final int maxSize;

    private ETags(Application next, int maxSize) {
        this.next = Objects.requireNonNull(next, "next");
        this.maxSize = maxSize;
    }

    /** The middleware hashing bodies up to 64 KiB. @since 0.1 */
    public static Middleware middleware() {
        return middleware(DEFAULT_MAX);
    }

    /**
     * The middleware hashing in-memory bodies up to {@code maxSize} bytes.
     *
     * @throws IllegalArgumentException if {@code maxSize} is negative
     * @since 0.1
     */
    public static Middleware middleware(int maxSize) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("ETags maxSize must be >= 0 bytes, got " + maxSize);
        }
        return Middleware.named(describe(maxSize), next -> new ETags(next, maxSize));
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        if (!environ.requestMethod().equals("GET")) {
            return next.call(environ, startResponse);
        }
        HeldResponse held = new HeldResponse(startResponse, (start, body) -> respond(start, body, maxSize));
        return held.finish(next.call(environ, held));
    }

    /**
     * The response half: {@code start} with an ETag computed from {@code knownBody} when it is a
     * 200 without ETag or no-store, and the body is an in-memory collection of at most {@code maxSize}
     * bytes.
     *
     * @since 0.1
     */
    public static ResponseStart respond(ResponseStart start, Iterable<byte[]> knownBody, int maxSize) {
        if (start.status().code() != 200 || start.header("ETag") != null || !(knownBody instanceof Collection)) {
            return start;
        }
        String cacheControl = start.header("Cache-Control");
        if (cacheControl != null && cacheControl.toLowerCase(Locale.ROOT).contains("no-store")) {
            return start;
        }
        long length = ContentLength.knownLength(knownBody);
        if (length < 0 || length > maxSize) {
            return start;
        }
        return start.withHeader("ETag", of(knownBody));
    }

    /**
     * The strong entity-tag of {@code chunks}: the first 128 bits of their SHA-256, base64url, quoted.
     *
     * @since 0.1
     */
    public static String of(Iterable<byte[]> chunks) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        for (byte[] c : chunks) {
            sha.update(c);
        }
        byte[] digest = sha.digest();
        return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16)) + "\"";
    }

    private static String describe(int maxSize) {
        return maxSize == DEFAULT_MAX ? "ETags.middleware()" : "ETags.middleware(" + maxSize + ")";
    }

    @Override
    public String toString() {
        return describe(maxSize) + ".wrap(" + next + ")";
    }
}
