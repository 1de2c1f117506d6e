// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wsgi4j.Environ;
import io.wsgi4j.Middleware;
import io.wsgi4j.handler.EnvironBuilder;
import io.wsgi4j.Body;
import io.wsgi4j.Header;
import io.wsgi4j.Status;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.Validator;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyFixTest {

    /** Runs {@code fix} over a request from 10.0.0.1 with {@code headers} and returns the environ the app saw. */
    private static Environ seen(Middleware fix, String... headers) throws Exception {
        EnvironBuilder b = new EnvironBuilder().remote("10.0.0.1", 4000).header("Host", "internal:8080");
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        Environ env = b.build();
        Environ[] seen = new Environ[1];
        fix.wrap((e, sr) -> {
            seen[0] = e.copy(); // as the application saw it: a prefix is undone when it returns
            return java.util.List.of();
        }).call(env, (s, h, x) -> data -> {});
        return seen[0];
    }

    private static Middleware all(int hops) {
        return ProxyFix.builder().trustedHops(hops).forwarded(true).xForwardedHost(true).xForwardedPrefix(true).build();
    }

    @Nested
    class XForwarded {
        @Test
        void takesClientSchemeHostAndPrefixFromOneTrustedProxy() throws Exception {
            Environ env = seen(all(1), "X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https",
                    "X-Forwarded-Host", "example.com", "X-Forwarded-Prefix", "/app/");
            assertEquals("203.0.113.7", env.remoteAddr());
            assertEquals("https", env.urlScheme());
            assertEquals("example.com", env.header("Host"));
            assertEquals("example.com", env.serverName());
            assertEquals("443", env.serverPort());
            assertEquals("/app", env.scriptName());
            assertEquals("https://example.com/app/", env.applicationUri());
        }

        @Test
        void keepsTheOriginals() throws Exception {
            Environ env = seen(all(1), "X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https",
                    "X-Forwarded-Host", "example.com:8443");
            assertEquals("10.0.0.1", env.get("wsgi4j.original.REMOTE_ADDR"));
            assertEquals("http", env.get("wsgi4j.original.wsgi.url_scheme"));
            assertEquals("internal:8080", env.get("wsgi4j.original.HTTP_HOST"));
            assertEquals("internal", env.get("wsgi4j.original.SERVER_NAME"));
            assertEquals("8080", env.get("wsgi4j.original.SERVER_PORT"));
            assertEquals("8443", env.serverPort());
        }

        @ParameterizedTest(name = "hops={0}: {1} -> {2}")
        @CsvSource(delimiter = '|', value = {
            "1 | 1.1.1.1, 2.2.2.2, 3.3.3.3 | 3.3.3.3",
            "2 | 1.1.1.1, 2.2.2.2, 3.3.3.3 | 2.2.2.2",
            "3 | 1.1.1.1, 2.2.2.2, 3.3.3.3 | 1.1.1.1",
            "4 | 1.1.1.1, 2.2.2.2, 3.3.3.3 | 10.0.0.1",
            "2 | 9.9.9.9                   | 10.0.0.1",
        })
        void countsTrustedHopsFromTheRight(int hops, String forwardedFor, String expected) throws Exception {
            assertEquals(expected, seen(all(hops), "X-Forwarded-For", forwardedFor).remoteAddr());
        }

        /**
         * What the client sent comes first and the trusted proxy's entry last: however many entries the
         * client writes, the one the proxy appended is used, never the proxy's own address in its stead.
         */
        @ParameterizedTest(name = "{0} client entries")
        @ValueSource(ints = {63, 64, 200})
        void aClientsLongListCannotHideTheEntryTheProxyAppended(int entries) throws Exception {
            String client = "6.6.6.6, ".repeat(entries);
            assertEquals("203.0.113.7", seen(ProxyFix.of(), "X-Forwarded-For", client + "203.0.113.7").remoteAddr());
            assertEquals("203.0.113.7", seen(all(2), "X-Forwarded-For", client + "203.0.113.7, 10.0.0.2").remoteAddr());
            assertEquals("https", seen(ProxyFix.of(), "X-Forwarded-Proto", "http, ".repeat(entries) + "https").urlScheme());
        }

        @ParameterizedTest(name = "[{0}]")
        @ValueSource(strings = {"not-an-ip", "1.2.3", "1.2.3.256", "evil.example.com", "::g", "1.2.3.4 5", ""})
        void ignoresMalformedAddresses(String value) throws Exception {
            assertEquals("10.0.0.1", seen(all(1), "X-Forwarded-For", value).remoteAddr());
        }

        @Test
        void acceptsIpv6Addresses() throws Exception {
            assertEquals("2001:db8::1", seen(all(1), "X-Forwarded-For", "2001:db8::1").remoteAddr());
        }

        @ParameterizedTest(name = "[{0}]")
        @ValueSource(strings = {"ftp", "javascript", "https extra", "HTTPS2"})
        void ignoresSchemesOtherThanHttpAndHttps(String value) throws Exception {
            assertEquals("http", seen(all(1), "X-Forwarded-Proto", value).urlScheme());
        }

        @ParameterizedTest(name = "[{0}]")
        @ValueSource(strings = {"evil.com/path", "a b", "evil.com\r\nSet-Cookie: a=1", "host:port", "host:123456", "[::1", "x@y", "under_score"})
        void ignoresMalformedHosts(String value) throws Exception {
            assertEquals("internal:8080", seen(all(1), "X-Forwarded-Host", value).header("Host"));
        }

        @ParameterizedTest(name = "[{0}]")
        @ValueSource(strings = {"app", "/a\r\nX: 1", "/a/../b", "/%2e%2e", "/a?b", "/a#b", "/a\\b", "/a%00"})
        void ignoresMalformedPrefixes(String value) throws Exception {
            assertEquals("", seen(all(1), "X-Forwarded-Prefix", value).scriptName());
        }

        /** A prefix becomes SCRIPT_NAME, and apps build redirects from it, so only a path may pass. */
        @ParameterizedTest(name = "X-Forwarded-Prefix [{0}] -> SCRIPT_NAME [{1}]")
        @CsvSource(delimiter = '|', value = {
            "/app                    | /app",
            "/app/                   | /app",
            "/a/b%20c                | /a/b c",
            "/a//b                   | /a//b",
            "/                       | ''",
            "//evil.example          | ''",
            "//evil.example/app      | ''",
            "///evil.example         | ''",
            "/%2fevil.example        | ''",
            "/%2Fevil.example        | ''",
            "/%5cevil.example        | ''",
            "/\\evil.example         | ''",
            "https://evil.example/   | ''",
            "javascript:alert(1)     | ''",
            "/a/%2e%2e/b             | ''",
            "/a/%2E%2e               | ''",
            "/a/.%2e                 | ''",
            "/a/%2e                  | ''",
            "/a/%252e%252e           | ''",
            "/a%0d%0aSet-Cookie:x=1  | ''",
            "/a%09b                  | ''",
            "/a%7fb                  | ''",
            "/a%zz                   | ''",
            "/a%                     | ''",
        })
        void acceptsOnlyAPathAsPrefix(String value, String scriptName) throws Exception {
            assertEquals(scriptName, seen(all(1), "X-Forwarded-Prefix", value).scriptName());
        }

        /** SPEC R2.16: whoever rewrites the path also rewrites the raw target, so a validator behind agrees. */
        @Test
        void putsThePrefixInFrontOfTheRawTargetToo() {
            TestClient client = TestClient.of(ProxyFix.builder().xForwardedPrefix(true).build().wrap(
                    Validator.DEFAULT.wrap((env, sr) -> {
                        sr.start(Status.OK, List.of(Header.of("Content-Type", "text/plain")));
                        return Body.of(env.scriptName() + " " + env.pathInfo() + " " + env.rawTarget());
                    })));
            assertEquals("/a b /x/y /a%20b/x%2Fy?q=1",
                    client.get("/x%2Fy?q=1").header("X-Forwarded-Prefix", "/a%20b/").send().text());
        }

        /** SPEC R6.1: a middleware that moves SCRIPT_NAME for the application restores it when it returns. */
        @Test
        void restoresScriptNameAndRawTargetWhenTheApplicationReturns() throws Exception {
            Environ env = new EnvironBuilder().target("/x?q=1").header("X-Forwarded-Prefix", "/app").build();
            String[] seen = new String[1];
            all(1).wrap((e, sr) -> {
                seen[0] = e.scriptName() + " " + e.rawTarget();
                return List.of();
            }).call(env, (s, h, x) -> data -> {});
            assertEquals("/app /app/x?q=1", seen[0]);
            assertEquals("", env.scriptName());
            assertEquals("/x?q=1", env.rawTarget());
        }

        @Test
        void ignoresHostAndPrefixUnlessEnabled() throws Exception {
            Environ env = seen(ProxyFix.builder().build(), "X-Forwarded-Host", "evil.com", "X-Forwarded-Prefix", "/x");
            assertEquals("internal:8080", env.header("Host"));
            assertEquals("", env.scriptName());
        }
    }

    @Nested
    class Forwarded {
        @Test
        void readsTheRfc7239Header() throws Exception {
            Environ env = seen(all(1), "Forwarded", "for=192.0.2.60;proto=https;host=example.com;by=203.0.113.43");
            assertEquals("192.0.2.60", env.remoteAddr());
            assertEquals("https", env.urlScheme());
            assertEquals("example.com", env.serverName());
        }

        @Test
        void readsQuotedIpv6NodesWithPorts() throws Exception {
            Environ env = seen(all(1), "Forwarded", "for=\"[2001:db8:cafe::17]:4711\"");
            assertEquals("2001:db8:cafe::17", env.remoteAddr());
        }

        @Test
        void picksTheElementTrustedHopsFromTheRight() throws Exception {
            Environ env = seen(all(2), "Forwarded", "for=1.1.1.1, for=2.2.2.2;proto=https, for=3.3.3.3");
            assertEquals("2.2.2.2", env.remoteAddr());
            assertEquals("https", env.urlScheme());
        }

        @Test
        void isOffByDefaultSoAClientsOwnHeaderCannotWinOverTheProxys() throws Exception {
            // one nginx in front appends X-Forwarded-For and sets X-Forwarded-Proto, and passes on the
            // client's Forwarded untouched: with Forwarded read, the client would choose its own address
            Environ env = seen(ProxyFix.of(), "Forwarded", "for=6.6.6.6;proto=https",
                    "X-Forwarded-For", "10.0.0.5", "X-Forwarded-Proto", "http");
            assertEquals("10.0.0.5", env.remoteAddr());
            assertEquals("http", env.urlScheme());
        }

        @Test
        void winsOverXForwardedHeaders() throws Exception {
            assertEquals("5.5.5.5", seen(all(1), "Forwarded", "for=5.5.5.5", "X-Forwarded-For", "6.6.6.6").remoteAddr());
        }

        @ParameterizedTest(name = "[{0}]")
        @ValueSource(strings = {"for=unknown", "for=_hidden", "for=\"unterminated", "for=1.1.1.1;for=2.2.2.2", "=x",
            "for"})
        void ignoresMalformedOrObfuscatedNodes(String value) throws Exception {
            assertEquals("10.0.0.1", seen(all(1), "Forwarded", value).remoteAddr());
        }

        /**
         * The proxy appends {@code , for=<client>} to whatever Forwarded the client sent (RFC 7239 section
         * 4): the client's part, however malformed, must not swallow the element the proxy wrote, or a
         * client could make itself the proxy's own address (often a loopback one) at will.
         */
        @ParameterizedTest(name = "[{0}]")
        @ValueSource(strings = {"for", "x", "for=6.6.6.6 for", "for=\"", "for=\"6.6.6.6", "for=6.6.6.6;for",
            "for=\"a\\\"b\"", "\"", ";;", "for=6.6.6.6, for=6.6.6.6,for=6.6.6.6"})
        void aClientsMalformedForwardedCannotSwallowTheProxysElement(String client) throws Exception {
            Middleware fix = ProxyFix.builder().forwarded(true).xForwardedFor(false).build();
            Environ env = seen(fix, "Forwarded", client + ", for=203.0.113.7;proto=https");
            assertEquals("203.0.113.7", env.remoteAddr());
            assertEquals("https", env.urlScheme());
            Middleware two = ProxyFix.builder().trustedHops(2).forwarded(true).xForwardedFor(false).build();
            assertEquals("203.0.113.7", seen(two, "Forwarded", client + ", for=203.0.113.7, for=10.0.0.2").remoteAddr());
        }

        @Test
        void aClientsLongForwardedCannotHideTheProxysElement() throws Exception {
            Middleware fix = ProxyFix.builder().forwarded(true).xForwardedFor(false).build();
            assertEquals("203.0.113.7", seen(fix, "Forwarded", "for=6.6.6.6, ".repeat(100) + "for=203.0.113.7").remoteAddr());
        }

        @ParameterizedTest(name = "[{0}]")
        @ValueSource(strings = {"for=\"203.0.113.7\"x=y", "for=203.0.113.7 proto=https", "f r=1;for=203.0.113.7",
            "for=203.0.113.7;;x", "for=\"203.0.113.7", ""})
        void anElementOfTheTrustedProxyThatIsNotRfc7239IsIgnored(String element) throws Exception {
            Middleware fix = ProxyFix.builder().forwarded(true).xForwardedFor(false).build();
            assertEquals("10.0.0.1", seen(fix, "Forwarded", "for=6.6.6.6, " + element).remoteAddr());
        }

        @Test
        void fallsBackToXForwardedWhenForwardedIsMalformed() throws Exception {
            assertEquals("6.6.6.6", seen(all(1), "Forwarded", "for=\"broken", "X-Forwarded-For", "6.6.6.6").remoteAddr());
        }

        @Test
        void ignoresForwardedWhenDisabled() throws Exception {
            Middleware fix = ProxyFix.builder().forwarded(false).build();
            assertEquals("10.0.0.1", seen(fix, "Forwarded", "for=5.5.5.5").remoteAddr());
        }
    }

    @Test
    void leavesTheEnvironAloneWithoutProxyHeaders() throws Exception {
        Environ env = seen(all(1));
        assertEquals("10.0.0.1", env.remoteAddr());
        assertNull(env.get("wsgi4j.original.REMOTE_ADDR"));
    }

    @Nested
    class Configuration {
        @ParameterizedTest
        @ValueSource(ints = {0, -1, 17})
        void rejectsHopCountsOutside1To16(int hops) {
            assertThrows(IllegalArgumentException.class, () -> ProxyFix.builder().trustedHops(hops));
        }

        @Test
        void refusesToBuildWithEveryHeaderOff() {
            assertThrows(IllegalStateException.class, () -> ProxyFix.builder().forwarded(false).xForwardedFor(false)
                    .xForwardedProto(false).build());
        }

        @Test
        void printsAsTheBuilderCode() {
            assertEquals("ProxyFix.of()", ProxyFix.builder().build().toString());
            assertEquals("ProxyFix.builder().trustedHops(2).forwarded(true).xForwardedHost(true).build()",
                    ProxyFix.builder().trustedHops(2).forwarded(true).xForwardedHost(true).build().toString());
        }
    }
}
