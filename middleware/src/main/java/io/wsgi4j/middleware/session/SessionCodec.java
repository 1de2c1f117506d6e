// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import com.google.common.io.BaseEncoding;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies cookie values: {@code base64url(payload) + "." + base64url(HmacSHA256(key,
 * base64url(payload)))}, the pure half of {@link Sessions}.
 *
 * <pre>{@code
 * String value = SessionCodec.sign(payloadBytes, key);
 * byte[] payload = SessionCodec.verify(value, List.of(newKey, oldKey));   // null if not signed by either
 * }</pre>
 *
 * <p>The payload is signed, not encrypted: the client can read it. Verification compares signatures in
 * constant time ({@link MessageDigest#isEqual}) and tries every key, so keys can be rotated: sign with
 * the new key first in the list, keep old keys until their cookies have expired.
 *
 * @since 0.1
 */
public final class SessionCodec {
    /** The smallest key accepted: 32 bytes, the HmacSHA256 output size. @since 0.1 */
    public static final int MIN_KEY_BYTES = 32;

    private static final BaseEncoding B64 = BaseEncoding.base64Url().omitPadding();
    private static final int SIGNATURE_BYTES = 32;

    private SessionCodec() {}

    /**
     * The signed cookie value for {@code payload}.
     *
     * @throws IllegalArgumentException if the key is shorter than {@link #MIN_KEY_BYTES} or only zero bytes
     * @since 0.1
     */
    public static String sign(byte[] payload, byte[] key) {
        checkKey(key);
        String body = B64.encode(payload);
        return body + "." + B64.encode(hmac(key, body));
    }

    /**
     * The payload of {@code value} if one of {@code keys} signed it, else null (also for a malformed,
     * truncated or empty value, and for a signature spelt other than {@link #sign} spells it).
     *
     * @since 0.1
     */
    public static byte[] verify(String value, List<byte[]> keys) {
        int dot = value == null ? -1 : value.lastIndexOf('.');
        if (dot <= 0) {
            return null;
        }
        String body = value.substring(0, dot);
        byte[] payload = decode(body);
        String signature = value.substring(dot + 1);
        byte[] given = decode(signature);
        // the decoder ignores the unused low bits of the last character: only the one spelling signing
        // gives counts, so a signed value has a single form (the body needs no check: it is what is MACed)
        if (payload == null || given == null || given.length != SIGNATURE_BYTES
                || !B64.encode(given).equals(signature)) {
            return null;
        }
        boolean ok = false;
        for (byte[] key : keys) {
            ok |= MessageDigest.isEqual(hmac(key, body), given);
        }
        return ok ? payload : null;
    }

    /**
     * Checks a key's length, and that it is not all zero bytes: {@code new byte[32]} that was never
     * filled is long enough, yet anyone can sign a session with it.
     *
     * @throws IllegalArgumentException if shorter than {@link #MIN_KEY_BYTES}, or only zero bytes
     * @since 0.1
     */
    public static void checkKey(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a session key must be at least " + MIN_KEY_BYTES + " bytes of random"
                    + " data, got " + (key == null ? "null" : key.length + " bytes") + MAKE_ONE);
        }
        int any = 0;
        for (byte b : key) {
            any |= b;
        }
        if (any == 0) {
            throw new IllegalArgumentException("a session key of only zero bytes is no secret (an array never"
                    + " filled?)" + MAKE_ONE);
        }
    }

    /** How to make a key, as code that can be copied. */
    private static final String MAKE_ONE = " (make one with byte[] key = new byte[32];"
            + " new SecureRandom().nextBytes(key); and keep it out of the code)";

    private static byte[] decode(String s) {
        try {
            return B64.decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] hmac(byte[] key, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }
}
