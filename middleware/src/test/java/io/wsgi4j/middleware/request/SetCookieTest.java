// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Headers;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SetCookieTest {

    @Nested
    class Building {
        @Test
        void everyAttributeIsWrittenInAFixedOrder() {
            String v = SetCookie.of("sid", "abc123")
                    .withPath("/app").withDomain("example.com").withMaxAge(Duration.ofHours(1))
                    .withExpires(Instant.parse("2030-01-02T03:04:05Z"))
                    .withHttpOnly(true).withSecure(true).withSameSite(SetCookie.SameSite.STRICT)
                    .headerValue();
            assertEquals("sid=abc123; Path=/app; Domain=example.com; Max-Age=3600;"
                    + " Expires=Wed, 02 Jan 2030 03:04:05 GMT; HttpOnly; Secure; SameSite=Strict", v);
        }

        /** Max-Age=0 deletes a cookie (RFC 6265 5.2.2): a positive duration under a second must not. */
        @Test
        void aPartOfASecondIsRoundedUpSoAPositiveMaxAgeNeverDeletesTheCookie() {
            assertEquals("a=1; Max-Age=1", SetCookie.of("a", "1").withMaxAge(Duration.ofMillis(400)).headerValue());
            assertEquals("a=1; Max-Age=3", SetCookie.of("a", "1").withMaxAge(Duration.ofMillis(2001)).headerValue());
            assertEquals("a=1; Max-Age=2", SetCookie.of("a", "1").withMaxAge(Duration.ofSeconds(2)).headerValue());
        }

        /**
         * The longest Duration ("never expires", ChronoUnit.FOREVER's) has a part of a second: rounding it up must
         * not wrap past Long.MAX_VALUE to a negative Max-Age, which deletes the cookie (RFC 6265 5.2.2).
         */
        @Test
        void theLongestDurationStaysTheLargestMaxAgeInsteadOfWrappingToANegativeOne() {
            assertEquals("a=1; Max-Age=" + Long.MAX_VALUE,
                    SetCookie.of("a", "1").withMaxAge(java.time.temporal.ChronoUnit.FOREVER.getDuration()).headerValue());
        }

        @Test
        void aBareCookieHasNoAttributes() {
            assertEquals("a=1", SetCookie.of("a", "1").headerValue());
        }

        @Test
        void deleteExpiresTheCookieAtOnce() {
            assertEquals("sid=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
                    SetCookie.delete("sid").withPath("/").headerValue());
        }

        @Test
        void anAppSendsItThroughStartResponse() {
            Application app = (environ, sr) -> {
                sr.start("200 OK", List.of(SetCookie.of("a", "1").header(), SetCookie.of("b", "2").header()));
                return Body.empty();
            };
            TestResponse r = TestClient.of(app).get("/").send();
            assertEquals(List.of("a=1", "b=2"), r.headers("Set-Cookie"));
        }
    }

    @Nested
    class Injection {
        @ParameterizedTest(name = "value {0}")
        @ValueSource(strings = {
            "a\r\nSet-Cookie: admin=1", "a\nb", "a;Domain=evil.com", "a; HttpOnly", "a b", "a,b", "\"a\"",
            "a\\b", "caf\u00e9", "a\u0000b", "a\tb",
        })
        void aValueThatCouldAddAttributesOrSplitTheHeaderIsRejected(String value) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SetCookie.of("c", value));
            assertTrue(e.getMessage().contains("encode it first"), e.getMessage());
        }

        @ParameterizedTest(name = "name {0}")
        @ValueSource(strings = {"", "a b", "a;b", "a=b", "a\r\nb", "a,b"})
        void aNameThatIsNotATokenIsRejected(String name) {
            assertThrows(IllegalArgumentException.class, () -> SetCookie.of(name, "v"));
        }

        @ParameterizedTest(name = "path {0}")
        @ValueSource(strings = {"", "/a;Domain=evil", "/a b", "/a\r\n", "/caf\u00e9"})
        void aPathThatCouldInjectIsRejected(String path) {
            assertThrows(IllegalArgumentException.class, () -> SetCookie.of("c", "v").withPath(path));
        }

        @ParameterizedTest(name = "domain {0}")
        @ValueSource(strings = {"", "evil.com; Secure", "a b", "a\r\n.com", "-x.com/"})
        void aDomainThatIsNotAHostNameIsRejected(String domain) {
            assertThrows(IllegalArgumentException.class, () -> SetCookie.of("c", "v").withDomain(domain));
        }

        @Test
        void aNegativeMaxAgeIsRejected() {
            assertThrows(IllegalArgumentException.class, () -> SetCookie.of("c", "v").withMaxAge(Duration.ofSeconds(-1)));
        }
    }

    @Nested
    class BrowserRules {
        @Test
        void sameSiteNoneNeedsSecure() {
            SetCookie c = SetCookie.of("c", "v").withSameSite(SetCookie.SameSite.NONE);
            assertThrows(IllegalStateException.class, c::header);
            assertEquals("c=v; Secure; SameSite=None", c.withSecure(true).headerValue());
        }

        @Test
        void aSecurePrefixNeedsSecure() {
            assertThrows(IllegalStateException.class, () -> SetCookie.of("__Secure-id", "v").header());
        }

        @Test
        void aHostPrefixNeedsSecureRootPathAndNoDomain() {
            SetCookie ok = SetCookie.of("__Host-id", "v").withSecure(true).withPath("/");
            assertEquals("__Host-id=v; Path=/; Secure", ok.headerValue());
            assertThrows(IllegalStateException.class, () -> ok.withPath("/x").header());
            assertThrows(IllegalStateException.class, () -> ok.withDomain("example.com").header());
            assertThrows(IllegalStateException.class, () -> ok.withSecure(false).header());
        }

        /**
         * RFC 6265bis (since draft 11) has browsers match the prefixes ignoring case: a {@code __HOST-id} cookie
         * without Secure, Path=/ or with a Domain is dropped by the browser as {@code __Host-id} is, so it must be
         * refused here too, not sent to vanish.
         */
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"__HOST-id", "__host-id", "__secure-id", "__SECURE-id"})
        void prefixesAreMatchedIgnoringCase(String name) {
            assertThrows(IllegalStateException.class, () -> SetCookie.of(name, "v").withPath("/").header());
            assertEquals(name + "=v; Path=/; Secure", SetCookie.of(name, "v").withSecure(true).withPath("/").headerValue());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"__HOST-id", "__host-id"})
        void aHostPrefixInAnyCaseNeedsRootPathAndNoDomain(String name) {
            SetCookie ok = SetCookie.of(name, "v").withSecure(true).withPath("/");
            assertThrows(IllegalStateException.class, () -> ok.withDomain("example.com").header());
            assertThrows(IllegalStateException.class, () -> ok.withPath("/x").header());
        }

        @Test
        void toStringNamesTheProblemInsteadOfThrowing() {
            String s = SetCookie.of("c", "v").withSameSite(SetCookie.SameSite.NONE).toString();
            assertTrue(s.contains("SameSite=None needs withSecure(true)"), s);
        }
    }

    @Test
    void headersBuiltThroughTheHelperPassTheCoreHeaderCheck() {
        assertEquals("Set-Cookie", SetCookie.of("a", "1").header().name());
        assertEquals(Headers.of("Set-Cookie", "a=1"), List.of(SetCookie.of("a", "1").header()));
    }
}
