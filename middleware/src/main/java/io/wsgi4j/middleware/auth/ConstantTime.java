// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Comparisons whose time does not depend on where the inputs differ, for secrets such as passwords
 * and tokens.
 *
 * <pre>{@code
 * boolean ok = ConstantTime.equals(submittedPassword, expectedPassword);
 * }</pre>
 *
 * <p>Both strings are hashed with SHA-256 first, so the time does not reveal the expected length either;
 * the digests are compared with {@link MessageDigest#isEqual}. Store password hashes (bcrypt, scrypt,
 * Argon2, PBKDF2) rather than passwords where you can; this helper is for comparing what you have.
 *
 * @since 0.1
 */
public final class ConstantTime {
    private ConstantTime() {}

    /**
     * True when {@code a} and {@code b} are equal; false when either is null.
     *
     * @since 0.1
     */
    public static boolean equals(String a, String b) {
        if (a == null || b == null) {
            // still spend the same work, so "no such user" and "wrong password" take as long
            sha256(a == null ? "" : a);
            sha256(b == null ? "" : b);
            return false;
        }
        return MessageDigest.isEqual(sha256(a), sha256(b));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
