// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wsgi4j.Middleware;
import io.wsgi4j.middleware.request.SetCookie.SameSite;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionsBuilderTest {
    private static final byte[] KEY = SessionsTest.KEY;

    @Test
    void theDefaultsPrintAsTheBareFactory() {
        assertEquals("Sessions.of(SignedCookieStore.of(<key>))", Sessions.builder(SignedCookieStore.of(KEY)).build().toString());
    }

    @Test
    void everyNonDefaultOptionIsPrinted() {
        Middleware m = Sessions.builder(SignedCookieStore.of(KEY)).cookieName("sid").path("/app").domain("example.com")
                .maxAge(Duration.ofHours(8)).httpOnly(false).secure(false).sameSite(SameSite.STRICT)
                .maxCookieBytes(2048).build();
        assertEquals("Sessions.builder(SignedCookieStore.of(<key>)).cookieName(\"sid\").path(\"/app\").domain(\"example.com\")"
                + ".maxAge(Duration.ofHours(8)).httpOnly(false).secure(false).sameSite(SameSite.STRICT)"
                + ".maxCookieBytes(2048).build()", m.toString());
    }

    @Test
    void laterBuilderChangesDoNotReachABuiltMiddleware() {
        SessionsBuilder b = Sessions.builder(SignedCookieStore.of(KEY));
        Middleware m = b.build();
        b.cookieName("other");
        assertEquals("Sessions.of(SignedCookieStore.of(<key>))", m.toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {0, 255, 8193})
    void anUnreasonableCookieLimitIsRejected(int bytes) {
        assertThrows(IllegalArgumentException.class, () -> Sessions.builder(SignedCookieStore.of(KEY)).maxCookieBytes(bytes));
    }

    @Test
    void anInjectingPathOrDomainIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Sessions.builder(SignedCookieStore.of(KEY)).path("/; Domain=evil"));
        assertThrows(IllegalArgumentException.class, () -> Sessions.builder(SignedCookieStore.of(KEY)).domain("a; Secure"));
    }
}
