// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialCheckerTest {
    @Test
    void aFixedTableAcceptsOnlyItsPairs() throws Exception {
        CredentialChecker c = CredentialChecker.of(Map.of("alice", "pw"));
        assertTrue(c.check("alice", "pw"));
        assertFalse(c.check("alice", "PW"));
        assertFalse(c.check("bob", "pw"));
    }

    @Test
    void theTableIsCopied() throws Exception {
        Map<String, String> users = new HashMap<>(Map.of("alice", "pw"));
        CredentialChecker c = CredentialChecker.of(users);
        users.put("mallory", "x");
        assertFalse(c.check("mallory", "x"));
    }

    @Test
    void toStringCountsUsersAndShowsNoPasswords() {
        assertEquals("CredentialChecker.of(<1 user>)", CredentialChecker.of(Map.of("a", "hunter2")).toString());
    }

    @Test
    void aNullTableIsRejected() {
        assertThrows(NullPointerException.class, () -> CredentialChecker.of(null));
    }
}
