// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.compress;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.middleware.internal.Ascii;
import io.wsgi4j.middleware.internal.BuilderCode;
import io.wsgi4j.middleware.internal.HeaderLists;
import io.wsgi4j.middleware.internal.NotModified;
import io.wsgi4j.middleware.internal.VaryList;
import io.wsgi4j.middleware.response.ContentLength;
import io.wsgi4j.middleware.response.HeldResponse;
import io.wsgi4j.middleware.response.ResponseStart;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Compresses responses with gzip when the client's Accept-Encoding prefers it, streaming: each chunk
 * is compressed as it passes, never the whole body at once.
 *
 * <pre>{@code
 * Pipeline.builder().use(Gzip.builder().minSize(1024).level(6).build()).run(app);
 * }</pre>
 *
 * <p>A HEAD request gets the headers its GET would get (compressed or not), so never the
 * Content-Length of a body the GET would send compressed. Left alone: 1xx, 204, 205 and 206 responses (a
 * 304 gets the Vary and, for a client that accepts gzip, the weak ETag and no Content-Length when its 200 would
 * have gone out compressed, RFC 9110 section 15.4.5: a {@link io.wsgi4j.middleware.caching.ConditionalGet} or
 * {@code StaticFiles} inside says what that 200 was, for any other 304 the client's If-None-Match naming the weak
 * tag does); responses with a Content-Encoding;
 * with {@code Cache-Control: no-transform}; without a Content-Type or with an already-compressed one
 * (see {@link #isCompressibleType}); and bodies known to be shorter than {@code minSize} (from
 * Content-Length, or the size of a list or file body). Every response it could compress gets
 * {@code Vary: Accept-Encoding}, whether or not this client asked for gzip, so caches keep the
 * variants apart. A compressed response loses Content-Length (the server then chunks it) and
 * Accept-Ranges, and a strong ETag becomes weak. Closing the body closes the application's body and
 * releases the deflater.
 *
 * @since 0.1
 */
public final class Gzip implements Application {
    /** Types whose content is compressed already (prefixes of the lower-cased Content-Type). */
    private static final String[] PACKED = {
        "application/zip", "application/gzip", "application/x-gzip", "application/x-bzip2", "application/x-xz",
        "application/zstd", "application/x-7z-compressed", "application/pdf", "application/octet-stream",
        "application/java-archive", "application/wasm", "multipart/byteranges",
    };

    /** The header a response gets when it could have been compressed but the client did not ask. */
    private static final Header VARY = Header.of("Vary", "Accept-Encoding");
    /** The environ key of Accept-Encoding, built once ({@code environ.header} looks it up per call). */
    private static final String ACCEPT_ENCODING = Environ.headerKey("Accept-Encoding");

    /** The deflate level unless the builder says otherwise. @since 0.2 */
    public static final int DEFAULT_LEVEL = 6;
    /** Bodies known to be shorter than this many bytes stay as they are, unless the builder says otherwise. @since 0.2 */
    public static final int DEFAULT_MIN_SIZE = 1024;

    private final Application next;
    private final Config config;

    /** What a built Gzip does; immutable. */
    private record Config(int level, int minSize) {
        @Override
        public String toString() {
            return BuilderCode.of("Gzip")
                    .option("level", level, DEFAULT_LEVEL)
                    .option("minSize", minSize, DEFAULT_MIN_SIZE)
                    .toString();
        }
    }

    private Gzip(Application next, Config config) {
        this.next = Objects.requireNonNull(next, "next");
        this.config = config;
    }

    /** The middleware with the defaults: {@link #DEFAULT_LEVEL}, {@link #DEFAULT_MIN_SIZE}. @since 0.2 */
    public static Middleware of() {
        return builder().build();
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

    /** A builder with the defaults. @since 0.1 */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        // HEAD goes the way of GET: its headers must be the GET's (RFC 9110 section 9.3.2), and a
        // Content-Length of the uncompressed body would contradict the GET (section 8.6). The server
        // sends no HEAD body and stops at its first chunk, so at most one chunk is compressed for nothing.
        boolean accepted = AcceptEncoding.prefers((String) environ.get(ACCEPT_ENCODING), "gzip");
        if (!accepted) {
            // Nothing but Vary can change and the body never does: rewrite each start as it passes, with
            // no held response and no body wrapper (the common request: no Accept-Encoding: gzip). The
            // edit is static, so the start_response made per request holds one reference, not two.
            return next.call(environ, (status, headers, excInfo) -> startResponse.start(status,
                    status.code() == 304 ? notModified(headers, null, -1) : varied(status, headers), excInfo));
        }
        // A HEAD's body is the GET's when the application returns one (the server drops it), so its size
        // decides as for the GET; an empty one is a HEAD answer that tells nothing (as for Head)
        boolean head = environ.requestMethod().equals("HEAD");
        HeldResponse held = new HeldResponse(startResponse, (start, body) -> start.status().code() == 304
                ? start.withHeaders(notModified(start.headers(), NotModified.take(environ), environ))
                : respond(start, head && ContentLength.knownLength(body) <= 0 ? null : body, accepted));
        return held.finish(next.call(environ, held));
    }

    /**
     * A 304's headers as the 200 they stand for would have gone out (RFC 9110 section 15.4.5: the same
     * ETag and Vary): {@code Vary: Accept-Encoding} unless the response says it is not compressible or
     * already encoded; and, for a client that accepts gzip ({@code minSize} not negative), no Content-Length
     * unless one below {@code minSize} says the 200 goes out as it is (a compressed 200 has none, section 8.6),
     * and its strong ETag weakened when the client's validator ({@code ifNoneMatch}) is the weak one a
     * compressed 200 carried.
     */
    private static List<Header> notModified(List<Header> headers, String ifNoneMatch, int minSize) {
        String type = Headers.get(headers, "Content-Type");
        if (Headers.get(headers, "Content-Encoding") != null || type != null && !isCompressibleType(type)
                || noTransform(headers)) {
            return headers;
        }
        List<Header> out = VaryList.with(headers, "Accept-Encoding");
        String declared = minSize < 0 ? null : Headers.get(out, "Content-Length");
        long length = declared == null ? -1 : parseLength(declared);
        if (declared != null && (length < 0 || length >= minSize)) {
            out = Headers.without(out, "Content-Length");
        }
        String etag = Headers.get(headers, "ETag");
        if (ifNoneMatch != null && etag != null && etag.startsWith("\"") && ifNoneMatch.contains("W/" + etag)) {
            out = Headers.with(out, "ETag", "W/" + etag);
        }
        return out;
    }

    /**
     * A 304's headers for a client that accepts gzip. When the layer that answered 304 said what its 200
     * carried ({@code of200}), as the 200 would go out of here (RFC 9110 section 15.4.5: the same ETag and
     * Vary, and section 8.6: no Content-Length a compressed 200 would not have), whichever precondition made
     * it: a 304 from If-Modified-Since alone says nothing of the variant the client holds, and a cache
     * revalidating the compressed 200 it stored must find that 200's weak ETag (RFC 9111 section 4.3.4).
     * Else as far as the 304 itself and the client's If-None-Match tell.
     */
    private List<Header> notModified(List<Header> headers, List<Header> of200, Environ environ) {
        if (of200 == null) {
            return notModified(headers, environ.header("If-None-Match"), config.minSize);
        }
        ResponseStart ok = new ResponseStart(Status.OK, of200, null);
        if (!couldCompress(ok)) {
            return headers;
        }
        List<Header> out = VaryList.with(headers, "Accept-Encoding");
        long length = knownLength(ok, null);
        if (length >= 0 && length < config.minSize) {
            return out;
        }
        out = Headers.without(out, "Content-Length");
        String etag = Headers.get(out, "ETag");
        return etag != null && etag.startsWith("\"") ? Headers.with(out, "ETag", "W/" + etag) : out;
    }

    /**
     * The response half: {@code start} with Vary added when it could be compressed, and compressed
     * (headers rewritten, a gzip filter attached) when {@code accepted} too. {@code knownBody} null:
     * the body's size says nothing (a HEAD's).
     */
    private ResponseStart respond(ResponseStart start, Iterable<byte[]> knownBody, boolean accepted) {
        if (!couldCompress(start)) {
            return start;
        }
        ResponseStart out = start.withHeaders(VaryList.with(start.headers(), "Accept-Encoding"));
        if (!accepted) {
            return out;
        }
        long length = knownLength(start, knownBody);
        if (length >= 0 && length < config.minSize) {
            return out;
        }
        out = out.without("Content-Length").without("Accept-Ranges").withHeader("Content-Encoding", "gzip");
        String etag = start.header("ETag");
        if (etag != null && etag.startsWith("\"")) {
            out = out.withHeader("ETag", "W/" + etag);
        }
        boolean streaming = !(knownBody instanceof Collection);
        return out.withFilter(new GzipFilter(config.level, streaming));
    }

    /** True when {@code start} is a response this middleware compresses for a client that accepts gzip. */
    private static boolean couldCompress(ResponseStart start) {
        return mayCompressStatus(start.status().code()) && start.header("Content-Encoding") == null
                && isCompressibleType(start.header("Content-Type")) && !noTransform(start.headers());
    }

    /**
     * True for a status whose content may be compressed: not 1xx, 204, 205 (RFC 9110 section 15.3.6: it
     * never has content; the server sends Content-Length 0) or 304, which have none to encode, nor 206,
     * whose ranges address the bytes the application encoded.
     */
    private static boolean mayCompressStatus(int code) {
        return code >= 200 && code != 204 && code != 205 && code != 206 && code != 304;
    }

    /**
     * The not-accepted half of {@link #respond}: {@code headers} with {@code Vary: Accept-Encoding} when the
     * response could have been compressed, decided in one pass over the headers. The common response
     * (no Vary of its own) gets one copy with a constant header; one with a Vary goes the general way.
     */
    private static List<Header> varied(Status status, List<Header> headers) {
        if (!mayCompressStatus(status.code())) {
            return headers;
        }
        String type = null;
        boolean noTransform = false;
        for (int i = 0, n = headers.size(); i < n; i++) {
            Header h = headers.get(i);
            if (h.is("Content-Encoding")) {
                return headers;
            } else if (h.is("Vary")) {
                ResponseStart start = new ResponseStart(status, headers, null);
                return couldCompress(start) ? VaryList.with(headers, "Accept-Encoding") : headers;
            } else if (type == null && h.is("Content-Type")) {
                type = h.value();
            } else if (h.is("Cache-Control")) {
                noTransform |= noTransform(h.value()); // every line: together they make one list
            }
        }
        if (!isCompressibleType(type) || noTransform) {
            return headers;
        }
        return HeaderLists.plus(headers, VARY);
    }

    /**
     * True for a Content-Type worth compressing: present, and not an image (except SVG), audio, video,
     * font (WOFF is compressed already) or compressed archive or document type.
     *
     * @since 0.1
     */
    public static boolean isCompressibleType(String contentType) {
        if (contentType == null || contentType.isEmpty()) {
            return false;
        }
        String t = contentType; // matched ignoring ASCII case, without a lower-cased copy per response
        if (Ascii.startsWithIgnoreCase(t, "text/")) {
            return true; // the most common compressible type, and no PACKED entry is text: one test, not sixteen
        }
        if (Ascii.startsWithIgnoreCase(t, "image/")) {
            return Ascii.startsWithIgnoreCase(t, "image/svg+xml");
        }
        if (Ascii.startsWithIgnoreCase(t, "audio/") || Ascii.startsWithIgnoreCase(t, "video/")
                || Ascii.startsWithIgnoreCase(t, "font/woff")) {
            return false;
        }
        for (String packed : PACKED) {
            if (Ascii.startsWithIgnoreCase(t, packed)) {
                return false;
            }
        }
        return true;
    }

    private static boolean noTransform(String cacheControl) {
        return Ascii.containsIgnoreCase(cacheControl, "no-transform");
    }

    /**
     * True when any Cache-Control line says no-transform: the lines of a list field make one list (RFC 9110
     * section 5.3), so a directive on the second line counts as much as one on the first.
     */
    private static boolean noTransform(List<Header> headers) {
        for (int i = 0, n = headers.size(); i < n; i++) {
            Header h = headers.get(i);
            if (h.is("Cache-Control") && noTransform(h.value())) {
                return true;
            }
        }
        return false;
    }

    private static long knownLength(ResponseStart start, Iterable<byte[]> body) {
        String declared = start.header("Content-Length");
        if (declared != null) {
            return parseLength(declared);
        }
        return body == null ? -1 : ContentLength.knownLength(body);
    }

    /** A declared Content-Length, or -1 when it is not a number. */
    private static long parseLength(String declared) {
        try {
            return Long.parseLong(declared);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return config + ".wrap(" + next + ")";
    }

    /**
     * Configures {@link Gzip}. Defaults: {@link #DEFAULT_LEVEL}, {@link #DEFAULT_MIN_SIZE}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private int level = DEFAULT_LEVEL;
        private int minSize = DEFAULT_MIN_SIZE;

        private Builder() {}

        /**
         * The deflate level, 1 (fastest) to 9 (smallest); default {@link #DEFAULT_LEVEL}.
         *
         * @throws IllegalArgumentException if outside 1..9
         * @since 0.1
         */
        public Builder level(int level) {
            if (level < 1 || level > 9) {
                throw new IllegalArgumentException("gzip level must be 1..9, got " + level);
            }
            this.level = level;
            return this;
        }

        /**
         * Bodies known to be shorter than this are sent as they are (0 compresses everything).
         *
         * @throws IllegalArgumentException if negative
         * @since 0.1
         */
        public Builder minSize(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("minSize must be >= 0 bytes, got " + bytes);
            }
            this.minSize = bytes;
            return this;
        }

        /** The middleware; it prints as this builder code. @since 0.1 */
        public Middleware build() {
            Config config = new Config(level, minSize);
            return Middleware.named(config.toString(), next -> new Gzip(next, config));
        }
    }
}
