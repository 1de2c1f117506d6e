// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordsTest {

    @Test
    void matchesTheRightPasswordOnly() {
        String hash = Passwords.hash("correct horse".toCharArray());

        assertTrue(Passwords.matches("correct horse".toCharArray(), hash));
        assertFalse(Passwords.matches("correct horsf".toCharArray(), hash));
    }

    @Test
    void saltsEveryHash() {
        assertNotEquals(Passwords.hash("password1".toCharArray()), Passwords.hash("password1".toCharArray()));
    }

    @Test
    void treatsAMalformedStoredHashAsAMismatch() {
        assertFalse(Passwords.matches("password1".toCharArray(), "plain-text"));
        assertFalse(Passwords.matches("password1".toCharArray(), "pbkdf2-sha256$x$y$z"));
    }

    @Test
    void refusesShortPasswords() {
        assertThrows(IllegalArgumentException.class, () -> Passwords.hash("short".toCharArray()));
    }
}
