// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.domain;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted, slow password hashes (PBKDF2 with HMAC-SHA256 from the JDK), stored as
 * {@code pbkdf2-sha256$iterations$salt$hash}. The iteration count is stored with each hash, so the
 * cost can be raised without invalidating existing passwords: {@link #check} says when a hash is
 * cheaper than today's, and the caller stores a new one while it holds the password.
 *
 * <pre>{@code
 * Passwords passwords = Passwords.standard();               // 600,000 iterations
 * String stored = passwords.hash("correct horse".toCharArray());
 * passwords.check("correct horse".toCharArray(), stored);   // Check.RIGHT
 * passwords.checkNobody("guess".toCharArray());             // the same work, for a name that does not exist
 * }</pre>
 *
 * @since 0.1
 */
public final class Passwords {
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. @since 0.2 */
    public static final int DEFAULT_ITERATIONS = 600_000;

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final String SCHEME = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    /** The key derivation: PBKDF2-HMAC-SHA256 in production; tests pass one that counts its calls. @since 0.2 */
    @FunctionalInterface
    public interface Kdf {
        /** The 32-byte key of {@code password} with {@code salt} after {@code iterations}. @since 0.2 */
        byte[] derive(char[] password, byte[] salt, int iterations);
    }

    /** What {@link #check} found. @since 0.2 */
    public enum Check {
        /** Not this password, or a stored hash that is malformed. */
        WRONG,
        /** The password, hashed at today's cost. */
        RIGHT,
        /** The password, but hashed with fewer iterations than today's: store {@link #hash} of it. */
        RIGHT_BUT_OUTDATED
    }

    private final int iterations;
    private final Kdf kdf;
    private volatile String nobody;

    /**
     * Hashing with {@code iterations} through {@code kdf}.
     *
     * @throws IllegalArgumentException if iterations is under 1
     * @since 0.2
     */
    public Passwords(int iterations, Kdf kdf) {
        if (iterations < 1) {
            throw new IllegalArgumentException("PBKDF2 iterations must be at least 1, got " + iterations);
        }
        this.iterations = iterations;
        this.kdf = Objects.requireNonNull(kdf, "kdf");
    }

    /**
     * PBKDF2-HMAC-SHA256 at {@value #DEFAULT_ITERATIONS} iterations, or the system property
     * {@code kforge.pbkdf2.iterations} (the test suite sets a small one to stay fast).
     *
     * @since 0.2
     */
    public static Passwords standard() {
        return new Passwords(Integer.getInteger("kforge.pbkdf2.iterations", DEFAULT_ITERATIONS), Passwords::pbkdf2);
    }

    /** The iteration count of new hashes. @since 0.2 */
    public int iterations() {
        return iterations;
    }

    /**
     * Hashes a password with a fresh random salt.
     *
     * @param password the password, at least 8 characters
     * @return the encoded hash, safe to store
     * @throws IllegalArgumentException when the password is shorter than 8 characters
     * @since 0.1
     */
    public String hash(char[] password) {
        if (password.length < 8) {
            throw new IllegalArgumentException("password must be at least 8 characters, got " + password.length);
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return SCHEME + "$" + iterations + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(kdf.derive(password, salt, iterations));
    }

    /**
     * Checks a password against a stored hash, in time that does not depend on where they differ.
     *
     * @return {@link Check#WRONG} also for a malformed stored hash (without running the KDF)
     * @since 0.2
     */
    public Check check(char[] password, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return Check.WRONG;
        }
        try {
            int storedIterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            if (storedIterations < 1 || storedIterations > 100_000_000) {
                return Check.WRONG;
            }
            if (!MessageDigest.isEqual(expected, kdf.derive(password, salt, storedIterations))) {
                return Check.WRONG;
            }
            return storedIterations < iterations ? Check.RIGHT_BUT_OUTDATED : Check.RIGHT;
        } catch (IllegalArgumentException e) {
            return Check.WRONG;
        }
    }

    /**
     * Spends the work of a {@link #check} at today's cost and answers {@link Check#WRONG}: for a name
     * that does not exist, so that it answers as slowly as a wrong password for one that does.
     *
     * @since 0.2
     */
    public Check checkNobody(char[] password) {
        String dummy = nobody;
        if (dummy == null) {
            dummy = hash("no such person".toCharArray());
            nobody = dummy;
        }
        check(password, dummy);
        return Check.WRONG;
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK must provide " + ALGORITHM + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return "Passwords[" + SCHEME + ", " + iterations + " iterations]";
    }
}
