// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CookieJarTest {
    private final CookieJar jar = new CookieJar();

    @Nested
    class Storing {
        @Test
        void keepsNameAndValueAndUnquotesTheValue() {
            jar.receive("a=\"quoted value\"; HttpOnly; Secure; SameSite=Lax", "/");
            assertEquals(Map.of("a", "quoted value"), jar.asMap());
        }

        @Test
        void ignoresACookieWithoutAName() {
            jar.receive("=x", "/");
            jar.receive("novalue", "/");
            assertTrue(jar.asMap().isEmpty());
        }

        @Test
        void aNameOfSpacesIsNoNameEither() {
            // RFC 6265 section 5.2: the name is trimmed, and a cookie whose name is then empty is ignored
            jar.receive(" =x", "/");
            jar.receive("\t = x; Path=/", "/");
            assertTrue(jar.asMap().isEmpty());
            assertNull(jar.header("/"));
        }

        @Test
        void aDomainNeverCoversAnIpAddressOnlyTheAddressItself() {
            // RFC 6265 section 5.1.3: domain-matching by suffix is for host names
            jar.receive("a=1; Domain=0.0.1", CookieJar.Site.of("http", "10.0.0.1:8080", "/"));
            jar.receive("b=2; Domain=10.0.0.1", CookieJar.Site.of("http", "10.0.0.1", "/"));
            assertEquals(Map.of("b", "2"), jar.asMap());
            assertEquals("b=2", jar.header(CookieJar.Site.of("http", "10.0.0.1:80", "/")));
        }

        @Test
        void aNewCookieWithTheSameNameAndPathReplacesTheOld() {
            jar.receive("a=1", "/");
            jar.receive("a=2", "/");
            assertEquals("a=2", jar.header("/"));
        }

        @Test
        void anUnparsableMaxAgeOrExpiresIsIgnored() {
            jar.receive("a=1; Max-Age=soon; Expires=tomorrow", "/");
            assertEquals("a=1", jar.header("/"));
        }

        @Test
        void aMaxAgeThatDoesNotStartWithADigitOrMinusIsIgnored() {
            // RFC 6265 section 5.2.2: "+0" is no Max-Age at all, so the cookie is not deleted by it
            jar.receive("a=1; Max-Age=+0", "/");
            assertEquals("a=1", jar.header("/"));
        }
    }

    @Nested
    class Paths {
        @ParameterizedTest(name = "cookie path {0}, request {1} -> sent {2}")
        @CsvSource({
            "/admin,  /admin,         true",
            "/admin,  /admin/users,   true",
            "/admin,  /administrator, false",
            "/admin/, /admin/x,       true",
            "/,       /anything,      true",
            "/admin,  /,              false",
        })
        void aCookieIsSentOnRequestsUnderItsPath(String cookiePath, String requestPath, boolean sent) {
            jar.receive("a=1; Path=" + cookiePath, "/");
            assertEquals(sent ? "a=1" : null, jar.header(requestPath));
        }

        @Test
        void theDefaultPathIsTheDirectoryOfTheRequest() {
            jar.receive("a=1", "/shop/cart");
            assertNull(jar.header("/other"));
            assertEquals("a=1", jar.header("/shop/items"));
        }

        @Test
        void longerPathsAreSentFirst() {
            jar.receive("a=root; Path=/", "/");
            jar.receive("a=deep; Path=/x", "/");
            assertEquals("a=deep; a=root", jar.header("/x/y"));
        }
    }

    @Nested
    class Order {
        @Test
        void aReplacedCookieKeepsItsPlaceAsRfc6265KeepsItsCreationTime() {
            jar.receive("a=1", "/");
            jar.receive("b=2", "/");
            jar.receive("a=3", "/");
            assertEquals("a=3; b=2", jar.header("/"));
            assertEquals(java.util.List.of("a", "b"), java.util.List.copyOf(jar.asMap().keySet()));
        }

        @ParameterizedTest(name = "{0} then {1} -> {2}")
        @CsvSource({
            // by name, the cookie a server gets first (RFC 6265 5.4): the longer path, else the one set earlier
            "a=root; Path=/,  a=deep; Path=/x, deep",
            "a=deep; Path=/x, a=root; Path=/,  deep",
            "a=x; Path=/x,    a=y; Path=/y,    x",
        })
        void asMapKeepsForEachNameTheCookieAServerGetsFirst(String first, String second, String value) {
            jar.receive(first, "/");
            jar.receive(second, "/");
            assertEquals(Map.of("a", value), jar.asMap());
        }

        @Test
        void aReplacedCookieStillCountsAsSetWhenItFirstWas() {
            jar.receive("a=x; Path=/x", "/");
            jar.receive("a=y; Path=/y", "/");
            jar.receive("a=x2; Path=/x", "/");
            assertEquals(Map.of("a", "x2"), jar.asMap());
        }
    }

    @Nested
    class Expiry {
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "a=1; Max-Age=0",
            "a=1; Max-Age=-1",
            "a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
            "a=1; Expires=Thu, 01-Jan-1970 00:00:00 GMT",   // Netscape, as many frameworks still send it
            "a=1; Expires=Thursday, 01-Jan-70 00:00:00 GMT", // RFC 850
            "a=1; Expires=Thu Jan  1 00:00:00 1970",         // asctime
            "a=1; Expires=Wed, 31-Dec-1969 23:59:59 GMT",
            "a=1; Expires=Thu, 01 Jan 1970 1a:00:00 00:00:00 GMT", // a token that is not the time is skipped
        })
        void anExpiryInThePastDeletesTheCookie(String setCookie) {
            jar.set("a", "old");
            jar.receive(setCookie + "; Path=/", "/");
            assertNull(jar.header("/"));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "Fri, 01-Jan-2100 00:00:00 GMT",
            "Friday, 01-Jan-37 00:00:00 GMT",
            "Fri Jan  1 00:00:00 2100",
            "1 jan 2100 00:00:00",
        })
        void aFutureExpiryInAnyCookieDateFormKeepsTheCookie(String date) {
            jar.receive("a=1; Expires=" + date, "/");
            assertEquals("a=1", jar.header("/"));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "Thu, 30 Feb 1970 00:00:00 GMT",
            "Thu, 01 Jan 1970 24:00:00 GMT",
            "Thu, 01 Jan 1600 00:00:00 GMT",
            "Thu, 01 Jan 1970",
            "Thu, 01 Jan 1970 1a:00:00 GMT", // not a time-field: no time at all, not a NumberFormatException
            "Thu, 01 Jan 1970 00:0b:00 GMT",
        })
        void anImpossibleExpiryIsIgnored(String date) {
            jar.receive("a=1; Expires=" + date, "/");
            assertEquals("a=1", jar.header("/"));
        }

        @Test
        void anExpiryInTheFutureKeepsTheCookie() {
            jar.receive("a=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT", "/");
            jar.receive("b=2; Max-Age=60", "/");
            assertEquals("a=1; b=2", jar.header("/"));
        }
    }

    @Test
    void setAndClearManageTheJarDirectly() {
        jar.set("s", "1");
        assertEquals("s=1", jar.header("/deep/path"));
        jar.clear();
        assertNull(jar.header("/"));
    }
}
