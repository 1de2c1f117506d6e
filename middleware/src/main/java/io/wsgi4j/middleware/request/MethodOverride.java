// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.Middleware;
import io.wsgi4j.PercentCodec;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.internal.BuilderCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Lets HTML forms and limited clients send PUT, PATCH or DELETE as a POST: the method named by the
 * {@code X-HTTP-Method-Override} header, or by a {@code _method} field in the query string or in an
 * urlencoded form body, replaces REQUEST_METHOD when it is on the allow-list.
 *
 * <pre>{@code
 * Pipeline.builder().use(MethodOverride.of()).run(app);                 // PUT, PATCH, DELETE
 * Pipeline.builder().use(MethodOverride.builder().allow("DELETE").build()).run(app);
 * }</pre>
 *
 * <p>Only POST is overridden (a GET must stay safe). The original method is kept under
 * {@code wsgi4j.original.REQUEST_METHOD}. To find a {@code _method} form field the middleware reads an
 * {@code application/x-www-form-urlencoded} body of at most 64 KiB with a Content-Length, then puts
 * an identical stream back in {@code wsgi.input} so the application reads the whole body; longer or
 * chunked bodies are not read. Values not on the allow-list are ignored.
 *
 * <p>Security: any web page can make a browser send a form POST to your site (no CORS preflight), and
 * with this middleware that POST can say {@code _method=DELETE}. So an overridden PUT, PATCH or DELETE
 * is as cross-site as a POST: check CSRF tokens on them as on POST (a guard that exempts them because
 * browsers preflight real DELETEs must run before this middleware, or read the original method).
 *
 * @since 0.1
 */
public final class MethodOverride implements Application {
    /** The environ key holding the method the client sent. @since 0.1 */
    public static final String ORIGINAL_METHOD = "wsgi4j.original.REQUEST_METHOD";

    /** The methods a POST may become unless the builder says otherwise: PUT, PATCH, DELETE. @since 0.2 */
    public static final Set<String> DEFAULT_ALLOWED = Collections.unmodifiableSet(
            new LinkedHashSet<>(List.of("PUT", "PATCH", "DELETE")));

    private static final int MAX_FORM = 64 * 1024;

    private final Application next;
    private final Set<String> allowed;

    private MethodOverride(Application next, Set<String> allowed) {
        this.next = Objects.requireNonNull(next, "next");
        this.allowed = allowed;
    }

    /** The middleware allowing {@link #DEFAULT_ALLOWED}. @since 0.2 */
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
     * The 0.1 name of {@code builder().allow(methods).build()}.
     *
     * @deprecated use {@code MethodOverride.builder().allow(methods).build()}
     * @throws IllegalArgumentException as {@link Builder#allow} does
     * @since 0.1
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public static Middleware allowing(String... methods) {
        return builder().allow(methods).build();
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        if (environ.requestMethod().equals("POST")) {
            String method = requestedMethod(environ);
            if (method != null && allowed.contains(method)) {
                environ.put(ORIGINAL_METHOD, "POST");
                environ.put(Environ.REQUEST_METHOD, method);
            }
        }
        return next.call(environ, startResponse);
    }

    /**
     * The request half: the method a POST asks to become (upper-cased), from the header, the query
     * or a small urlencoded form, or null. Reading the form replaces {@code wsgi.input} with a replay.
     *
     * @throws IOException if reading the form body fails
     * @throws RequestException (400) if a form's Content-Length is not a number
     * @since 0.1
     */
    public static String requestedMethod(Environ environ) throws IOException {
        String header = environ.header("X-HTTP-Method-Override");
        if (header != null) {
            return header.strip().toUpperCase(Locale.ROOT);
        }
        String fromQuery = field(environ.queryString());
        if (fromQuery != null) {
            return fromQuery;
        }
        String type = environ.contentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            return null;
        }
        long length = RequestBody.declaredLength(environ); // a malformed one: RequestException, a 400
        if (length <= 0 || length > MAX_FORM) {
            return null;
        }
        InputStream in = environ.input();
        byte[] body = in.readNBytes((int) length);
        environ.put(Environ.WSGI_INPUT, new ByteArrayInputStream(body));
        return field(new String(body, StandardCharsets.ISO_8859_1));
    }

    /** The decoded, upper-cased value of the first {@code _method} field of an urlencoded string, or null. */
    static String field(String urlencoded) {
        int i = 0;
        while (i < urlencoded.length()) {
            int end = urlencoded.indexOf('&', i);
            if (end < 0) {
                end = urlencoded.length();
            }
            if (urlencoded.startsWith("_method=", i)) {
                return PercentCodec.decode(urlencoded.substring(i + 8, end).replace('+', ' ')).strip()
                        .toUpperCase(Locale.ROOT);
            }
            i = end + 1;
        }
        return null;
    }

    @Override
    public String toString() {
        return describe(allowed) + ".wrap(" + next + ")";
    }

    private static String describe(Set<String> allowed) {
        return BuilderCode.of("MethodOverride").option("allow", allowed, DEFAULT_ALLOWED).toString();
    }

    /**
     * Configures {@link MethodOverride}.
     *
     * @since 0.2
     */
    public static final class Builder {
        private Set<String> allowed = DEFAULT_ALLOWED;

        private Builder() {}

        /**
         * Allows only {@code methods} (upper-cased; default {@link #DEFAULT_ALLOWED}).
         *
         * @throws IllegalArgumentException if none is given, one is not a token, or one is GET, HEAD, POST,
         *     CONNECT or TRACE (a form post has content, which those requests never carry; a TRACE would also
         *     echo the request, cookies included, to a page that posted it: RFC 9110 section 9.3.8)
         * @since 0.2
         */
        public Builder allow(String... methods) {
            if (methods.length == 0) {
                throw new IllegalArgumentException("MethodOverride.allow needs at least one method, e.g. \"DELETE\"");
            }
            Set<String> set = new LinkedHashSet<>();
            for (String m : methods) {
                String up = Objects.requireNonNull(m, "method").toUpperCase(Locale.ROOT);
                if (!Header.isToken(up) || Set.of("GET", "HEAD", "POST", "CONNECT", "TRACE").contains(up)) {
                    throw new IllegalArgumentException("MethodOverride may allow methods a POST can become (PUT, PATCH,"
                            + " DELETE, ...), got \"" + m + "\"");
                }
                set.add(up);
            }
            this.allowed = Collections.unmodifiableSet(set);
            return this;
        }

        /** The middleware. @since 0.2 */
        public Middleware build() {
            Set<String> methods = allowed;
            return Middleware.named(describe(methods), next -> new MethodOverride(next, methods));
        }
    }
}
