// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import io.wsgi4j.Middleware;
import io.wsgi4j.middleware.internal.BuilderCode;
import io.wsgi4j.middleware.request.SetCookie.SameSite;
import io.wsgi4j.middleware.request.SetCookie;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Options for {@link Sessions}, from {@link Sessions#builder}; {@link #build()} gives the middleware
 * (its configuration is an immutable copy: changing the builder afterwards changes nothing built).
 *
 * <pre>{@code
 * Middleware m = Sessions.builder(SignedCookieStore.of(key)).cookieName("sid").sameSite(SameSite.STRICT).build();
 * }</pre>
 *
 * <p>Defaults: cookie {@code session}, Path {@code /}, no Domain, max age 14 days (cookie Max-Age and
 * the expiry inside the stored data), HttpOnly, Secure, SameSite=Lax, at most 4096 bytes per
 * Set-Cookie value, the system UTC clock. Keys are copied; they are never printed.
 *
 * <p>Cookie name: for a site served over HTTPS, {@code cookieName("__Host-session")} is recommended.
 * Browsers accept a {@code __Host-} cookie only when it is Secure, has Path=/ and no Domain (RFC 6265bis
 * section 4.1.3.2), so a page on a sibling subdomain or on plain HTTP cannot set or overwrite it: the
 * way an attacker would plant a session of their choosing (cookie tossing, session fixation). The
 * default stays {@code session} because changing a cookie's name ends every session that uses the old
 * one; choose the prefixed name for a new site, or accept one logout of everybody to move to it.
 *
 * @since 0.1
 */
public final class SessionsBuilder {
    /** What a built {@link Sessions} does; immutable. */
    record Config(SessionStore store, String cookieName, String path, String domain, Duration maxAge,
            boolean httpOnly, boolean secure, SameSite sameSite, int maxCookieBytes, Clock clock,
            SessionStore visitorStore, String memberKey) {
        @Override
        public String toString() {
            Config d = defaults(store);
            BuilderCode code = BuilderCode.of("Sessions", store);
            if (visitorStore != null) {
                code.call("visitorsIn", visitorStore, memberKey);
            }
            return code
                    .option("cookieName", cookieName, d.cookieName)
                    .option("path", path, d.path)
                    .option("domain", domain, d.domain)
                    .option("maxAge", maxAge, d.maxAge)
                    .option("httpOnly", httpOnly, d.httpOnly)
                    .option("secure", secure, d.secure)
                    .option("sameSite", sameSite, d.sameSite)
                    .option("maxCookieBytes", maxCookieBytes, d.maxCookieBytes)
                    .option("clock", clock, d.clock)
                    .toString();
        }

        /** The defaults, declared once. */
        static Config defaults(SessionStore store) {
            return new Config(store, "session", "/", null, Duration.ofDays(14), true, true, SameSite.LAX, 4096,
                    Clock.systemUTC(), null, null);
        }
    }

    private final SessionStore store;
    private String cookieName;
    private String path;
    private String domain;
    private Duration maxAge;
    private boolean httpOnly;
    private boolean secure;
    private SameSite sameSite;
    private int maxCookieBytes;
    private Clock clock;
    private SessionStore visitorStore;
    private String memberKey;

    SessionsBuilder(SessionStore store) {
        Config d = Config.defaults(store);
        this.store = store;
        this.cookieName = d.cookieName;
        this.path = d.path;
        this.domain = d.domain;
        this.maxAge = d.maxAge;
        this.httpOnly = d.httpOnly;
        this.secure = d.secure;
        this.sameSite = d.sameSite;
        this.maxCookieBytes = d.maxCookieBytes;
        this.clock = d.clock;
    }

    /**
     * The cookie name; {@code __Host-session} is recommended over HTTPS (see the class comment). A
     * {@code __Host-} or {@code __Secure-} name is checked against the other cookie attributes by
     * {@link #build}, once they are all set.
     *
     * @throws IllegalArgumentException if it is not a token
     * @since 0.1
     */
    public SessionsBuilder cookieName(String name) {
        SetCookie.of(name, "x"); // validates the name
        this.cookieName = name;
        return this;
    }

    /** The cookie Path. @throws IllegalArgumentException if it could inject attributes. @since 0.1 */
    public SessionsBuilder path(String cookiePath) {
        SetCookie.of("x", "x").withPath(cookiePath);
        this.path = cookiePath;
        return this;
    }

    /** The cookie Domain; null for host-only. @throws IllegalArgumentException if not a host name. @since 0.1 */
    public SessionsBuilder domain(String cookieDomain) {
        if (cookieDomain != null) {
            SetCookie.of("x", "x").withDomain(cookieDomain);
        }
        this.domain = cookieDomain;
        return this;
    }

    /**
     * How long a session lives after its last change.
     *
     * @throws IllegalArgumentException if shorter than one second
     * @since 0.1
     */
    public SessionsBuilder maxAge(Duration age) {
        if (age.getSeconds() < 1) {
            throw new IllegalArgumentException("session maxAge must be at least one second, got " + age);
        }
        this.maxAge = age;
        return this;
    }

    /** Whether scripts are kept from reading the cookie (default true). @since 0.1 */
    public SessionsBuilder httpOnly(boolean on) {
        this.httpOnly = on;
        return this;
    }

    /** Whether the cookie is sent over HTTPS only (default true; turn off only for local HTTP). @since 0.1 */
    public SessionsBuilder secure(boolean on) {
        this.secure = on;
        return this;
    }

    /** The SameSite attribute (default Lax; null sends none). @since 0.1 */
    public SessionsBuilder sameSite(SameSite value) {
        this.sameSite = value;
        return this;
    }

    /**
     * The largest Set-Cookie value allowed; a bigger session fails at {@code start_response}.
     *
     * @throws IllegalArgumentException if under 256 or over 8192
     * @since 0.1
     */
    public SessionsBuilder maxCookieBytes(int bytes) {
        if (bytes < 256 || bytes > 8192) {
            throw new IllegalArgumentException("maxCookieBytes must be 256..8192 (browsers keep about 4096), got "
                    + bytes);
        }
        this.maxCookieBytes = bytes;
        return this;
    }

    /** The clock for expiry (tests pass a fixed one). @since 0.1 */
    public SessionsBuilder clock(Clock c) {
        this.clock = Objects.requireNonNull(c, "clock");
        return this;
    }

    /**
     * Keeps a session that does not hold {@code memberKey} (a visitor's: nobody logged in) in
     * {@code visitors} instead of the main store. The session moves to the main store, under a new id,
     * when it gains that key (at login), and back when it loses it. Its values move with it, a
     * {@link Csrf} secret included, so still call {@link Session#renew()} or {@link Session#invalidate()}
     * at login. With a {@link SignedCookieStore}
     * for visitors, a visitor leaves nothing on the server, however many pages they open that put
     * something in the session (such as the CSRF secret of a login form: OWASP's pre-session), so
     * anonymous requests cannot fill the main store; logging out still ends a member's session for
     * every copy of its cookie. A visitor's cookie is kept apart from the main store's keys by a
     * {@code v~} prefix, so the main store must not issue keys that begin with it (wsgi4j's never do).
     *
     * <pre>{@code
     * Sessions.builder(FileSessionStore.open(dir, Duration.ofDays(14)))
     *         .visitorsIn(SignedCookieStore.of(key), "user")
     *         .build()
     * }</pre>
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code memberKey} is empty
     * @since 0.2
     */
    public SessionsBuilder visitorsIn(SessionStore visitors, String memberKey) {
        Objects.requireNonNull(visitors, "visitors");
        if (Objects.requireNonNull(memberKey, "memberKey").isEmpty()) {
            throw new IllegalArgumentException("visitorsIn needs the session key a member's session holds, such as"
                    + " \"user\"");
        }
        this.visitorStore = visitors;
        this.memberKey = memberKey;
        return this;
    }

    /**
     * The middleware with these options (later changes to this builder do not affect it).
     *
     * @throws IllegalArgumentException if the options contradict browser rules (SameSite=None without
     *     Secure, a {@code __Host-} or {@code __Secure-} name without Secure, Path=/ and no Domain)
     * @since 0.1
     */
    public Middleware build() {
        Config config = new Config(store, cookieName, path, domain, maxAge, httpOnly, secure, sameSite,
                maxCookieBytes, clock, visitorStore, memberKey);
        try {
            SetCookie c = SetCookie.of(cookieName, "x").withPath(path).withSecure(secure).withSameSite(sameSite);
            (domain == null ? c : c.withDomain(domain)).headerValue();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return Middleware.named(config.toString(), next -> new Sessions(next, config));
    }
}
