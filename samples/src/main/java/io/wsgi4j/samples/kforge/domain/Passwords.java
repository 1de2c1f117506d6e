// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.domain;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted, slow password hashes (PBKDF2 with HMAC-SHA256 from the JDK), stored as
 * {@code pbkdf2-sha256$iterations$salt$hash}. The iteration count is stored with each hash, so the
 * cost can be raised later without invalidating existing passwords.
 *
 * @since 0.1
 */
public final class Passwords {
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    /** The cost for new hashes; the system property {@code kforge.pbkdf2.iterations} overrides it (tests use less). */
    private static final int ITERATIONS = Integer.getInteger("kforge.pbkdf2.iterations", 60_000);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private Passwords() {}

    /**
     * Hashes a password with a fresh random salt.
     *
     * @param password the password, at least 8 characters
     * @return the encoded hash, safe to store
     * @throws IllegalArgumentException when the password is shorter than 8 characters
     * @since 0.1
     */
    public static String hash(char[] password) {
        if (password.length < 8) {
            throw new IllegalArgumentException("password must be at least 8 characters, got " + password.length);
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2-sha256$" + ITERATIONS + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(derive(password, salt, ITERATIONS));
    }

    /**
     * Tells whether a password matches a stored hash, in time that does not depend on where they differ.
     *
     * @param password the password to check
     * @param stored a hash made by {@link #hash(char[])}
     * @return true when they match; false also for a malformed stored hash
     * @since 0.1
     */
    public static boolean matches(char[] password, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(password, salt, Integer.parseInt(parts[1])));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK must provide " + ALGORITHM + ": " + e, e);
        }
    }
}
