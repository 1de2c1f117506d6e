// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.caching;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.internal.BuilderCode;
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
 * Gives 200 responses to GET without an ETag a strong one: a SHA-256 digest of the body; a HEAD gets
 * the same tag when the application gives it the GET's body (as most do: the server drops it), so a
 * conditional HEAD is answered as its GET would be. Only bodies
 * already held in memory (a list of chunks, as {@code Body.of} returns) of at most {@code maxSize}
 * bytes are hashed; a streaming body is never read ahead to be hashed, so it gets no ETag.
 *
 * <pre>{@code
 * Pipeline.builder().use(ConditionalGet.of()).use(ETags.of()).run(app);
 * }</pre>
 *
 * <p>Put it inside {@link ConditionalGet}, which then answers 304 when the tag matches. Left alone:
 * other methods and statuses, a HEAD with an empty body, responses with an ETag or {@code Cache-Control: no-store}, and
 * applications that start their response while their body is iterated.
 *
 * @since 0.1
 */
public final class ETags implements Application {
    /** Bodies up to this many bytes are hashed unless the builder says otherwise: 64 KiB. @since 0.2 */
    public static final int DEFAULT_MAX_SIZE = 64 * 1024;

    private final Application next;
    private final int maxSize;

    private ETags(Application next, int maxSize) {
        this.next = Objects.requireNonNull(next, "next");
        this.maxSize = maxSize;
    }

    /** The middleware hashing in-memory bodies up to {@link #DEFAULT_MAX_SIZE} bytes. @since 0.2 */
    public static Middleware of() {
        return builder().build();
    }

    /** A builder starting from the defaults. @since 0.2 */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The 0.1 name of {@link #of()}.
     *
     * @deprecated use {@link #of()}: one construction rule for every middleware
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static Middleware middleware() {
        return of();
    }

    /**
     * The 0.1 name of {@code builder().maxSize(maxSize).build()}.
     *
     * @deprecated use {@code ETags.builder().maxSize(maxSize).build()}
     * @throws IllegalArgumentException if {@code maxSize} is negative
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static Middleware middleware(int maxSize) {
        return builder().maxSize(maxSize).build();
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        String method = environ.requestMethod();
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            return next.call(environ, startResponse);
        }
        // a HEAD's body, when the application gives one, is its GET's (the server drops it): the same tag
        // (RFC 9110 section 9.3.2); an empty one may just be the application knowing HEAD sends nothing
        HeldResponse held = new HeldResponse(startResponse, (start, body) ->
                head && ContentLength.knownLength(body) == 0 ? start : respond(start, body, maxSize));
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
        for (Header h : start.headers()) { // every Cache-Control line: together they make one list (RFC 9110 section 5.3)
            if (h.is("Cache-Control") && h.value().toLowerCase(Locale.ROOT).contains("no-store")) {
                return start;
            }
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
        return BuilderCode.of("ETags").option("maxSize", maxSize, DEFAULT_MAX_SIZE).toString();
    }

    @Override
    public String toString() {
        return describe(maxSize) + ".wrap(" + next + ")";
    }

    /**
     * Configures {@link ETags}.
     *
     * @since 0.2
     */
    public static final class Builder {
        private int maxSize = DEFAULT_MAX_SIZE;

        private Builder() {}

        /**
         * Hash in-memory bodies up to {@code bytes} (default {@link #DEFAULT_MAX_SIZE}).
         *
         * @throws IllegalArgumentException if {@code bytes} is negative
         * @since 0.2
         */
        public Builder maxSize(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("ETags maxSize must be >= 0 bytes, got " + bytes);
            }
            this.maxSize = bytes;
            return this;
        }

        /** The middleware. @since 0.2 */
        public Middleware build() {
            int max = maxSize;
            return Middleware.named(describe(max), next -> new ETags(next, max));
        }
    }
}
