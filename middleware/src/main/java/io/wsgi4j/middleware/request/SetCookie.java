// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.handler.HttpDate;
import io.wsgi4j.middleware.internal.Ascii;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A Set-Cookie header value (RFC 6265), validated so that no value can add attributes or split the
 * header: an immutable value built by {@link #of} and {@code with...} copies.
 *
 * <pre>{@code
 * Header h = SetCookie.of("sid", token)
 *         .withPath("/").withMaxAge(Duration.ofHours(8))
 *         .withHttpOnly(true).withSecure(true).withSameSite(SetCookie.SameSite.LAX)
 *         .header();   // Set-Cookie: sid=...; Path=/; Max-Age=28800; HttpOnly; Secure; SameSite=Lax
 * }</pre>
 *
 * <p>Accepted: a name that is an RFC 9110 token; a value of cookie-octets (printable ASCII except
 * space, {@code " , ; \}) — encode anything else first, for example with base64url; a Path of
 * printable ASCII without {@code ;}; a Domain of letters, digits, {@code -} and {@code .}. Defaults:
 * no attributes. The {@code __Secure-} and {@code __Host-} name prefixes and {@code SameSite=None} are
 * checked against their browser rules when the header is built.
 *
 * @since 0.1
 */
public final class SetCookie {
    /** The SameSite attribute's values. @since 0.1 */
    public enum SameSite {
        /** Sent only with same-site requests. @since 0.1 */
        STRICT("Strict"),
        /** Also sent with top-level cross-site navigations (the browsers' default). @since 0.1 */
        LAX("Lax"),
        /** Sent with every request; needs Secure. @since 0.1 */
        NONE("None");

        private final String text;

        SameSite(String text) {
            this.text = text;
        }

        /** The attribute value, e.g. {@code Lax}. @since 0.1 */
        @Override
        public String toString() {
            return text;
        }
    }

    private final String name;
    private final String value;
    private final String path;
    private final String domain;
    private final Duration maxAge;
    private final Instant expires;
    private final boolean httpOnly;
    private final boolean secure;
    private final SameSite sameSite;

    private SetCookie(String name, String value, String path, String domain, Duration maxAge, Instant expires,
            boolean httpOnly, boolean secure, SameSite sameSite) {
        this.name = name;
        this.value = value;
        this.path = path;
        this.domain = domain;
        this.maxAge = maxAge;
        this.expires = expires;
        this.httpOnly = httpOnly;
        this.secure = secure;
        this.sameSite = sameSite;
    }

    /**
     * A cookie {@code name=value} without attributes.
     *
     * @throws IllegalArgumentException if the name is not a token or the value holds a character outside
     *     the cookie-octets (CR, LF, {@code ;}, space, comma, quote, backslash, control, non-ASCII)
     * @since 0.1
     */
    public static SetCookie of(String name, String value) {
        if (!Header.isToken(name)) {
            throw new IllegalArgumentException("cookie name must be a token (letters, digits, !#$%&'*+-.^_`|~), got "
                    + Headers.describe(name));
        }
        Objects.requireNonNull(value, "value");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') {
                throw new IllegalArgumentException("cookie " + name + ": value may hold only printable ASCII without"
                        + " space, '\"', ',', ';' or '\\', got " + Headers.describe(value)
                        + " (encode it first, e.g. BaseEncoding.base64Url() or percent-encoding)");
            }
        }
        return new SetCookie(name, value, null, null, null, null, false, false, null);
    }

    /**
     * A cookie that deletes {@code name} in the browser: empty value, {@code Max-Age=0} and an Expires in
     * 1970. Give it the same Path and Domain as the cookie it deletes.
     *
     * @throws IllegalArgumentException if the name is not a token
     * @since 0.1
     */
    public static SetCookie delete(String name) {
        return of(name, "").withMaxAge(Duration.ZERO).withExpires(Instant.EPOCH);
    }

    /**
     * A copy with {@code Path}.
     *
     * @throws IllegalArgumentException if the path is empty, holds {@code ;} or a character outside printable ASCII
     * @since 0.1
     */
    public SetCookie withPath(String newPath) {
        boolean ok = !newPath.isEmpty();
        for (int i = 0; i < newPath.length() && ok; i++) {
            char c = newPath.charAt(i);
            ok = c > 0x20 && c < 0x7f && c != ';';
        }
        if (!ok) {
            throw new IllegalArgumentException("cookie " + name + ": Path must be printable ASCII without space or ';',"
                    + " got " + Headers.describe(newPath) + " (percent-encode it)");
        }
        return new SetCookie(name, value, newPath, domain, maxAge, expires, httpOnly, secure, sameSite);
    }

    /**
     * A copy with {@code Domain} (the cookie then also goes to subdomains).
     *
     * @throws IllegalArgumentException if the domain holds anything but letters, digits, {@code -} and {@code .}
     * @since 0.1
     */
    public SetCookie withDomain(String newDomain) {
        if (!newDomain.matches("\\.?[A-Za-z0-9]([A-Za-z0-9.-]{0,252})")) {
            throw new IllegalArgumentException("cookie " + name + ": Domain must be a host name (letters, digits,"
                    + " '-', '.'), got " + Headers.describe(newDomain));
        }
        return new SetCookie(name, value, path, newDomain, maxAge, expires, httpOnly, secure, sameSite);
    }

    /**
     * {@code d} in whole seconds, a part of a second counted as one more, except past Long.MAX_VALUE (the
     * longest Duration, ChronoUnit.FOREVER's, has a part): wrapping to a negative Max-Age would delete the cookie.
     */
    private static long wholeSecondsRoundedUp(Duration d) {
        long seconds = d.getSeconds();
        return d.getNano() > 0 && seconds < Long.MAX_VALUE ? seconds + 1 : seconds;
    }

    /**
     * A copy with {@code Max-Age} in whole seconds, a part of a second rounded up (so that only zero
     * deletes the cookie).
     *
     * @throws IllegalArgumentException if negative
     * @since 0.1
     */
    public SetCookie withMaxAge(Duration newMaxAge) {
        if (newMaxAge.isNegative()) {
            throw new IllegalArgumentException("cookie " + name + ": Max-Age must not be negative, got " + newMaxAge
                    + " (use Duration.ZERO to delete the cookie)");
        }
        return new SetCookie(name, value, path, domain, newMaxAge, expires, httpOnly, secure, sameSite);
    }

    /** A copy with {@code Expires} (for old clients; Max-Age wins where both are known). @since 0.1 */
    public SetCookie withExpires(Instant newExpires) {
        return new SetCookie(name, value, path, domain, maxAge, Objects.requireNonNull(newExpires, "expires"),
                httpOnly, secure, sameSite);
    }

    /** A copy with or without {@code HttpOnly} (scripts cannot read the cookie). @since 0.1 */
    public SetCookie withHttpOnly(boolean on) {
        return new SetCookie(name, value, path, domain, maxAge, expires, on, secure, sameSite);
    }

    /** A copy with or without {@code Secure} (sent over HTTPS only). @since 0.1 */
    public SetCookie withSecure(boolean on) {
        return new SetCookie(name, value, path, domain, maxAge, expires, httpOnly, on, sameSite);
    }

    /** A copy with {@code SameSite}, or without it when null. @since 0.1 */
    public SetCookie withSameSite(SameSite newSameSite) {
        return new SetCookie(name, value, path, domain, maxAge, expires, httpOnly, secure, newSameSite);
    }

    /** The cookie name. @since 0.1 */
    public String name() {
        return name;
    }

    /** The cookie value. @since 0.1 */
    public String value() {
        return value;
    }

    /**
     * The {@code Set-Cookie} header.
     *
     * @throws IllegalStateException if SameSite=None lacks Secure, a {@code __Secure-} cookie lacks Secure,
     *     or a {@code __Host-} cookie lacks Secure or Path=/ or has a Domain (browsers would drop it; the
     *     prefixes are matched ignoring case, as browsers do)
     * @since 0.1
     */
    public Header header() {
        return Header.of("Set-Cookie", headerValue());
    }

    /**
     * The header value, e.g. {@code sid=abc; Path=/; HttpOnly}.
     *
     * @throws IllegalStateException as {@link #header()}
     * @since 0.1
     */
    public String headerValue() {
        if (sameSite == SameSite.NONE && !secure) {
            throw new IllegalStateException("cookie " + name + ": SameSite=None needs withSecure(true)");
        }
        // browsers match the prefixes ignoring case (RFC 6265bis since draft 11): "__HOST-id" is held to the rules too
        if (Ascii.startsWithIgnoreCase(name, "__secure-") && !secure) {
            throw new IllegalStateException("cookie " + name + ": a __Secure- cookie needs withSecure(true)");
        }
        if (Ascii.startsWithIgnoreCase(name, "__host-") && (!secure || !"/".equals(path) || domain != null)) {
            throw new IllegalStateException("cookie " + name + ": a __Host- cookie needs withSecure(true),"
                    + " withPath(\"/\") and no Domain");
        }
        StringBuilder b = new StringBuilder(64).append(name).append('=').append(value);
        if (path != null) b.append("; Path=").append(path);
        if (domain != null) b.append("; Domain=").append(domain);
        if (maxAge != null) b.append("; Max-Age=").append(wholeSecondsRoundedUp(maxAge));
        if (expires != null) b.append("; Expires=").append(HttpDate.format(expires.toEpochMilli()));
        if (httpOnly) b.append("; HttpOnly");
        if (secure) b.append("; Secure");
        if (sameSite != null) b.append("; SameSite=").append(sameSite);
        return b.toString();
    }

    /** The header value (or the reason it cannot be built). @since 0.1 */
    @Override
    public String toString() {
        try {
            return headerValue();
        } catch (IllegalStateException e) {
            return name + "=... (invalid: " + e.getMessage() + ")";
        }
    }
}
