// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CredentialsTest {
    @Test
    void parsedCredentialsEqualBuiltOnes() {
        assertEquals(new Credentials("alice", "pw"), BasicAuth.parse(BasicAuthTest.basic("alice:pw")));
    }

    @Test
    void toStringNeverShowsThePassword() {
        String s = new Credentials("alice", "hunter2").toString();
        assertEquals("Credentials[alice, password hidden]", s);
        assertFalse(s.contains("hunter2"));
    }

    @Test
    void nullPartsAreRejected() {
        assertThrows(NullPointerException.class, () -> new Credentials(null, "pw"));
    }
}
