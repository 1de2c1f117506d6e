// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import io.wsgi4j.Middleware;
import io.wsgi4j.middleware.request.SetCookie;
import io.wsgi4j.middleware.request.SetCookie.SameSite;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Options for {@link Sessions}, from {@link Sessions#signedCookies} or {@link Sessions#builder};
 * {@link #build()} gives the middleware.
 *
 * <pre>{@code
 * Middleware m = Sessions.signedCookies(key).cookieName("sid").sameSite(SameSite.STRICT).build();
 * }</pre>
 *
 * <p>Defaults: cookie {@code session}, Path {@code /}, no Domain, max age 14 days (cookie Max-Age and
 * the expiry inside the stored data), HttpOnly, Secure, SameSite=Lax, at most 4096 bytes per
 * Set-Cookie value, the system UTC clock. Keys are copied; they are never printed.
 *
 * @since 0.1
 */
public final class SessionsBuilder {
    private final SessionStore store;
    private String cookieName = "session";
    private String path = "/";
    private String domain;
    private Duration maxAge = Duration.ofDays(14);
    private boolean httpOnly = true;
    private boolean secure = true;
    private SameSite sameSite = SameSite.LAX;
    private int maxCookieBytes = 4096;
    private Clock clock = Clock.systemUTC();

    SessionsBuilder(SessionStore store) {
        this.store = store;
    }

    /**
     * The cookie name.
     *
     * @throws IllegalArgumentException if it is not a token, or is a {@code __Host-} name with a path other than /
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
     * The middleware with these options (later changes to this builder do not affect it).
     *
     * @throws IllegalArgumentException if the options contradict browser rules (SameSite=None without
     *     Secure, a {@code __Host-} or {@code __Secure-} name without Secure, Path=/ and no Domain)
     * @since 0.1
     */
    public Middleware build() {
        SessionsBuilder snapshot = copy();
        try {
            SetCookie c = SetCookie.of(cookieName, "x").withPath(path).withSecure(secure).withSameSite(sameSite);
            (domain == null ? c : c.withDomain(domain)).headerValue();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return Middleware.named(snapshot.toString(), next -> new Sessions(next, snapshot));
    }

    private SessionsBuilder copy() {
        SessionsBuilder b = new SessionsBuilder(store);
        b.cookieName = cookieName;
        b.path = path;
        b.domain = domain;
        b.maxAge = maxAge;
        b.httpOnly = httpOnly;
        b.secure = secure;
        b.sameSite = sameSite;
        b.maxCookieBytes = maxCookieBytes;
        b.clock = clock;
        return b;
    }

    SessionStore store() {
        return store;
    }

    String cookieName() {
        return cookieName;
    }

    String path() {
        return path;
    }

    String domain() {
        return domain;
    }

    Duration maxAge() {
        return maxAge;
    }

    boolean httpOnly() {
        return httpOnly;
    }

    boolean secure() {
        return secure;
    }

    SameSite sameSite() {
        return sameSite;
    }

    int maxCookieBytes() {
        return maxCookieBytes;
    }

    Clock clock() {
        return clock;
    }

    /** The builder code with non-default options only; keys appear as a count. @since 0.1 */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(store instanceof SignedCookieStore signed
                ? "Sessions.signedCookies(<" + signed.keys().size() + (signed.keys().size() == 1 ? " key>)" : " keys>)")
                : "Sessions.builder(" + store + ")");
        if (!cookieName.equals("session")) b.append(".cookieName(\"").append(cookieName).append("\")");
        if (!path.equals("/")) b.append(".path(\"").append(path).append("\")");
        if (domain != null) b.append(".domain(\"").append(domain).append("\")");
        if (!maxAge.equals(Duration.ofDays(14))) b.append(".maxAge(Duration.parse(\"").append(maxAge).append("\"))");
        if (!httpOnly) b.append(".httpOnly(false)");
        if (!secure) b.append(".secure(false)");
        if (sameSite != SameSite.LAX) b.append(".sameSite(").append(sameSite == null ? "null" : "SameSite."
                + sameSite.name()).append(')');
        if (maxCookieBytes != 4096) b.append(".maxCookieBytes(").append(maxCookieBytes).append(')');
        if (!clock.equals(Clock.systemUTC())) b.append(".clock(").append(clock).append(')');
        return b.append(".build()").toString();
    }
}
