// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.auth;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.internal.BuilderCode;
import io.wsgi4j.middleware.internal.HeaderLists;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * HTTP Basic authentication (RFC 7617): a request without valid credentials gets 401 with
 * {@code WWW-Authenticate: Basic realm="...", charset="UTF-8"}; a valid one goes on with REMOTE_USER
 * and AUTH_TYPE set.
 *
 * <pre>{@code
 * Middleware admin = BasicAuth.of("KForge admin", (user, password) -> users.verify(user, password));
 * }</pre>
 *
 * <p>A missing, malformed (wrong scheme, bad base64, no colon, control characters) or wrong
 * Authorization header is a 401, never a 500; so is an empty user-id ({@code ":password"}), which the
 * checker is not asked about: a REMOTE_USER that is present names someone, as with {@link Authenticate}. Credentials are decoded as UTF-8, or ISO-8859-1 when they
 * are not valid UTF-8 (older clients); the checker gets the name as text, and REMOTE_USER holds its
 * UTF-8 bytes one character per byte, as every CGI variable does (an ASCII name reads as itself). Send Basic credentials over HTTPS only: they are not encrypted.
 *
 * <p>A 401 the application answers itself (say, to a user it will not serve) gets the same challenge
 * when it carries none, since every 401 must name a way to authenticate (RFC 9110 section 15.5.2).
 *
 * @since 0.1
 */
public final class BasicAuth implements Application {
    private static final String AUTH_TYPE = "AUTH_TYPE";

    private final Application next;
    private final String realm;
    private final CredentialChecker checker;
    private final Application unauthorized;
    private final Header challenge;

    private BasicAuth(Application next, String realm, CredentialChecker checker) {
        this.next = Objects.requireNonNull(next, "next");
        this.realm = realm;
        this.checker = checker;
        this.challenge = Header.of("WWW-Authenticate", challenge(realm));
        this.unauthorized = Authenticate.unauthorized(challenge.value());
    }

    /**
     * The middleware for {@code realm}, asking {@code checker} about each request's credentials.
     *
     * @throws IllegalArgumentException if the realm is empty or holds control characters or characters
     *     above U+00FF
     * @throws NullPointerException if an argument is null
     * @since 0.1
     */
    public static Middleware of(String realm, CredentialChecker checker) {
        Objects.requireNonNull(checker, "checker");
        challenge(realm); // validates the realm now rather than on the first request
        return Middleware.named(BuilderCode.of("BasicAuth", realm, checker).toString(),
                next -> new BasicAuth(next, realm, checker));
    }

    /**
     * The user whose Basic credentials {@code checker} accepts, for use with {@link Authenticate}; null for
     * a missing, malformed or wrong header.
     *
     * @since 0.1
     */
    public static Authenticator authenticator(CredentialChecker checker) {
        Objects.requireNonNull(checker, "checker");
        return Authenticator.named("BasicAuth.authenticator(" + checker + ")", environ -> {
            Credentials c = parse(environ.header("Authorization"));
            return c != null && checker.check(c.user(), c.password()) ? c.user() : null;
        });
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        Credentials c = parse(environ.header("Authorization"));
        // an empty user-id names nobody, and a present REMOTE_USER names someone (SPEC.md section 2)
        if (c == null || c.user().isEmpty() || !checker.check(c.user(), c.password())) {
            return unauthorized.call(environ, startResponse);
        }
        RemoteUser.set(environ, c.user());
        environ.put(AUTH_TYPE, "Basic");
        // a bare 401 from the application would leave the client with no way to log in again (a 401 must
        // carry WWW-Authenticate): it gets this realm's challenge; one with its own challenge is left alone
        return next.call(environ, (status, headers, excInfo) -> startResponse.start(status,
                status.code() == 401 && !Headers.contains(headers, "WWW-Authenticate")
                        ? HeaderLists.plus(headers, challenge) : headers,
                excInfo));
    }

    /**
     * The request half: the credentials in an Authorization header value, or null when it is absent or
     * malformed.
     *
     * @since 0.1
     */
    public static Credentials parse(String authorization) {
        if (authorization == null) {
            return null;
        }
        String h = ows(authorization);
        int space = h.indexOf(' ');
        if (space < 0 || !h.substring(0, space).equalsIgnoreCase("Basic")) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(ows(h.substring(space + 1)));
        } catch (IllegalArgumentException e) {
            return null;
        }
        String text = text(raw);
        int colon = text.indexOf(':');
        if (colon < 0) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return null; // RFC 7617: neither part may hold control characters
            }
        }
        return new Credentials(text.substring(0, colon), text.substring(colon + 1));
    }

    /**
     * The response half: the WWW-Authenticate value for {@code realm}, e.g.
     * {@code Basic realm="admin", charset="UTF-8"}; quotes and backslashes in the realm are escaped.
     *
     * @throws IllegalArgumentException if the realm is empty or holds control characters or characters
     *     above U+00FF
     * @since 0.1
     */
    public static String challenge(String realm) {
        Objects.requireNonNull(realm, "realm");
        if (realm.isEmpty() || !realm.chars().allMatch(c -> c >= 0x20 && c != 0x7f && c <= 0xff)) {
            throw new IllegalArgumentException("realm must be non-empty Latin-1 text without control characters,"
                    + " got " + Headers.describe(realm));
        }
        return "Basic realm=\"" + realm.replace("\\", "\\\\").replace("\"", "\\\"") + "\", charset=\"UTF-8\"";
    }

    /** Strips optional whitespace (spaces and tabs only: String.trim would also drop control characters). */
    private static String ows(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }

    private static String text(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
    }

    /** Like {@code BasicAuth.of("admin", checker).wrap(app)}; never the credentials. @since 0.1 */
    @Override
    public String toString() {
        return BuilderCode.of("BasicAuth", realm, checker) + ".wrap(" + next + ")";
    }
}
