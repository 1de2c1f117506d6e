// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.cors;

import io.wsgi4j.Header;
import io.wsgi4j.Middleware;
import io.wsgi4j.middleware.internal.BuilderCode;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What {@link Cors} allows: origins, methods, request headers, exposed headers, credentials and how
 * long a preflight may be cached. Immutable; built by {@link Cors#builder()}.
 *
 * @since 0.1
 */
public final class CorsPolicy {
    /** The methods allowed unless the builder says otherwise: GET, HEAD, POST. @since 0.2 */
    public static final Set<String> DEFAULT_METHODS = Collections.unmodifiableSet(
            new LinkedHashSet<>(List.of("GET", "HEAD", "POST")));
    /** {@code maxAge} when none is set: no Access-Control-Max-Age header. */
    private static final long NO_MAX_AGE = -1;

    private final Set<String> origins;
    private final boolean anyOrigin;
    private final List<String> methodList;
    private final Set<String> headers;
    private final String exposeHeaders;
    private final boolean credentials;
    private final long maxAge;
    private final String description;

    private CorsPolicy(Builder b) {
        this.origins = Set.copyOf(b.origins);
        this.anyOrigin = b.anyOrigin;
        this.methodList = List.copyOf(b.methods);
        this.headers = Set.copyOf(b.headers);
        this.exposeHeaders = String.join(", ", b.expose);
        this.credentials = b.credentials;
        this.maxAge = b.maxAge;
        this.description = b.toString();
    }

    /** True when {@code origin} may read responses (compared lower-cased). @since 0.1 */
    public boolean allowsOrigin(String origin) {
        return anyOrigin || origins.contains(origin.toLowerCase(Locale.ROOT));
    }

    /** True when {@code method} is allowed (methods are case-sensitive). @since 0.1 */
    public boolean allowsMethod(String method) {
        return methodList.contains(method.strip());
    }

    /**
     * The first header of an Access-Control-Request-Headers list that is not allowed, described; null if
     * all are. A browser lists a header there only when it is not CORS-safelisted with the value it
     * has (Fetch standard), so a listed {@code Content-Type} means a value such as
     * {@code application/json}: every listed name needs {@link Builder#allowHeaders}.
     */
    String refusedHeader(String list) {
        if (list == null) {
            return null;
        }
        for (String h : list.split(",", 101)) {
            String name = h.strip().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !headers.contains(name)) {
                return "header " + io.wsgi4j.Headers.describe(h.strip());
            }
        }
        return null;
    }

    boolean anyOrigin() {
        return anyOrigin;
    }

    String methods() {
        return String.join(", ", methodList);
    }

    String exposeHeaders() {
        return exposeHeaders;
    }

    boolean credentials() {
        return credentials;
    }

    long maxAge() {
        return maxAge;
    }

    /** The builder code that made this policy. */
    @Override
    public String toString() {
        return description;
    }

    /**
     * Builds a {@link Cors} middleware. Defaults: no origin allowed, methods GET, HEAD and POST, only
     * the CORS-safelisted request headers, nothing exposed, no credentials, no Max-Age.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final Set<String> origins = new LinkedHashSet<>();
        private boolean anyOrigin;
        private Set<String> methods = DEFAULT_METHODS;
        private final Set<String> headers = new LinkedHashSet<>();
        private final Set<String> expose = new LinkedHashSet<>();
        private boolean credentials;
        private long maxAge = NO_MAX_AGE;

        Builder() {}

        /**
         * Allows these origins, each {@code scheme://host[:port]} exactly as browsers send it.
         *
         * @throws IllegalArgumentException for {@code *} (use {@link #allowAnyOrigin}), {@code null}, a
         *     trailing slash or path, or a value that is not an http(s) origin
         * @since 0.1
         */
        public Builder allowOrigins(String... allowed) {
            for (String o : allowed) {
                String lower = o.toLowerCase(Locale.ROOT);
                int authority = lower.startsWith("https://") ? 8 : lower.startsWith("http://") ? 7 : -1;
                if (authority < 0 || lower.length() == authority || lower.indexOf('/', authority) >= 0
                        || lower.indexOf('?') >= 0 || lower.indexOf('#') >= 0 || lower.indexOf(' ') >= 0) {
                    throw new IllegalArgumentException("CORS origin must be scheme://host[:port] with no path or"
                            + " trailing slash, e.g. \"https://app.example.com\", got \"" + o + "\""
                            + (o.equals("*") ? " (use allowAnyOrigin())" : ""));
                }
                Header.of("Access-Control-Allow-Origin", o);
                origins.add(lower);
            }
            return this;
        }

        /** Allows every origin ({@code *}); cannot be combined with credentials. @since 0.1 */
        public Builder allowAnyOrigin() {
            this.anyOrigin = true;
            return this;
        }

        /**
         * The methods allowed (replaces the default {@link CorsPolicy#DEFAULT_METHODS}).
         *
         * @throws IllegalArgumentException if empty or a method is not a token
         * @since 0.1
         */
        public Builder allowMethods(String... allowed) {
            if (allowed.length == 0) {
                throw new IllegalArgumentException("allowMethods needs at least one method, e.g. \"GET\"");
            }
            Set<String> set = new LinkedHashSet<>();
            for (String m : allowed) {
                set.add(token(m, "method"));
            }
            this.methods = set;
            return this;
        }

        /**
         * Request headers the client may send beyond the safelisted ones (compared case-insensitively).
         * A safelisted name with a value that is not safelisted needs naming here too: a JSON body
         * ({@code Content-Type: application/json}) needs {@code allowHeaders("Content-Type")}.
         *
         * @throws IllegalArgumentException if a name is not a token
         * @since 0.1
         */
        public Builder allowHeaders(String... names) {
            for (String n : names) {
                headers.add(token(n, "header").toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /**
         * Response headers the client's script may read.
         *
         * @throws IllegalArgumentException if a name is not a token
         * @since 0.1
         */
        public Builder exposeHeaders(String... names) {
            for (String n : names) {
                expose.add(token(n, "header"));
            }
            return this;
        }

        /** Whether cookies and HTTP authentication may be sent (default false). @since 0.1 */
        public Builder allowCredentials(boolean allow) {
            this.credentials = allow;
            return this;
        }

        /**
         * How long, in seconds, a browser may cache a preflight answer.
         *
         * @throws IllegalArgumentException if negative
         * @since 0.1
         */
        public Builder maxAge(long seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("CORS maxAge must be >= 0 seconds, got " + seconds);
            }
            this.maxAge = seconds;
            return this;
        }

        /**
         * The middleware.
         *
         * @throws IllegalStateException if no origin is allowed, or any origin is combined with credentials
         * @since 0.1
         */
        public Middleware build() {
            if (!anyOrigin && origins.isEmpty()) {
                throw new IllegalStateException("Cors allows no origin; call allowOrigins(\"https://...\") or"
                        + " allowAnyOrigin()");
            }
            if (anyOrigin && credentials) {
                throw new IllegalStateException("Cors cannot allow any origin with credentials (browsers refuse"
                        + " \"*\" with credentials, and reflecting every origin would expose your users' data);"
                        + " list the origins with allowOrigins(...)");
            }
            CorsPolicy policy = new CorsPolicy(this);
            return Middleware.named(policy.toString(), next -> new Cors(next, policy));
        }

        private static String token(String s, String what) {
            if (!Header.isToken(s)) {
                throw new IllegalArgumentException("CORS " + what + " must be a token, got "
                        + io.wsgi4j.Headers.describe(s));
            }
            return s;
        }

        @Override
        public String toString() {
            return BuilderCode.of("Cors")
                    .flag("allowAnyOrigin", anyOrigin)
                    .option("allowOrigins", origins, Set.of())
                    .option("allowMethods", methods, DEFAULT_METHODS)
                    .option("allowHeaders", headers, Set.of())
                    .option("exposeHeaders", expose, Set.of())
                    .option("allowCredentials", credentials, false)
                    .option("maxAge", maxAge, NO_MAX_AGE)
                    .toString();
        }
    }
}
