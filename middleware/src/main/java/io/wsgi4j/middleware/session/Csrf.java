// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import com.google.common.io.BaseEncoding;
import io.wsgi4j.Environ;
import io.wsgi4j.middleware.request.Forms;
import io.wsgi4j.middleware.request.RequestException;
import io.wsgi4j.middleware.request.RequestScope;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * CSRF tokens bound to the session (synchronizer-token pattern): put {@link #token} in each form,
 * check it with {@link #verify} on each unsafe request.
 *
 * <pre>{@code
 * // rendering a form
 * html.append("<input type=hidden name=csrf_token value=\"").append(Csrf.token(environ)).append("\">");
 * // handling the POST
 * if (!Csrf.verify(environ)) { return forbidden(startResponse); }
 * }</pre>
 *
 * <p>The session holds one random 32-byte secret (created on first use, so the session changes and its
 * cookie is written). Each token is that secret masked with a fresh random pad, so tokens differ on every
 * page (no fixed secret for compression attacks such as BREACH to recover) and all verify. Comparison is
 * constant-time. Invalidating the session (at login and logout) or {@linkplain Session#renew() renewing} it
 * (at login) replaces the secret.
 *
 * <p>Origin: {@link #verify(Environ)} and {@link #check} also refuse an unsafe request (any method
 * but GET, HEAD, OPTIONS and TRACE; a form post a {@link io.wsgi4j.middleware.request.MethodOverride}
 * turned into another method included) that the browser says came from another origin, token or not,
 * as OWASP's CSRF cheat sheet advises (a token can leak, or be known to whoever planted the session).
 * The browser's {@code Sec-Fetch-Site} header (Fetch metadata) decides when present: {@code same-origin}
 * and {@code none} (the user's own action) pass, {@code same-site} and {@code cross-site} are refused
 * unless the {@code Origin} is trusted. Without it, an {@code Origin} header (RFC 6454) must be this
 * request's origin: {@code wsgi.url_scheme}, then {@code Host} or else {@code SERVER_NAME} and
 * {@code SERVER_PORT}, compared ignoring case and the default port; {@code Origin: null} (a sandboxed
 * or privacy-redirected page) is refused. A request with neither header (clients other than
 * browsers, old browsers) is left to the token. Behind a proxy that terminates TLS or rewrites Host,
 * put {@link io.wsgi4j.middleware.proxy.ProxyFix} in front so that the environ has the browser's scheme
 * and host (modern browsers send Sec-Fetch-Site over HTTPS, which makes this moot for them). Forms
 * served by another origin of yours are trusted with {@link #check}{@code (environ, "https://...")};
 * {@link #verify(Environ, String)} checks a token alone.
 *
 * @since 0.1
 */
public final class Csrf {
    /** The form field {@link #verify(Environ)} reads: {@code csrf_token}. @since 0.1 */
    public static final String FIELD = "csrf_token";
    /** The header {@link #verify(Environ)} reads first: {@code X-CSRF-Token}. @since 0.1 */
    public static final String HEADER = "X-CSRF-Token";

    /** The session value holding the secret. */
    static final String SESSION_KEY = "_csrf";
    private static final int SECRET_BYTES = 32;
    private static final BaseEncoding B64 = BaseEncoding.base64Url().omitPadding();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String[] NO_ORIGINS = {};

    private Csrf() {}

    /**
     * A token for a form or header of this session; creates the session's secret on first use.
     * Call it before {@code start_response}: that first use changes the session, and {@link Sessions}
     * saves no change made after the response started (it says so in {@code wsgi.errors}), so a token
     * taken while rendering the body of a new session's first page would never verify.
     *
     * @throws IllegalStateException if no {@link Sessions} middleware runs in front of the application
     * @since 0.1
     */
    public static String token(Environ environ) {
        Session session = Session.of(environ);
        byte[] secret = secret(session);
        if (secret == null) {
            secret = new byte[SECRET_BYTES];
            RANDOM.nextBytes(secret);
            session.put(SESSION_KEY, B64.encode(secret));
        }
        byte[] out = new byte[2 * SECRET_BYTES];
        byte[] pad = new byte[SECRET_BYTES];
        RANDOM.nextBytes(pad);
        for (int i = 0; i < SECRET_BYTES; i++) {
            out[i] = pad[i];
            out[SECRET_BYTES + i] = (byte) (pad[i] ^ secret[i]);
        }
        return B64.encode(out);
    }

    /**
     * True when {@code submitted} is a token of this session; false for null, malformed or foreign tokens
     * and when the session has no secret yet.
     *
     * @throws IllegalStateException if no {@link Sessions} middleware runs in front of the application
     * @since 0.1
     */
    public static boolean verify(Environ environ, String submitted) {
        byte[] secret = secret(Session.of(environ));
        if (secret == null || submitted == null) {
            return false;
        }
        byte[] raw;
        try {
            raw = B64.decode(submitted.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (raw.length != 2 * SECRET_BYTES) {
            return false;
        }
        byte[] unmasked = new byte[SECRET_BYTES];
        for (int i = 0; i < SECRET_BYTES; i++) {
            unmasked[i] = (byte) (raw[i] ^ raw[SECRET_BYTES + i]);
        }
        return MessageDigest.isEqual(unmasked, secret);
    }

    /**
     * Verifies the request: that it comes from this site's own origin (see the class comment; only for an
     * unsafe method) and carries a token of this session, in the {@value #HEADER} header if present, else
     * the {@value #FIELD} form field (which parses the form, see {@link Forms}). {@link #check} does the
     * same, also trusts other origins, and says what was wrong.
     *
     * @throws IllegalStateException if no {@link Sessions} middleware runs in front of the application
     * @throws RequestException if the form cannot be parsed
     * @since 0.1
     */
    public static boolean verify(Environ environ) {
        return RequestOrigin.refusal(environ, NO_ORIGINS) == null && verifyToken(environ);
    }

    /**
     * Refuses the request unless it passes {@link #verify(Environ)}, where a request from one of
     * {@code trustedOrigins} (each {@code scheme://host[:port]}, exactly as a browser sends it in
     * {@code Origin}, such as {@code https://www.example.com} for forms served there that post to this
     * site) counts as from this site. {@link RequestScope} answers the exception it throws.
     *
     * <pre>{@code
     * Csrf.check(environ, "https://www.example.com");   // throws a 403 RequestException if refused
     * }</pre>
     *
     * @throws RequestException with status 403 and a message naming the origin or the token that was
     *     refused; or as {@link #verify(Environ)} when the form cannot be parsed
     * @throws IllegalArgumentException if a trusted origin is not {@code http(s)://host[:port]}
     * @throws IllegalStateException if no {@link Sessions} middleware runs in front of the application
     * @since 0.2
     */
    public static void check(Environ environ, String... trustedOrigins) {
        String refusal = RequestOrigin.refusal(environ, RequestOrigin.trusted(trustedOrigins));
        if (refusal != null) {
            throw new RequestException(403, refusal + "; the page that sent it must be served by this site"
                    + " (behind a proxy, let ProxyFix give the environ the browser's scheme and host)");
        }
        if (!verifyToken(environ)) {
            throw new RequestException(403, "the CSRF token (form field " + FIELD + " or header " + HEADER + ") is"
                    + " missing or not from this session; reload the page and send the form again");
        }
    }

    private static boolean verifyToken(Environ environ) {
        String header = environ.header(HEADER);
        return verify(environ, header != null ? header : Forms.parse(environ).field(FIELD));
    }

    private static byte[] secret(Session session) {
        String s = session.get(SESSION_KEY);
        if (s == null) {
            return null;
        }
        try {
            byte[] b = B64.decode(s);
            return b.length == SECRET_BYTES ? b : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
