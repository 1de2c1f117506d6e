// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wsgi4j.Environ;
import io.wsgi4j.middleware.session.Session;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    @Test
    void sessionAttributeReadsTheStoredUser() throws Exception {
        Environ environ = new Environ();
        environ.put(Session.KEY, Session.empty().put("user", "dave"));
        assertEquals("dave", Authenticator.sessionAttribute("user").authenticate(environ));
        assertNull(Authenticator.sessionAttribute("other").authenticate(environ));
    }

    @Test
    void sessionAttributeWithoutSessionsSaysHowToInstallThem() {
        assertThrows(IllegalStateException.class,
                () -> Authenticator.sessionAttribute("user").authenticate(new Environ()));
    }

    @Test
    void namedDelegatesAndPrintsItsName() throws Exception {
        Authenticator a = Authenticator.named("always bob", env -> "bob");
        assertEquals("bob", a.authenticate(new Environ()));
        assertEquals("always bob", a.toString());
    }
}
