// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.samples.kforge.domain.Passwords.Check;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordsTest {
    private final Passwords passwords = Passwords.standard();

    @Test
    void matchesTheRightPasswordOnly() {
        String hash = passwords.hash("correct horse".toCharArray());

        assertTrue(hash.startsWith("pbkdf2-sha256$" + passwords.iterations() + "$"), hash);
        assertEquals(Check.RIGHT, passwords.check("correct horse".toCharArray(), hash));
        assertEquals(Check.WRONG, passwords.check("correct horsf".toCharArray(), hash));
    }

    @Test
    void saltsEveryHash() {
        assertNotEquals(passwords.hash("password1".toCharArray()), passwords.hash("password1".toCharArray()));
    }

    @Test
    void refusesMalformedStoredHashes() {
        assertEquals(Check.WRONG, passwords.check("password1".toCharArray(), "plain-text"));
        assertEquals(Check.WRONG, passwords.check("password1".toCharArray(), "pbkdf2-sha256$x$y$z"));
        assertEquals(Check.WRONG, passwords.check("password1".toCharArray(), "pbkdf2-sha256$0$AAAA$AAAA"));
    }

    @Test
    void refusesShortPasswords() {
        assertThrows(IllegalArgumentException.class, () -> passwords.hash("short".toCharArray()));
    }

    /** Production hashes cost OWASP's 2023 figure. */
    @Test
    void theProductionDefaultIs600000Iterations() {
        assertEquals(600_000, Passwords.DEFAULT_ITERATIONS);
    }

    /** A hash made at a lower cost is reported, so the caller can store a stronger one. */
    @Test
    void reportsAHashCheaperThanTodaysAsOutdated() {
        CountingKdf kdf = new CountingKdf();
        String old = new Passwords(10, kdf).hash("password1".toCharArray());

        assertEquals(Check.RIGHT_BUT_OUTDATED, new Passwords(20, kdf).check("password1".toCharArray(), old));
        assertEquals(Check.RIGHT, new Passwords(10, kdf).check("password1".toCharArray(), old));
    }

    /** A name that does not exist costs the same KDF run as a wrong password. */
    @Test
    void checkingNobodyRunsTheKdfAtTodaysCost() {
        CountingKdf kdf = new CountingKdf();
        Passwords counted = new Passwords(50, kdf);
        String stored = counted.hash("password1".toCharArray());
        kdf.calls.clear();

        counted.check("guess-one".toCharArray(), stored);
        List<Integer> known = List.copyOf(kdf.calls);
        kdf.calls.clear();
        counted.checkNobody("guess-one".toCharArray()); // the first call also makes the dummy hash
        kdf.calls.clear();
        assertEquals(Check.WRONG, counted.checkNobody("guess-two".toCharArray()));

        assertEquals(List.of(50), known);
        assertEquals(known, kdf.calls);
    }

    /** A KDF that records the iteration count of each call. */
    static final class CountingKdf implements Passwords.Kdf {
        final List<Integer> calls = new ArrayList<>();

        @Override
        public byte[] derive(char[] password, byte[] salt, int iterations) {
            calls.add(iterations);
            byte[] out = new byte[32];
            for (int i = 0; i < password.length; i++) {
                out[i % 32] ^= (byte) (password[i] * 31 + iterations);
            }
            for (int i = 0; i < salt.length; i++) {
                out[(i + 7) % 32] ^= salt[i];
            }
            return out;
        }
    }
}
