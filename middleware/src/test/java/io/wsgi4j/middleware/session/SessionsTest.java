// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.DemoApp;
import io.wsgi4j.Headers;
import io.wsgi4j.Middleware;
import io.wsgi4j.middleware.request.Query;
import io.wsgi4j.middleware.request.SetCookie.SameSite;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionsTest {
    static final byte[] KEY = "k".repeat(32).getBytes(StandardCharsets.US_ASCII);
    static final byte[] OLD_KEY = "o".repeat(32).getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER_KEY = "x".repeat(32).getBytes(StandardCharsets.US_ASCII);
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    /**
     * A counter app: {@code ?logout} invalidates, then {@code ?set=v} stores "user"; otherwise it only
     * reads; the body is the user (or "-") and the visit count.
     */
    static final Application APP = (environ, sr) -> {
        Session s = Session.of(environ);
        var q = Query.parse(environ);
        if (q.has("logout")) {
            s.invalidate();
        }
        if (q.has("set")) {
            s.put("user", q.first("set"));
        }
        if (q.has("note")) {
            s.put("note", q.first("note"));
        }
        if (q.has("big")) {
            s.put("blob", "x".repeat(5000));
        }
        sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
        return Body.of(String.valueOf(s.get("user")));
    };

    static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    static TestClient client(Middleware sessions) {
        return TestClient.of(sessions.wrap(APP));
    }

    static Middleware sessions() {
        return Sessions.builder(SignedCookieStore.of(KEY)).clock(at(NOW)).build();
    }

    /** The cookie value (name=value) from a Set-Cookie header. */
    static String cookieOf(TestResponse r) {
        String set = r.header("Set-Cookie");
        assertNotNull(set, "expected a Set-Cookie header");
        return set.substring(0, set.indexOf(';'));
    }

    @Nested
    class RoundTrip {
        @Test
        void aStoredValueComesBackWithTheCookie() {
            TestResponse first = client(sessions()).get("/?set=alice").send();
            String set = first.header("Set-Cookie");
            assertTrue(set.startsWith("session="), set);
            assertTrue(set.endsWith("; Path=/; Max-Age=1209600; HttpOnly; Secure; SameSite=Lax"), set);
            TestResponse second = client(sessions()).get("/").header("Cookie", cookieOf(first)).send();
            assertEquals("alice", second.text());
        }

        @Test
        void aClientWithACookieJarKeepsItsSessionUntilLogout() {
            TestClient browser = client(sessions());
            browser.get("/?set=carol").send();
            assertEquals("carol", browser.get("/").send().text());
            browser.get("/?logout").send();
            assertNull(browser.cookie("session"));
            assertEquals("null", browser.get("/").send().text());
        }

        @Test
        void anUnchangedSessionIsNotRewritten() {
            String cookie = cookieOf(client(sessions()).get("/?set=alice").send());
            TestResponse r = client(sessions()).get("/").header("Cookie", cookie).send();
            assertNull(r.header("Set-Cookie"));
            assertEquals("Cookie", r.header("Vary"));
        }

        @Test
        void puttingTheSameValueAgainIsNoChange() {
            String cookie = cookieOf(client(sessions()).get("/?set=alice").send());
            assertNull(client(sessions()).get("/?set=alice").header("Cookie", cookie).send().header("Set-Cookie"));
        }

        @Test
        void aNewEmptySessionSendsNoCookie() {
            TestResponse r = client(sessions()).get("/").send();
            assertNull(r.header("Set-Cookie"));
            assertEquals("null", r.text());
        }

        @Test
        void anAppThatNeverTouchesTheSessionGetsNoVary() {
            Application app = sessions().wrap((environ, sr) -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/plain", "Vary", "Accept"));
                return Body.of("hi");
            });
            assertEquals("Accept", TestClient.of(app).get("/").send().header("Vary"));
        }

        @Test
        void varyIsMergedWithTheAppsOwn() {
            Application app = sessions().wrap((environ, sr) -> {
                Session.of(environ).get("x");
                sr.start("200 OK", Headers.of("Content-Type", "text/plain", "Vary", "Accept"));
                return Body.of("hi");
            });
            assertEquals("Accept, Cookie", TestClient.of(app).get("/").send().header("Vary"));
        }

        /** RFC 9110 section 5.3: two Vary field lines are one list; adding Cookie must not drop either. */
        @Test
        void varyKeepsEveryVaryFieldLineOfTheApp() {
            Application app = sessions().wrap((environ, sr) -> {
                Session.of(environ).get("x");
                sr.start("200 OK", Headers.of("Content-Type", "text/plain", "Vary", "Accept", "Vary",
                        "Accept-Language"));
                return Body.of("hi");
            });
            assertEquals(List.of("Accept, Cookie", "Accept-Language"), TestClient.of(app).get("/").send().headers("Vary"));
            Application listed = sessions().wrap((environ, sr) -> {
                Session.of(environ).get("x");
                sr.start("200 OK", Headers.of("Content-Type", "text/plain", "Vary", "Accept", "Vary", "cookie"));
                return Body.of("hi");
            });
            assertEquals(List.of("Accept", "cookie"), TestClient.of(listed).get("/").send().headers("Vary"));
        }

        @Test
        void invalidatingDeletesTheCookie() {
            String cookie = cookieOf(client(sessions()).get("/?set=alice").send());
            String set = client(sessions()).get("/?logout").header("Cookie", cookie).send().header("Set-Cookie");
            assertTrue(set.startsWith("session=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970"), set);
        }
    }

    /**
     * RFC 9111 sections 3 and 5.2.2.7, RFC 6265 section 8: a response that sets or deletes the session
     * cookie carries one user's credential, so no shared cache may store it; whatever the application
     * says, such a response leaves Sessions marked {@code private} (or {@code no-store}).
     */
    @Nested
    class SharedCaches {
        /** Stores "user" from {@code ?set=}, or logs out on {@code ?logout}, and answers with {@code appHeaders}. */
        private TestResponse send(String query, String cookie, String... appHeaders) {
            Application app = sessions().wrap((environ, sr) -> {
                Session s = Session.of(environ);
                var q = Query.parse(environ);
                if (q.has("logout")) {
                    s.invalidate();
                }
                if (q.has("set")) {
                    s.put("user", q.first("set"));
                }
                List<io.wsgi4j.Header> headers = new java.util.ArrayList<>(Headers.of("Content-Type", "text/plain"));
                headers.addAll(Headers.of(appHeaders));
                sr.start("200 OK", headers);
                return Body.of("hi");
            });
            var request = TestClient.of(app).get("/?" + query);
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            return request.send();
        }

        @Test
        void aNewSessionCookieIsMarkedPrivate() {
            TestResponse r = send("set=alice", null);
            assertNotNull(r.header("Set-Cookie"));
            assertEquals(List.of("private"), r.headers("Cache-Control"));
        }

        @Test
        void aDeletedSessionCookieIsMarkedPrivateToo() {
            String cookie = cookieOf(send("set=alice", null));
            TestResponse r = send("logout", cookie);
            assertTrue(r.header("Set-Cookie").contains("Max-Age=0"), r.header("Set-Cookie"));
            assertEquals(List.of("private"), r.headers("Cache-Control"));
        }

        @Test
        void publicAndSharedMaxAgeGiveWayToPrivateAndTheRestIsKept() {
            assertEquals(List.of("private, max-age=600"),
                    send("set=alice", null, "Cache-Control", "public, max-age=600").headers("Cache-Control"));
            assertEquals(List.of("private, max-age=60, must-revalidate"), send("set=alice", null,
                    "Cache-Control", "s-maxage=3600, max-age=60", "Cache-Control", "must-revalidate").headers("Cache-Control"));
        }

        /** RFC 9111 section 4.3.4: a no-cache response may be stored and served again after a 304, Set-Cookie and all. */
        @Test
        void noCacheIsNotEnoughAndGetsPrivate() {
            assertEquals(List.of("private, no-cache"),
                    send("set=alice", null, "Cache-Control", "no-cache").headers("Cache-Control"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"no-store", "private, max-age=0", "max-age=0, PRIVATE", "no-cache, no-store, must-revalidate",
            "private=\"Set-Cookie\", max-age=60"})
        void aResponseNoSharedCacheMayStoreIsLeftAsItIs(String cacheControl) {
            assertEquals(List.of(cacheControl), send("set=alice", null, "Cache-Control", cacheControl).headers("Cache-Control"));
        }

        @Test
        void aPrivateListingOtherFieldsOnlyIsMadeWhole() {
            assertEquals(List.of("private, max-age=60"), send("set=alice", null,
                    "Cache-Control", "private=\"X-Token\", max-age=60").headers("Cache-Control"));
        }

        @Test
        void aResponseWithoutSetCookieKeepsTheAppsCaching() {
            String cookie = cookieOf(send("set=alice", null));
            TestResponse r = send("", cookie, "Cache-Control", "public, max-age=60");
            assertNull(r.header("Set-Cookie"));
            assertEquals(List.of("public, max-age=60"), r.headers("Cache-Control"));
            assertEquals("Cookie", r.header("Vary"), "the body may depend on the session: caches key it on the cookie");
            assertEquals(List.of(), send("", cookie).headers("Cache-Control"));
        }
    }

    /** A memory store that lists the keys it holds and every key a write gave out. */
    static final class RecordingStore implements SessionStore {
        final MemorySessionStore memory = MemorySessionStore.of(Duration.ofDays(1), 1000);
        /** Every key a write gave out, in order. */
        final List<String> written = new java.util.ArrayList<>();
        /** The keys written and not deleted since. */
        final List<String> live = new java.util.ArrayList<>();

        @Override
        public byte[] read(String key) {
            return memory.read(key);
        }

        @Override
        public String write(String key, byte[] data) {
            String k = memory.write(key, data);
            written.add(k);
            if (!live.contains(k)) {
                live.add(k);
            }
            return k;
        }

        @Override
        public String update(String key, byte[] data) {
            return memory.update(key, data);
        }

        @Override
        public void delete(String key) {
            live.remove(key);
            memory.delete(key);
        }
    }

    /**
     * An error page that replaces a started response calls start_response a second time: the session is
     * saved again under the key the first save gave it, not under a second key (the first would be left
     * in the store, orphaned, until it expires), and a session logged out meanwhile stays out.
     */
    @Nested
    class StartedAgainByAnErrorPage {
        private final RecordingStore counting = new RecordingStore();
        private final List<String> written = counting.written;
        private final MemorySessionStore memory = counting.memory;

        /** Runs {@code before} on the request's session, starts a 200, and fails before the body's first byte. */
        private TestClient failingAfterStart(java.util.function.Consumer<Session> before) {
            Application app = (environ, sr) -> {
                before.accept(Session.of(environ));
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return () -> new java.util.Iterator<byte[]>() {
                    @Override
                    public boolean hasNext() {
                        return true;
                    }

                    @Override
                    public byte[] next() {
                        throw new IllegalStateException("the body failed before its first byte (the test's)");
                    }
                };
            };
            return TestClient.of(Sessions.builder(counting).clock(at(NOW)).build()
                    .wrap(io.wsgi4j.middleware.errors.ErrorCatcher.of().wrap(app))).allowErrors();
        }

        @Test
        void savesANewSessionUnderOneKey() {
            TestClient c = failingAfterStart(s -> s.put("user", "alice"));

            assertEquals(500, c.get("/").send().status());

            assertEquals(1, written.size(), "keys written: " + written);
            assertEquals(written.get(0), c.cookie("session"));
            assertNotNull(memory.read(written.get(0)));
        }

        @Test
        void keepsASessionLoggedOutMeanwhileOut() {
            String key = memory.write(null, "{\"e\":9999999999,\"d\":{\"user\":\"alice\"}}".getBytes(StandardCharsets.UTF_8));
            TestClient c = failingAfterStart(s -> {
                memory.delete(key); // another request with a copy of the cookie logs out while this one runs
                s.put("note", "written after the logout");
            });
            c.cookie("session", key);

            TestResponse r = c.get("/").send();

            assertEquals(500, r.status());
            assertEquals(List.of(), written, "no session was stored under a new key");
            assertNull(r.header("Set-Cookie"), "nothing sent: the logout deleted this browser's cookie already");
        }
    }

    /**
     * Session fixation (OWASP session management cheat sheet): at login the id must change, so that an id
     * planted before login is worth nothing; renew() does so keeping the values, but not the CSRF secret,
     * which whoever planted the session may know.
     */
    @Nested
    class Renew {
        private final RecordingStore server = new RecordingStore();

        @Test
        void aNewKeyKeepsTheValuesAndEndsTheOldOne() {
            TestClient b = TestClient.of(Sessions.builder(server).clock(at(NOW)).build().wrap((environ, sr) -> {
                Session s = Session.of(environ);
                String token = null;
                if (environ.pathInfo().equals("/form")) {
                    s.put("cart", List.of(7));
                    token = Csrf.token(environ);
                } else if (environ.pathInfo().equals("/login")) {
                    s.renew();
                    s.put("user", "alice");
                } else if (environ.pathInfo().equals("/check")) {
                    token = String.valueOf(Csrf.verify(environ, environ.queryString()));
                }
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return Body.of(token != null ? token : s.get("user") + " " + s.get("cart"));
            }));
            b.get("/form").send();
            String planted = b.cookie("session");
            String oldToken = b.get("/form").send().text();

            b.get("/login").send();

            String member = b.cookie("session");
            assertFalse(member.equals(planted), "the key changed at login");
            assertEquals(List.of(member), server.live, "the planted key was deleted from the store");
            assertEquals("alice [7]", b.get("/").send().text(), "the values came along");
            assertEquals("false", b.get("/check?" + oldToken).send().text(), "a CSRF token from before login fails");
            TestClient attacker = TestClient.of(Sessions.builder(server).clock(at(NOW)).build().wrap(APP));
            attacker.cookie("session", planted);
            assertEquals("null", attacker.get("/").send().text(), "the planted id finds nothing");
        }

        @Test
        void aNewEmptySessionStaysWithoutACookie() {
            Application app = Sessions.builder(server).clock(at(NOW)).build().wrap((environ, sr) -> {
                Session.of(environ).renew();
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return Body.of("hi");
            });
            assertNull(TestClient.of(app).get("/").send().header("Set-Cookie"));
            assertEquals(List.of(), server.written);
        }
    }

    /** A visitor's session in the cookie, a member's on the server (OWASP's pre-session, without server state). */
    @Nested
    class Visitors {
        private final RecordingStore server = new RecordingStore();
        private final List<String> serverKeys = server.live;

        private TestClient browser() {
            return client(Sessions.builder(server).visitorsIn(SignedCookieStore.of(KEY), "user").clock(at(NOW)).build());
        }

        @Test
        void aVisitorsSessionLivesInTheCookieAndNothingOnTheServer() {
            TestClient visitor = browser();
            visitor.get("/?note=csrf-secret").send();
            assertTrue(visitor.cookie("session").startsWith("v~"), visitor.cookie("session"));
            assertEquals(List.of(), serverKeys, "a visitor wrote nothing to the server's store");
            assertEquals("null", visitor.get("/").send().text());
        }

        @Test
        void loggingInMovesTheSessionToTheServerUnderANewKey() {
            TestClient b = browser();
            b.get("/?note=before").send();
            String visitorCookie = b.cookie("session");

            b.get("/?set=alice").send();

            String member = b.cookie("session");
            assertFalse(member.startsWith("v~"), member);
            assertEquals(List.of(member), serverKeys);
            assertEquals("alice", b.get("/").send().text());
            assertEquals("alice", TestClient.of(Sessions.builder(server).visitorsIn(SignedCookieStore.of(KEY), "user")
                    .clock(at(NOW)).build().wrap(APP)).get("/").header("Cookie", "session=" + member).send().text());
            assertTrue(visitorCookie.startsWith("v~"), visitorCookie);
        }

        @Test
        void loggingOutEndsTheServerSessionForEveryCopyOfItsCookie() {
            TestClient b = browser();
            b.get("/?set=alice").send();
            String member = b.cookie("session");

            b.get("/?logout&note=after").send();

            assertEquals(List.of(), serverKeys, "the member's session was deleted from the server");
            assertTrue(b.cookie("session").startsWith("v~"), "the visitor that remains is in the cookie");
            TestClient copy = browser();
            copy.cookie("session", member);
            assertEquals("null", copy.get("/").send().text());
        }

        @Test
        void aForgedVisitorCookieIsAnEmptySession() {
            TestClient b = browser();
            b.cookie("session", "v~" + Base64.getUrlEncoder().encodeToString("{\"e\":9999999999,\"d\":{\"user\":\"root\"}}"
                    .getBytes(StandardCharsets.UTF_8)) + ".forged");
            assertEquals("null", b.get("/").send().text());
        }

        @Test
        void printsAsTheBuilderCode() {
            String printed = Sessions.builder(MemorySessionStore.of(Duration.ofDays(1), 10))
                    .visitorsIn(SignedCookieStore.of(KEY), "user").build().toString();
            assertTrue(printed.contains(".visitorsIn(SignedCookieStore.of(<key>), \"user\")"), printed);
        }

        @Test
        void refusesAnEmptyMemberKey() {
            assertThrows(IllegalArgumentException.class,
                    () -> Sessions.builder(server).visitorsIn(SignedCookieStore.of(KEY), ""));
        }
    }

    @Nested
    class BadCookies {
        @Test
        void aTamperedPayloadGivesAnEmptySession() {
            String cookie = cookieOf(client(sessions()).get("/?set=alice").send());
            String value = cookie.substring("session=".length());
            String payload = new String(Base64.getUrlDecoder().decode(value.substring(0, value.indexOf('.'))),
                    StandardCharsets.UTF_8);
            String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    payload.replace("alice", "admin").getBytes(StandardCharsets.UTF_8));
            TestResponse r = client(sessions()).get("/")
                    .header("Cookie", "session=" + forged + value.substring(value.indexOf('.'))).send();
            assertEquals(200, r.status());
            assertEquals("null", r.text());
        }

        @ParameterizedTest(name = "session={0}")
        @ValueSource(strings = {"", ".", "abc", "abc.", ".abc", "a.b.c", "!!!.???", "eyJ9.AAAA",
            "e30.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
        void garbageGivesAnEmptySessionNotAnError(String value) {
            TestResponse r = client(sessions()).get("/").header("Cookie", "session=" + value).send();
            assertEquals(200, r.status());
            assertEquals("null", r.text());
        }

        @Test
        void aTruncatedCookieGivesAnEmptySession() {
            String cookie = cookieOf(client(sessions()).get("/?set=alice").send());
            for (int cut : new int[] {1, 5, 20, cookie.length() - 12}) {
                String truncated = cookie.substring(0, cookie.length() - cut);
                assertEquals("null", client(sessions()).get("/").header("Cookie", truncated).send().text(), truncated);
            }
        }

        @Test
        void anExpiredCookieGivesAnEmptySession() {
            Middleware early = Sessions.builder(SignedCookieStore.of(KEY)).clock(at(NOW)).maxAge(Duration.ofMinutes(30)).build();
            String cookie = cookieOf(client(early).get("/?set=alice").send());
            Middleware justBefore = Sessions.builder(SignedCookieStore.of(KEY)).clock(at(NOW.plusSeconds(30 * 60 - 1))).build();
            Middleware atExpiry = Sessions.builder(SignedCookieStore.of(KEY)).clock(at(NOW.plusSeconds(30 * 60))).build();
            assertEquals("alice", client(justBefore).get("/").header("Cookie", cookie).send().text());
            assertEquals("null", client(atExpiry).get("/").header("Cookie", cookie).send().text());
        }

        @Test
        void aCookieSignedWithAnotherKeyGivesAnEmptySession() {
            Middleware other = Sessions.builder(SignedCookieStore.of(OTHER_KEY)).clock(at(NOW)).build();
            String cookie = cookieOf(client(other).get("/?set=alice").send());
            assertEquals("null", client(sessions()).get("/").header("Cookie", cookie).send().text());
        }

        @Test
        void aBadCookieIsNotRewrittenUnlessTheSessionChanges() {
            assertNull(client(sessions()).get("/").header("Cookie", "session=junk").send().header("Set-Cookie"));
        }
    }

    @Nested
    class KeyRotation {
        @Test
        void aCookieSignedWithAnOlderKeyIsStillAccepted() {
            Middleware before = Sessions.builder(SignedCookieStore.of(OLD_KEY)).clock(at(NOW)).build();
            String cookie = cookieOf(client(before).get("/?set=alice").send());
            Middleware after = Sessions.builder(SignedCookieStore.of(KEY, OLD_KEY)).clock(at(NOW)).build();
            assertEquals("alice", client(after).get("/").header("Cookie", cookie).send().text());
        }

        @Test
        void aChangedSessionIsResignedWithTheNewKey() {
            Middleware after = Sessions.builder(SignedCookieStore.of(KEY, OLD_KEY)).clock(at(NOW)).build();
            String cookie = cookieOf(client(after).get("/?set=bob").send());
            assertEquals("bob", client(sessions()).get("/").header("Cookie", cookie).send().text(),
                    "the new key alone verifies it");
        }

        @Test
        void aRetiredKeyNoLongerVerifies() {
            Middleware before = Sessions.builder(SignedCookieStore.of(OLD_KEY)).clock(at(NOW)).build();
            String cookie = cookieOf(client(before).get("/?set=alice").send());
            assertEquals("null", client(sessions()).get("/").header("Cookie", cookie).send().text());
        }
    }

    @Nested
    class Options {
        @Test
        void cookieAttributesFollowTheBuilder() {
            Middleware m = Sessions.builder(SignedCookieStore.of(KEY)).clock(at(NOW)).cookieName("sid").path("/app")
                    .domain("example.com").maxAge(Duration.ofHours(1)).httpOnly(false).secure(false)
                    .sameSite(SameSite.STRICT).build();
            String set = client(m).get("/?set=a").send().header("Set-Cookie");
            assertTrue(set.startsWith("sid="), set);
            assertTrue(set.endsWith("; Path=/app; Domain=example.com; Max-Age=3600; SameSite=Strict"), set);
        }

        /** RFC 6265bis section 4.1.3.2: the name the javadoc recommends works end to end, deletion included. */
        @Test
        void aHostPrefixedCookieNameWorksEndToEnd() {
            TestClient browser = client(Sessions.builder(SignedCookieStore.of(KEY)).clock(at(NOW)).cookieName("__Host-session")
                    .build());
            TestResponse login = browser.get("/?set=alice").send();
            assertTrue(login.header("Set-Cookie").startsWith("__Host-session="), login.header("Set-Cookie"));
            assertTrue(login.header("Set-Cookie").endsWith("; Path=/; Max-Age=1209600; HttpOnly; Secure; SameSite=Lax"),
                    login.header("Set-Cookie"));
            assertEquals("alice", browser.get("/").send().text());
            String logout = browser.get("/?logout").send().header("Set-Cookie");
            assertTrue(logout.startsWith("__Host-session=; Path=/; Max-Age=0;") && logout.contains("; Secure"), logout);
            assertNull(browser.cookie("__Host-session"));
            assertThrows(IllegalArgumentException.class, () -> Sessions.builder(SignedCookieStore.of(KEY))
                    .cookieName("__Host-session").secure(false).build(), "browsers drop a __Host- cookie without Secure");
        }

        /** Browsers match the prefix ignoring case (RFC 6265bis since draft 11): the builder refuses as they would drop. */
        @Test
        void aHostPrefixInAnotherCaseIsCheckedToo() {
            assertThrows(IllegalArgumentException.class, () -> Sessions.builder(SignedCookieStore.of(KEY))
                    .cookieName("__HOST-session").path("/app").build(), "browsers drop a __HOST- cookie with Path=/app");
        }

        @Test
        void aSessionTooBigForACookieFailsWithAClearMessage() {
            TestResponse r = client(sessions()).allowErrors().get("/?big").send();
            assertEquals(500, r.status());
            assertTrue(r.errors().contains("store less in the session"), r.errors());
        }

        @ParameterizedTest(name = "{0} bytes")
        @ValueSource(ints = {0, 16, 31})
        void aShortKeyIsRejected(int length) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Sessions.builder(SignedCookieStore.of(new byte[length])));
            assertTrue(e.getMessage().contains("at least 32 bytes"), e.getMessage());
        }

        @Test
        void aKeyOfOnlyZeroBytesIsRejected() {
            // new byte[32] never filled: long enough, but anyone can sign a session with it
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SignedCookieStore.of(new byte[32]));
            assertTrue(e.getMessage().contains("only zero bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("new SecureRandom().nextBytes(key)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> SignedCookieStore.of(KEY, new byte[64]));
            assertThrows(IllegalArgumentException.class, () -> SessionCodec.sign(new byte[1], new byte[32]));
        }

        @Test
        void aShortOlderKeyIsRejectedToo() {
            assertThrows(IllegalArgumentException.class, () -> Sessions.builder(SignedCookieStore.of(KEY, new byte[8])));
        }

        @Test
        void contradictoryCookieOptionsAreRejectedAtBuild() {
            assertThrows(IllegalArgumentException.class,
                    () -> Sessions.builder(SignedCookieStore.of(KEY)).secure(false).sameSite(SameSite.NONE).build());
            assertThrows(IllegalArgumentException.class,
                    () -> Sessions.builder(SignedCookieStore.of(KEY)).cookieName("__Host-s").path("/app").build());
            assertThrows(IllegalArgumentException.class, () -> Sessions.builder(SignedCookieStore.of(KEY)).cookieName("a;b"));
            assertThrows(IllegalArgumentException.class, () -> Sessions.builder(SignedCookieStore.of(KEY)).maxAge(Duration.ZERO));
        }

        @Test
        void theKeyArrayIsCopied() {
            byte[] key = KEY.clone();
            Middleware m = Sessions.builder(SignedCookieStore.of(key)).clock(at(NOW)).build();
            String cookie = cookieOf(client(m).get("/?set=alice").send());
            Arrays.fill(key, (byte) 0);
            assertEquals("alice", client(m).get("/").header("Cookie", cookie).send().text());
        }

        @Test
        void toStringReadsLikeTheBuilderAndHidesKeys() {
            Middleware m = Sessions.builder(SignedCookieStore.of(KEY, OLD_KEY)).cookieName("sid").secure(false).build();
            assertEquals("Sessions.builder(SignedCookieStore.of(<key>, <older key>)).cookieName(\"sid\").secure(false).build()", m.toString());
            assertEquals("Sessions.of(SignedCookieStore.of(<key>)).wrap(" + DemoApp.INSTANCE + ")",
                    Sessions.builder(SignedCookieStore.of(KEY)).build().wrap(DemoApp.INSTANCE).toString());
            assertFalse(m.toString().contains("kkkk"));
        }
    }

    @Nested
    class PureHalves {
        @Test
        void storeAndLoadRoundTrip() {
            Session s = Session.empty().put("n", 42).put("tags", List.of("a", "b"));
            String value = Sessions.store(s, KEY, NOW.plusSeconds(60));
            Session back = Sessions.load(value, List.of(KEY), NOW);
            assertFalse(back.isNew());
            assertEquals(42, back.get("n", Integer.class));
            assertEquals("[\"a\",\"b\"]", back.get("tags"));
        }

        @Test
        void loadOfNothingIsANewSession() {
            assertTrue(Sessions.load(null, List.of(KEY), NOW).isNew());
        }
    }

    @Test
    void aChangeAfterStartResponseIsReportedNotLost() {
        Application app = sessions().wrap((environ, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            Session.of(environ).put("late", "x");
            return Body.of("ok");
        });
        TestResponse r = TestClient.of(app).allowErrors().get("/").send();
        assertNull(r.header("Set-Cookie"));
        assertTrue(r.errors().contains("changed after start_response"), r.errors());
    }
}
