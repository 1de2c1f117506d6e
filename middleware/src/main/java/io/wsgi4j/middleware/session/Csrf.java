// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import com.google.common.io.BaseEncoding;
import io.wsgi4j.Environ;
import io.wsgi4j.middleware.request.Forms;
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
 * constant-time. Invalidating the session (at login and logout) replaces the secret.
 *
 * @since 0.1
 */
public final class Csrf {
    /** The form field {@link #verify(Environ)} reads: {@code csrf_token}. @since 0.1 */
    public static final String FIELD = "csrf_token";
    /** The header {@link #verify(Environ)} reads first: {@code X-CSRF-Token}. @since 0.1 */
    public static final String HEADER = "X-CSRF-Token";

    private static final String SESSION_KEY = "_csrf";
    private static final int SECRET_BYTES = 32;
    private static final BaseEncoding B64 = BaseEncoding.base64Url().omitPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {}

    /**
     * A token for a form or header of this session; creates the session's secret on first use.
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
     * Verifies the token of the request: the {@value #HEADER} header if present, else the
     * {@value #FIELD} form field (which parses the form, see {@link Forms}).
     *
     * @throws IllegalStateException if no {@link Sessions} middleware runs in front of the application
     * @throws io.wsgi4j.middleware.request.RequestException if the form cannot be parsed
     * @since 0.1
     */
    public static boolean verify(Environ environ) {
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
